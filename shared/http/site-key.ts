import type { Context } from 'hono';
import { adminKeyMatches } from '../sites/admin-key.ts';
import type { Site } from '../sites/site.ts';
import { ApiError } from './api-error.ts';
import { siteIdSchema } from '../ids.ts';
import { pathParam, requireSite } from './request.ts';
import type { SiteLookup } from '../sites/site-cache.ts';
import { readAdminKeyHash } from '../sites/site-store.ts';
import type { Db } from '../store/db.ts';

/** A bearer token as RFC 6750 allows it (admin keys are `np_` + base64url). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,256}=*)$/i;

/**
 * The site of the path whose admin key the request carries (the admin API, server-side beacon senders). Order:
 * a missing or malformed token is 401 before any lookup, so a request without a key costs nothing; then the site
 * (400 malformed, 404 unknown: site ids are public anyway, they appear in every beacon URL); then the key,
 * compared in constant time against the stored hash (403 when it is not this site's key).
 */
export async function siteOfKey(c: Context, sites: SiteLookup, keys: AdminKeyLookup): Promise<Site> {
  const token = bearerToken(c);
  const site = await requireSite(sites, pathParam(c, 'site', siteIdSchema));
  const hash = await keys(site);
  if (hash === undefined || !adminKeyMatches(token, hash)) {
    throw new ApiError(403, 'forbidden', `the key is not the admin key of site "${site.site}"`);
  }
  return site;
}

/** The hash of a site's admin key (shared/sites/admin-key-item.ts). */
export type AdminKeyLookup = (site: Site) => Promise<string | undefined>;

/**
 * Key hash lookups for the admin API and server-side beacons, remembered for `ttlMs`: a rotated key stops
 * working within that time in a warm function.
 */
export function cachedAdminKeyLookup(db: Db, clock: () => number, ttlMs = 60_000): AdminKeyLookup {
  const cache = new Map<string, { hash: string | undefined; until: number }>();
  return async (site) => {
    const now = clock();
    const hit = cache.get(site.site);
    if (hit && hit.until > now) return hit.hash;
    const hash = await readAdminKeyHash(db, site);
    if (cache.size > 10_000) cache.clear();
    cache.set(site.site, { hash, until: now + ttlMs });
    return hash;
  };
}

/** The token of `Authorization: Bearer <site admin key>`: 401 when it is missing or malformed. */
function bearerToken(c: Context): string {
  const header = c.req.header('authorization');
  if (header === undefined) {
    throw new ApiError(401, 'unauthorized', 'missing "Authorization: Bearer <site admin key>"', [], {
      'WWW-Authenticate': 'Bearer realm="newspulse"',
    });
  }
  const token = header.length <= 300 ? BEARER.exec(header.trim())?.[1] : undefined;
  if (token === undefined) {
    throw new ApiError(401, 'unauthorized', 'malformed Authorization header: expected "Bearer <site admin key>"', [], {
      'WWW-Authenticate': 'Bearer realm="newspulse", error="invalid_request"',
    });
  }
  return token;
}
