import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemsReader } from '../store/item-cache.ts';
import { forEachLimited } from '../concurrency.ts';
import type { Db } from '../store/db.ts';
import { catalogKey } from '../catalog/catalog-item.ts';
import { batchGetAll } from '../store/batch-get.ts';
import { statsKey, totalViews, updateStatsInput, type ArticleStats } from './stats-item.ts';

/** Stats items written at once. */
const IN_FLIGHT = 16;

/**
 * Writes these articles' view counts: one UpdateItem each that sets the covered days (idempotent, unlike ADD)
 * and views7d, leaving older days as they are. The rank job passes only the articles whose counts changed
 * since its last run (shared/rank/article-stats.ts).
 */
export async function writeArticleStats(db: Db, site: string, stats: Map<string, ArticleStats>, updatedAt: string) {
  let writeUnits = 0;
  await forEachLimited([...stats], IN_FLIGHT, async ([articleId, s]) => {
    const result = await db.client.send(new UpdateCommand(updateStatsInput(db.tableName, site, articleId, s, updatedAt)));
    writeUnits += result.ConsumedCapacity?.CapacityUnits ?? 0;
  });
  return { written: stats.size, writeUnits };
}

/**
 * What the read API serves as an article's view counts, in one BatchGetItem of its stats and catalog items:
 * undefined when neither exists (an id nobody viewed and the catalog does not know).
 */
export async function readArticleStats(db: Db, site: string, articleId: string) {
  const { items } = await batchGetAll(db, [statsKey(site, articleId), catalogKey(site, articleId)]);
  if (items.length === 0) return undefined;
  const stats = items.find((item) => item.pk === statsKey(site, articleId).pk);
  return {
    views: stats ? totalViews(stats) : 0,
    views7d: Number(stats?.views7d ?? 0),
    updatedAt: stats ? String(stats.updatedAt) : null,
  };
}

/**
 * An article's total views for a beacon's answer, 0 when the rank job has counted none yet: its stats item
 * through `readItems` (a BatchGetItem of one key, half a read unit, or the ingest function's minute-long cache).
 */
export async function readArticleViews(readItems: ItemsReader, site: string, articleId: string): Promise<number> {
  const { items } = await readItems([statsKey(site, articleId)]);
  return items[0] ? totalViews(items[0]) : 0;
}
