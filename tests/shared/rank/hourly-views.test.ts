import { describe, expect, it } from 'vitest';
import { hourlyViews } from '../../../shared/rank/hourly-views.ts';
import { ArticleIds } from '../../../shared/window/article-ids.ts';
import { emptyHourCounts } from '../../../shared/window/hour-counts.ts';
import type { RankWindow } from '../../../shared/window/load-window.ts';
import { HOUR_MS, hourKey } from '../../../shared/time.ts';

const AT = Date.parse('2026-11-30T10:20:00Z');
const H = (hoursAgo: number) => Date.parse('2026-11-30T10:00:00Z') - hoursAgo * HOUR_MS;

/** A window whose hours hold `views[article] = count`, spread over the hour's first slot. */
function windowOf(hours: { start: number; views: Record<string, number> }[]): RankWindow {
  const ids = ArticleIds.of(['a', 'b', 'c', 'constructor']);
  return {
    at: AT,
    ids,
    hours: hours.map(({ start, views }) => {
      const counts = emptyHourCounts(hourKey(start));
      const entries = Object.entries(views);
      counts.viewed = Int32Array.from(entries.map(([id]) => ids.positionOf(id)!));
      counts.slots = new Uint32Array(entries.length * 6);
      entries.forEach(([, n], i) => (counts.slots[i * 6] = n));
      return { start, counts };
    }),
    recentViews: [],
    ignoredViews: 0,
    readUnits: 0,
    writeUnits: 0,
    rollupsWritten: 0,
  };
}

const catalog: Record<string, { title: string; section?: string }> = { a: { title: 'A', section: 'world' }, b: { title: 'B', section: 'sport' }, c: { title: 'C' }, constructor: { title: 'Hostile', section: 'world' } };

describe('hourlyViews', () => {
  it('counts views per hour for the last 48 hours, the site, each section and the articles most read in the last 6 hours', () => {
    const views = hourlyViews(
      windowOf([
        { start: H(50), views: { a: 100 } }, // before the 48 hours: left out
        { start: H(47), views: { a: 5, b: 1 } },
        { start: H(10), views: { c: 50 } }, // read, but not in the last 6 hours
        { start: H(1), views: { a: 2, b: 7, constructor: 1 } },
        { start: H(0), views: { b: 3 } },
      ]),
      (id) => catalog[id],
    );
    expect(views.hours).toHaveLength(48);
    expect(views.hours[0]).toBe(new Date(H(47)).toISOString());
    expect(views.hours[47]).toBe(new Date(H(0)).toISOString());
    expect(views.total[0]).toBe(6);
    expect(views.total[37]).toBe(50);
    expect(views.total.slice(-2)).toEqual([10, 3]);
    expect(views.total.reduce((x, y) => x + y, 0)).toBe(69);
    expect(views.sections.map((s) => [s.section, s.views.reduce((x, y) => x + y, 0)])).toEqual([['sport', 11], ['world', 8]]);
    expect(views.articles.map((a) => [a.articleId, a.title, a.views.slice(-2)])).toEqual([
      ['b', 'B', [7, 3]],
      ['a', 'A', [2, 0]],
      ['constructor', 'Hostile', [1, 0]],
    ]);
  });
});
