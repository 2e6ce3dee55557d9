import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { forEachLimited } from '../concurrency.ts';
import { statsKey } from '../keys.ts';
import type { Db } from '../store/db.ts';
import type { RankWindow } from './load-window.ts';
import { readWrittenVersions, writeWrittenVersions } from './written-versions.ts';

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
  const out = new Map<string, ArticleStats>();
  for (const { start, aggregate } of window.hours) {
    const dayStart = start - (start % 86_400_000);
    if (dayStart < firstStart) continue; // partly outside the window
    const day = `d${aggregate.hour.slice(0, 10).replaceAll('-', '')}`;
    for (const [articleId, slots] of aggregate.views) {
      let stats = out.get(articleId);
      if (!stats) out.set(articleId, (stats = { days: {}, views7d: weeklyViews.get(articleId) ?? 0 }));
      stats.days[day] = (stats.days[day] ?? 0) + slots.reduce((a, b) => a + b, 0);
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
  let writeUnits = 0;
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
    writeUnits += result.ConsumedCapacity?.CapacityUnits ?? 0;
  });
  if (changed.length > 0) writeUnits += await writeWrittenVersions(db, site, 'stats', next);
  return { written: changed.length, writeUnits, readUnits: known.readUnits };
}
