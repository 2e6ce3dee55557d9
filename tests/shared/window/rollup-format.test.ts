import { describe, expect, it } from 'vitest';
import { ArticleIds } from '../../../shared/window/article-ids.ts';
import { emptyAggregate, pairKey, type HourAggregate } from '../../../shared/window/hour-aggregate.ts';
import { encodeRollup } from '../../../shared/window/rollup-format.ts';
import { decodeAggregate } from '../../support/rollup-decode.ts';
import { decodeHourCounts, hourCountsFromAggregate, type HourCounts } from '../../../shared/window/hour-counts.ts';

const HOUR = '2026-11-28T10';

/** A busy hour: ids with the characters ids may hold, counts past base-36 digits, many pairs of one article. */
function busyHour(): HourAggregate {
  const agg = emptyAggregate(HOUR);
  for (let i = 0; i < 700; i++) agg.views.set(`story-${i}.v2:x~`, [i % 3, 0, 40 + i, 0, 0, i % 2]);
  agg.views.set('quiet', [0, 0, 0, 0, 0, 0]);
  for (let i = 0; i < 300; i++) agg.engagement.set(`story-${i}.v2:x~`, [1 + (i % 4), 35 * i, 0.125 * (i % 9)]);
  for (let i = 1; i < 650; i++) agg.pairs.set(pairKey('story-0.v2:x~', `story-${i}.v2:x~`), 1 + (i % 5));
  agg.pairs.set(pairKey('late-a', 'late-b'), 1); // articles only in a pair (read in the hour before)
  return agg;
}

/** The version 1 text of an aggregate (what rollups written before version 2 hold). */
function versionOne(agg: HourAggregate): string[] {
  return [
    ...[...agg.views].map(([a, slots]) => `v\t${a}\t${slots.join(',')}`),
    ...[...agg.engagement].map(([a, [n, s, d]]) => `e\t${a}\t${n}\t${s}\t${d}`),
    ...[...agg.pairs].map(([key, n]) => `p\t${key}\t${n}`),
  ];
}

/** HourCounts with article ids instead of positions, for comparing decodings with different numberings. */
function named(counts: HourCounts, ids: ArticleIds) {
  return {
    views: [...counts.viewed].map((a, v) => [ids.ids[a], ...counts.slots.slice(6 * v, 6 * v + 6)]),
    engagement: [...counts.engaged].map((a, e) => [ids.ids[a], ...counts.engagement.slice(3 * e, 3 * e + 3)]),
    pairs: [...counts.pairSessions].map((n, p) => [pairKey(ids.ids[counts.pairs[2 * p]!]!, ids.ids[counts.pairs[2 * p + 1]!]!), n]),
  };
}

describe('rollup text', () => {
  it('round-trips a busy hour, in lines of bounded length', () => {
    const agg = busyHour();
    const lines = encodeRollup(agg);
    expect(decodeAggregate(HOUR, lines)).toEqual(agg);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(20_000);
  });

  it('keeps the views ignored as automation, and can skip pairs without reading them', () => {
    const agg = { ...busyHour(), ignoredViews: 1970 };
    expect(decodeAggregate(HOUR, encodeRollup(agg))).toEqual(agg);
    const ids = new ArticleIds();
    const counts = decodeHourCounts(HOUR, encodeRollup(agg), ids, { pairs: false });
    expect(counts.ignoredViews).toBe(1970);
    expect(counts.pairSessions.length).toBe(0);
    expect(counts.viewed.length).toBe(agg.views.size);
  });

  it('decodes only the articles of a closed set of ids', () => {
    const agg = busyHour();
    const ids = ArticleIds.of(['story-0.v2:x~', 'story-1.v2:x~']);
    const counts = decodeHourCounts(HOUR, encodeRollup(agg), ids);
    expect(ids.size).toBe(2);
    expect([...counts.viewed]).toEqual([0, 1]);
    expect(counts.pairSessions.length).toBe(1); // story-0 with story-1
  });

  it('still reads version 1 rollups', () => {
    const agg = busyHour();
    expect(decodeAggregate(HOUR, versionOne(agg))).toEqual(agg);
    const fromText = new ArticleIds();
    const fromAggregate = new ArticleIds();
    expect(named(decodeHourCounts(HOUR, versionOne(agg), fromText), fromText)).toEqual(named(hourCountsFromAggregate(agg, fromAggregate), fromAggregate));
  });

  it('decodes into the same counts, in the same order, as the aggregate it came from', () => {
    const agg = busyHour();
    const fromText = new ArticleIds();
    const fromAggregate = new ArticleIds();
    expect(named(decodeHourCounts(HOUR, encodeRollup(agg), fromText), fromText)).toEqual(named(hourCountsFromAggregate(agg, fromAggregate), fromAggregate));
  });

  it('names each article once, so a rollup is a fraction of version 1', () => {
    const agg = busyHour();
    const bytes = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
    expect(bytes(encodeRollup(agg))).toBeLessThan(bytes(versionOne(agg)) / 2);
  });
});
