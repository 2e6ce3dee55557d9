import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { forEachLimited } from '../concurrency.ts';
import type { Db } from '../store/db.ts';
import { catalogKey } from '../catalog/catalog-item.ts';
import { batchGetAll } from '../store/batch-get.ts';
import { statsKey, totalViews, updateStatsInput, type ArticleStats } from './stats-item.ts';
import { readWrittenVersions, rewriteItems } from './written-versions.ts';

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
      const result = await db.client.send(new UpdateCommand(updateStatsInput(db.tableName, site, articleId, s, updatedAt)));
      units += result.ConsumedCapacity?.CapacityUnits ?? 0;
    });
    return units;
  });
  return { written: changed.length, writeUnits, readUnits: known.readUnits };
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
