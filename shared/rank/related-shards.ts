import { RELATED_BUCKETS, writeRelated } from '../lists/lists-store.ts';
import { bucketOf } from '../lists/versions-item.ts';
import type { ListItem } from '../lists/list-item.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { readRecentTrails } from '../window/load-window.ts';
import { windowStats } from '../window/window-stats.ts';
import { decorate } from './ranked-item.ts';
import { parseRankSettings } from './rank-settings.ts';
import { rankRelated } from './rankers/related.ts';
import { readCatalogInput, readWindow } from './rank-input.ts';

/**
 * A big site's related stories in shards: each shard is the articles of some of the related group's version
 * buckets (bucket % shards), ranked by a task of its own (one queued message, one Lambda invocation), which
 * keeps only the co-read pairs touching its articles. So the memory and time of one task follow the shard,
 * and a site of any size ranks within Lambda's limits by having more shards.
 */

/** Catalog articles per shard: a shard of this size ranks in well under Lambda's limits (docs/deploy.md). */
export const RELATED_SHARD_ARTICLES = 25_000;

/** One queued shard of a site's related stories, ranked as of `at`. */
export interface RelatedTask {
  site: string;
  at: number;
  shard: number;
  shards: number;
}

/** How many shards a catalog's related stories take: 1 (no split) up to RELATED_BUCKETS, a power of two. */
export function relatedShards(catalogArticles: number, perShard = RELATED_SHARD_ARTICLES): number {
  let shards = 1;
  while (shards < RELATED_BUCKETS && catalogArticles / shards > perShard) shards *= 2;
  return shards;
}

export function inShard(articleId: string, task: Pick<RelatedTask, 'shard' | 'shards'>): boolean {
  return bucketOf(articleId, RELATED_BUCKETS) % task.shards === task.shard;
}

export interface RelatedShardReport {
  site: string;
  shard: number;
  shards: number;
  related: number;
  relatedWritten: number;
  readUnits: number;
  writeUnits: number;
  durationMs: number;
}

/**
 * Ranks one shard's related stories as of `task.at` and writes those that changed (the shard's buckets only).
 * Run again after a failure, it continues: what it wrote is vouched for by its buckets' versions.
 */
export async function rankRelatedShard(db: Db, site: Site, task: RelatedTask, clock: () => number = Date.now): Promise<RelatedShardReport> {
  const started = clock();
  const settings = parseRankSettings(site.settings);
  const mine = (articleId: string) => inShard(articleId, task);
  const [{ catalog, readUnits: catalogUnits }, recent] = await Promise.all([
    readCatalogInput(db, site, task.at),
    readRecentTrails(db, site.site, task.at, Date.parse(site.dataSince ?? site.createdAt)),
  ]);
  const window = await readWindow(db, site, settings, catalog, recent, mine);
  const stats = windowStats(window, settings);
  const related = new Map<string, ListItem[]>();
  for (const [articleId, items] of rankRelated(stats, catalog, task.at, settings.related, mine)) {
    related.set(articleId, decorate(items, catalog, settings.related.count));
  }
  const written = await writeRelated(db, site.site, related, new Date(task.at).toISOString());
  return {
    site: site.site,
    shard: task.shard,
    shards: task.shards,
    related: related.size,
    relatedWritten: written.written,
    readUnits: catalogUnits + window.readUnits + written.readUnits,
    writeUnits: window.writeUnits + written.writeUnits,
    durationMs: clock() - started,
  };
}
