import type { Context } from 'hono';
import { isOriginAllowed, type Site } from '../sites/site.ts';
import { ApiError } from './api-error.ts';

/**
 * Enforces a site's allowed origins for a browser request and sets the CORS response headers.
 * Throws 403 for an Origin the site does not allow; requests without Origin (servers, the pixel) pass.
 */
export function checkOrigin(c: Context, site: Site): void {
  const origin = c.req.header('origin');
  c.header('Vary', 'Origin');
  if (!isOriginAllowed(site, origin)) {
    throw new ApiError(403, 'origin_not_allowed', `origin ${origin} may not send events to site "${site.site}"`);
  }
  if (origin) c.header('Access-Control-Allow-Origin', origin);
}
