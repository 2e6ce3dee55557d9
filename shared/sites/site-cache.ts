import type { Db } from '../store/db.ts';
import { getSite } from './site-store.ts';
import type { Site } from './site.ts';

export type SiteLookup = (site: string) => Promise<Site | undefined>;

/**
 * Site lookups for hot paths (every beacon needs the site's origins): a found site is reused for `ttlMs`,
 * a missing one for a few seconds only, so a newly added site works almost at once.
 */
export function cachedSiteLookup(db: Db, clock: () => number, ttlMs = 30_000, missTtlMs = 3_000): SiteLookup {
  const cache = new Map<string, { site: Site | undefined; until: number }>();
  return async (id) => {
    const now = clock();
    const hit = cache.get(id);
    if (hit && hit.until > now) return hit.site;
    const site = await getSite(db, id);
    if (cache.size > 10_000) cache.clear(); // bound memory against lookups of random names
    cache.set(id, { site, until: now + (site ? ttlMs : missTtlMs) });
    return site;
  };
}
