import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { forEachLimited } from '../concurrency.ts';
import { statsKey } from '../keys.ts';
import type { Db } from '../store/db.ts';
import { SLOTS_PER_HOUR } from '../window/hour-aggregate.ts';
import type { RankWindow } from '../window/load-window.ts';
import { readWrittenVersions, rewriteItems } from './written-versions.ts';

/** The "Views: 8,184" of an article: counted views per UTC day, and in the trailing 7 days. */
export interface ArticleStats {
  /** `dYYYYMMDD` → views that day. */
  days: Record<string, number>;
  views7d: number;
}

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

/** Total views from a stored stats item: the sum of its day attributes. */
export function totalViews(item: Record<string, unknown>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) if (/^d\d{8}$/.test(name) && typeof value === 'number') total += value;
  return total;
}

/**
 * Writes the stats of articles whose counts changed since the last run: one UpdateItem each that sets the
 * covered days (idempotent, unlike ADD) and views7d, leaving older days as they are.
 */
export async function writeArticleStats(db: Db, site: string, stats: Map<string, ArticleStats>, updatedAt: string) {
  const known = await readWrittenVersions(db, site, 'stats');
  const next = { ...known.versions };
  const changed: [string, ArticleStats][] = [];
  for (const [articleId, s] of stats) {
    const version = createHash('sha256').update(JSON.stringify(s)).digest('base64url').slice(0, 12);
    if (known.versions[articleId] === version) continue;
    changed.push([articleId, s]);
    next[articleId] = version;
  }
  if (changed.length === 0 && known.pendingChunks === 0) return { written: 0, writeUnits: 0, readUnits: known.readUnits };
  // Marked before they are overwritten: a run that dies midway leaves ids the next run does not trust.
  const writeUnits = await rewriteItems(db, site, 'stats', known, changed.map(([articleId]) => articleId), next, async () => {
    let units = 0;
    await forEachLimited(changed, 16, async ([articleId, s]) => {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':w': s.views7d, ':u': updatedAt };
      const sets = ['views7d = :w', 'updatedAt = :u'];
      Object.entries(s.days).forEach(([day, count], i) => {
        names[`#d${i}`] = day;
        values[`:d${i}`] = count;
        sets.push(`#d${i} = :d${i}`);
      });
      const result = await db.client.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: statsKey(site, articleId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      units += result.ConsumedCapacity?.CapacityUnits ?? 0;
    });
    return units;
  });
  return { written: changed.length, writeUnits, readUnits: known.readUnits };
}
