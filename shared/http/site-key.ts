import type { Context } from 'hono';
import { adminKeyMatches } from '../sites/admin-key.ts';
import type { Site } from '../sites/site.ts';
import { ApiError } from './api-error.ts';
import { siteIdSchema } from '../ids.ts';
import { pathParam, requireSite } from './request.ts';
import type { SiteLookup } from '../sites/site-cache.ts';

/** A bearer token as RFC 6750 allows it (admin keys are `np_` + base64url). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,256}=*)$/i;

/**
 * The site of the path whose admin key the request carries (the admin API, server-side beacon senders). Order:
 * a missing or malformed token is 401 before any lookup, so a request without a key costs nothing; then the site
 * (400 malformed, 404 unknown: site ids are public anyway, they appear in every beacon URL); then the key,
 * compared in constant time against the stored hash (403 when it is not this site's key).
 */
export async function siteOfKey(c: Context, sites: SiteLookup): Promise<Site> {
  const token = bearerToken(c);
  const site = await requireSite(sites, pathParam(c, 'site', siteIdSchema));
  if (!adminKeyMatches(token, site.adminKeyHash)) {
    throw new ApiError(403, 'forbidden', `the key is not the admin key of site "${site.site}"`);
  }
  return site;
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
