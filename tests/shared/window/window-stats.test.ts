import { describe, expect, it } from 'vitest';
import { ArticleIds } from '../../../shared/window/article-ids.ts';
import { aggregateHour } from '../../../shared/window/hour-aggregate.ts';
import { decodeHourCounts, hourCountsFromAggregate } from '../../../shared/window/hour-counts.ts';
import { encodeRollup } from '../../../shared/window/rollup-format.ts';
import { parseRankSettings } from '../../../shared/rank/rank-settings.ts';
import { windowStats } from '../../../shared/window/window-stats.ts';
import { hourKey } from '../../../shared/time.ts';

const H = 3_600_000;
const AT = Date.parse('2026-11-28T12:30:00Z');
const settings = parseRankSettings({});
const view = (sessionId: string, articleId: string, ts: number) => ({ sessionId, articleId, ts });

/** Three hours: two stored as rollups (decoded from text), the current one from its trail, as loadWindow does. */
function window() {
  const ids = new ArticleIds();
  const starts = [AT - 2.5 * H, AT - 1.5 * H, AT - 0.5 * H];
  const trails = [
    [view('s1', 'b', starts[0]! + 5 * 60_000), view('s1', 'a', starts[0]! + 15 * 60_000), view('s2', 'a', starts[0]! + 55 * 60_000)],
    [view('s3', 'c', starts[1]! + 1000), view('s3', 'a', starts[1]! + 2000)],
    [view('s4', 'a', starts[2]! + 1000), view('s4', 'b', starts[2]! + 20 * 60_000)],
  ];
  const none = { views: [], engagements: [] };
  const hours = starts.map((start, k) => {
    const aggregate = aggregateHour(hourKey(start), start, { views: trails[k]!, engagements: k === 2 ? [{ sessionId: 's4', articleId: 'a', seconds: 30, scrollDepth: 0.5, ts: start + 60_000 }] : [] }, k > 0 ? { views: trails[k - 1]!, engagements: [] } : none);
    const counts = k < 2 ? decodeHourCounts(aggregate.hour, encodeRollup(aggregate), ids) : hourCountsFromAggregate(aggregate, ids);
    return { start, counts };
  });
  return { at: AT, ids, hours, recentViews: [], ignoredViews: 0, readUnits: 0, writeUnits: 0, rollupsWritten: 0 };
}

describe('windowStats', () => {
  const stats = windowStats(window(), settings);

  it('counts views per article, in the order articles first appear', () => {
    expect([...stats.weeklyViews]).toEqual([['b', 2], ['a', 4], ['c', 1]]);
    expect([...stats.recentViews.keys()]).toEqual(['b', 'a', 'c']);
  });

  it('weighs each 10-minute slot by its age at the ranking time', () => {
    const halfLife = settings.popularNow.halfLifeMinutes * 60_000;
    // c: one view in the first slot of the hour that started 1.5 h before AT, taken at the slot's middle.
    expect(stats.decayedViews.get('c')).toBeCloseTo(2 ** (-(1.5 * H - 5 * 60_000) / halfLife), 12);
  });

  it('sums co-reads over the hours, both ways', () => {
    const partners = (id: string) => Object.fromEntries(stats.coReads.get(id) ?? []);
    // s1 (a, b), s4 (a, b) two hours later, s3 (a, c).
    expect(partners('a')).toEqual({ b: 2, c: 1 });
    expect(partners('b')).toEqual({ a: 2 });
  });

  it('sums engagement', () => {
    expect(stats.engagement.get('a')).toEqual([1, 30, 0.5]);
  });
});
