import type { TrailView } from '../../../shared/window/trail-item.ts';
import { describe, expect, it } from 'vitest';
import { aggregateHour, pairKey } from '../../../shared/window/hour-aggregate.ts';
import { encodeRollup } from '../../../shared/window/rollup-format.ts';
import { decodeAggregate } from '../../support/rollup-decode.ts';

const H10 = Date.parse('2026-11-28T10:00:00Z');
const H9 = H10 - 3_600_000;
const view = (sessionId: string, articleId: string, ts: number) => ({ sessionId, articleId, ts });
const none = { views: [], engagements: [] };

describe('aggregateHour', () => {
  it('counts views per 10-minute slot', () => {
    const agg = aggregateHour('2026-11-28T10', H10, { views: [view('s1', 'a', H10 + 60_000), view('s2', 'a', H10 + 59 * 60_000), view('s3', 'b', H10)], engagements: [] }, none);
    expect(agg.views.get('a')).toEqual([1, 0, 0, 0, 0, 1]);
    expect(agg.views.get('b')).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('counts a co-read pair once per session, including across the hour boundary, never twice', () => {
    const previous = { views: [view('s1', 'a', H9 + 50 * 60_000), view('s1', 'b', H9 + 55 * 60_000)], engagements: [] };
    const current = { views: [view('s1', 'c', H10 + 5 * 60_000), view('s1', 'a', H10 + 40 * 60_000), view('s2', 'c', H10), view('s2', 'd', H10)], engagements: [] };
    const agg = aggregateHour('2026-11-28T10', H10, current, previous);
    // s1: c & a (this hour), c & b (across); a & b was counted in the previous hour.
    expect(Object.fromEntries(agg.pairs)).toEqual({ [pairKey('a', 'c')]: 1, [pairKey('b', 'c')]: 1, [pairKey('c', 'd')]: 1 });
  });

  it('adds only the increase of running engagement totals that continue from the previous hour, capped', () => {
    const previous = { views: [view('s1', 'a', H9)], engagements: [{ sessionId: 's1', articleId: 'a', seconds: 60, scrollDepth: 0.3, ts: H9 }] };
    const current = {
      views: [view('s2', 'a', H10)],
      engagements: [
        { sessionId: 's1', articleId: 'a', seconds: 100, scrollDepth: 0.9, ts: H10 },
        { sessionId: 's2', articleId: 'a', seconds: 5000, scrollDepth: 1, ts: H10 },
      ],
    };
    const [n, seconds, depth] = aggregateHour('2026-11-28T10', H10, current, previous).engagement.get('a')!;
    expect(n).toBe(1); // s1's page view was already counted in the previous hour
    expect(seconds).toBe(40 + 600);
    expect(depth).toBeCloseTo(0.6 + 1);
  });

  it('counts engagement only for a view the same visitor had counted in this hour or the one before', () => {
    const engaged = (sessionId: string, ts: number) => ({ sessionId, articleId: 'a', seconds: 300, scrollDepth: 1, ts });
    const previous = { views: [view('early', 'a', H9)], engagements: [] };
    const current = { views: [view('reader', 'a', H10)], engagements: [engaged('reader', H10 + 1), engaged('early', H10 + 2), engaged('never-viewed', H10 + 3), engaged('reader-of-b', H10 + 4)] };
    current.views.push(view('reader-of-b', 'b', H10));
    const [n, seconds] = aggregateHour('2026-11-28T10', H10, current, previous).engagement.get('a')!;
    expect(n).toBe(2);
    expect(seconds).toBe(600);
  });

  it('round-trips through its stored encoding', () => {
    const agg = aggregateHour('2026-11-28T10', H10, { views: [view('s1', 'a', H10), view('s1', 'b', H10)], engagements: [{ sessionId: 's1', articleId: 'a', seconds: 30, scrollDepth: 0.5, ts: H10 }] }, none);
    const back = decodeAggregate('2026-11-28T10', encodeRollup(agg));
    expect(back).toEqual(agg);
  });
});

describe('aggregateHour under counting rules', () => {
  const listed = new Set(Array.from({ length: 2000 }, (_, i) => `story-${i}`));
  const rules = { listed: (id: string) => listed.has(id), maxArticlesPerSession: 30, maxViewsPerAddressAndArticle: 10 };

  it('counts a session\'s first 30 distinct articles of the hour and ignores the rest as automation', () => {
    // One session claiming 2,000 articles: 1,999,000 co-read pairs uncapped.
    const views = Array.from({ length: 2000 }, (_, i) => view('bot-session', `story-${i}`, H10 + i * 1000));
    views.push(view('bot-session', 'story-3', H10 + 2_100_000)); // a view of an article it already counts
    const agg = aggregateHour('2026-11-28T10', H10, { views, engagements: [] }, none, rules);
    expect(agg.views.size).toBe(30);
    expect([...agg.views.keys()]).toEqual(Array.from({ length: 30 }, (_, i) => `story-${i}`));
    expect(agg.views.get('story-3')!.reduce((a, b) => a + b, 0)).toBe(2);
    expect(agg.ignoredViews).toBe(1970);
    expect(agg.pairs.size).toBe((30 * 29) / 2);
  });

  it('counts at most maxViewsPerAddressAndArticle views of an article from one address an hour, whatever visitors it claims', () => {
    // One address rotating User-Agents: 200 visitors, each once, of the same story; two readers elsewhere.
    const views: TrailView[] = Array.from({ length: 200 }, (_, i) => ({ ...view(`ua-${i}`, 'story-1', H10 + i * 1000), addressHash: 'office01' }));
    views.push({ ...view('elsewhere-1', 'story-1', H10 + 5), addressHash: 'home0001' }, view('imported', 'story-1', H10 + 6));
    views.push({ ...view('ua-0', 'story-2', H10 + 7), addressHash: 'office01' }); // another article from the same address still counts
    const agg = aggregateHour('2026-11-28T10', H10, { views, engagements: [] }, none, rules);
    expect(agg.views.get('story-1')!.reduce((a, b) => a + b, 0)).toBe(10 + 2);
    expect(agg.views.get('story-2')!.reduce((a, b) => a + b, 0)).toBe(1);
    expect(agg.ignoredViews).toBe(190);
  });

  it('counts a co-read once per address: visitors behind one address add one, readers elsewhere one each', () => {
    const read = (session: string, address: string | undefined, i: number): TrailView[] =>
      ['story-1', 'story-2'].map((articleId, k) => ({ ...view(session, articleId, H10 + i * 10_000 + k), ...(address ? { addressHash: address } : {}) }));
    const views = [
      ...Array.from({ length: 5 }, (_, i) => read(`ua-${i}`, 'office01', i)).flat(),
      ...read('home-a', 'home000a', 10),
      ...read('home-b', 'home000b', 11),
      ...read('imported', undefined, 12),
    ];
    const loose = { ...rules, maxViewsPerAddressAndArticle: 100 };
    expect(aggregateHour('2026-11-28T10', H10, { views, engagements: [] }, none, loose).pairs.get('story-1\tstory-2')).toBe(1 + 2 + 1);
  });

  it('leaves out articles outside the catalog, and the engagement of ignored page views', () => {
    const views = [view('s1', 'story-1', H10), view('s1', 'made-up', H10 + 1000), ...Array.from({ length: 40 }, (_, i) => view('s2', `story-${i}`, H10 + i * 1000))];
    const engagements = [
      { sessionId: 's1', articleId: 'made-up', seconds: 500, scrollDepth: 1, ts: H10 + 5000 },
      { sessionId: 's2', articleId: 'story-35', seconds: 500, scrollDepth: 1, ts: H10 + 50_000 },
      { sessionId: 's2', articleId: 'story-5', seconds: 60, scrollDepth: 0.5, ts: H10 + 50_000 },
    ];
    const agg = aggregateHour('2026-11-28T10', H10, { views, engagements }, none, rules);
    expect(agg.views.has('made-up')).toBe(false);
    expect([...agg.pairs.keys()].some((key) => key.includes('made-up'))).toBe(false);
    expect([...agg.engagement.keys()]).toEqual(['story-5']);
    expect(agg.ignoredViews).toBe(10);
  });
});
