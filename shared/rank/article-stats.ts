import type { ArticleStats } from '../lists/stats-item.ts';
import { SLOTS_PER_HOUR } from '../window/hour-aggregate.ts';
import type { RankWindow } from '../window/load-window.ts';

/**
 * Pure: per-article day counts from the window. Only days the window covers whole (or the day of `at`, up
 * to `at`) are given: a day that has left the window keeps the count it was last written with, so all-time
 * views are the sum of the stored days and never need an ever-growing counter that a replay could double.
 */
export function articleStats(window: RankWindow, weeklyViews: Map<string, number>): Map<string, ArticleStats> {
  const firstStart = window.hours[0]?.start ?? window.at;
  const ids = window.ids.ids;
  const out = new Map<string, ArticleStats>();
  const byPosition: (ArticleStats | undefined)[] = new Array(ids.length);
  for (const { start, counts } of window.hours) {
    const dayStart = start - (start % 86_400_000);
    if (dayStart < firstStart) continue; // partly outside the window
    const day = `d${counts.hour.slice(0, 10).replaceAll('-', '')}`;
    const { viewed, slots } = counts;
    for (let v = 0; v < viewed.length; v++) {
      const article = viewed[v]!;
      let stats = byPosition[article];
      if (!stats) {
        const articleId = ids[article]!;
        out.set(articleId, (stats = byPosition[article] = { days: {}, views7d: weeklyViews.get(articleId) ?? 0 }));
      }
      let views = 0;
      for (let k = v * SLOTS_PER_HOUR; k < (v + 1) * SLOTS_PER_HOUR; k++) views += slots[k]!;
      stats.days[day] = (stats.days[day] ?? 0) + views;
    }
  }
  for (const [articleId, views7d] of weeklyViews) if (!out.has(articleId)) out.set(articleId, { days: {}, views7d });
  return out;
}
