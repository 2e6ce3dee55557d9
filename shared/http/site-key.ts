import type { Context } from 'hono';
import { adminKeyMatches } from '../sites/admin-key.ts';
import type { Site } from '../sites/site.ts';
import { ApiError } from './api-error.ts';

/** A bearer token as RFC 6750 allows it (admin keys are `np_` + base64url). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,256}=*)$/i;

/**
 * The token of `Authorization: Bearer <site admin key>`: 401 when it is missing or malformed. Checked before
 * any lookup, so a request without a key costs nothing.
 */
export function bearerToken(c: Context): string {
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

/** 403 unless `token` is this site's admin key (compared in constant time against the stored hash). */
export function checkSiteKey(token: string, site: Site): void {
  if (!adminKeyMatches(token, site.adminKeyHash)) {
    throw new ApiError(403, 'forbidden', `the key is not the admin key of site "${site.site}"`);
  }
}
