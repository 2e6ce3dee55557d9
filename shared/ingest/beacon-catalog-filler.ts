import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ViewEvent } from './events.ts';
import type { Db } from '../store/db.ts';
import { articleSchema } from '../catalog/article.ts';
import { articleExistsInput } from '../catalog/catalog-item.ts';
import { upsertArticle } from '../catalog/catalog-store.ts';

/** Article ids this process already knows are in a catalog, so a view of them costs no extra read. */
const KNOWN_LIMIT = 50_000;

/**
 * Fills the catalog from beacon `meta`, for sites that trust it. Only for articles the catalog does not have
 * yet, and the write is conditional on that (upsertArticle with source 'beacon' never overwrites admin or feed
 * metadata). So a view of a known article costs nothing extra, and the first view of a new one one read and
 * one write, once. Returns how many articles it added.
 */
export function beaconCatalogFiller(db: Db) {
  const known = new Set<string>();
  return async (site: string, views: ViewEvent[], now: Date): Promise<number> => {
    let added = 0;
    for (const view of views) {
      const cacheKey = `${site}\t${view.articleId}`;
      if (!view.meta || known.has(cacheKey)) continue;
      const parsed = articleSchema.safeParse({ ...view.meta, articleId: view.articleId, url: view.meta.url ?? view.url });
      if (!parsed.success) continue; // incomplete page metadata: wait for a feed or the admin API
      const existing = await db.client.send(new GetCommand(articleExistsInput(db.tableName, site, view.articleId)));
      if (!existing.Item && (await upsertArticle(db, site, parsed.data, 'beacon', now))) added++;
      if (known.size >= KNOWN_LIMIT) known.clear();
      known.add(cacheKey);
    }
    return added;
  };
}
