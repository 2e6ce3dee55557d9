import type { Context } from 'hono';
import { isOriginAllowed, type Site } from '../sites/site.ts';
import { ApiError } from './api-error.ts';

/**
 * A browser beacon's Origin: required and one the site allows (403 otherwise), echoed in the CORS headers.
 * A request without Origin is not a browser on the site's pages; a server-side sender authenticates with the
 * site's admin key instead (functions/ingest/app.ts).
 */
export function requireOrigin(c: Context, site: Site): void {
  const origin = c.req.header('origin');
  c.header('Vary', 'Origin');
  if (origin === undefined) {
    throw new ApiError(403, 'origin_required', `beacons for site "${site.site}" need an Origin header the site allows, or the site's admin key`);
  }
  if (!isOriginAllowed(site, origin)) {
    throw new ApiError(403, 'origin_not_allowed', `origin ${origin} may not send events to site "${site.site}"`);
  }
  c.header('Access-Control-Allow-Origin', origin);
}

/**
 * The pixel's Referer, when the browser sends one, must be a page of the site (403 otherwise): a page elsewhere
 * cannot make its visitors count views for this site. Browsers may leave it out (privacy settings), so a
 * missing Referer passes.
 */
export function requireReferer(c: Context, site: Site): void {
  const referer = c.req.header('referer');
  if (referer === undefined) return;
  let origin: string | undefined;
  try {
    origin = new URL(referer).origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || origin === 'null' || !isOriginAllowed(site, origin)) {
    throw new ApiError(403, 'referer_not_allowed', `the pixel of site "${site.site}" counts only on the site's own pages`);
  }
}
