import type { ArticleStats } from '../lists/stats-item.ts';
import { DAY_MS, HOUR_MS, hourStart } from '../time.ts';
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

const SLOT_MS = HOUR_MS / SLOTS_PER_HOUR;

/**
 * The articles whose shown counts (views, views7d) may differ from what the completed run at `since` wrote:
 * those with views counted after it, and those with views that left the trailing `weeklyDays` since. So a
 * scheduled run rewrites the stats of the articles read in the last minutes, not of every article.
 * Undefined when only writing every article is safe: no earlier run, a replay of an earlier time, or a `since`
 * before the raw hours, whose views the window holds with their times.
 */
export function changedSince(window: RankWindow, since: number | undefined, weeklyDays: number): Set<string> | undefined {
  const { at } = window;
  if (since === undefined || since > at || since < hourStart(at) - HOUR_MS) return undefined;
  const changed = new Set<string>();
  for (const view of window.recentViews) if (view.ts > since) changed.add(view.articleId);
  // Slot times as windowStats takes them: a slot's middle (the slots leaving the window are long closed).
  const span = weeklyDays * DAY_MS;
  const [from, to] = [since - span, at - span];
  for (const { start, counts } of window.hours) {
    if (start + HOUR_MS <= from || start >= to) continue;
    for (let v = 0; v < counts.viewed.length; v++) {
      for (let slot = 0; slot < SLOTS_PER_HOUR; slot++) {
        const t = start + slot * SLOT_MS + SLOT_MS / 2;
        if (t >= from && t < to && counts.slots[v * SLOTS_PER_HOUR + slot]! > 0) changed.add(window.ids.ids[counts.viewed[v]!]!);
      }
    }
  }
  return changed;
}
