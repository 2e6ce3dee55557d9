import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { ApiError } from '../shared/http/api-error.ts';

/** The scripts news pages embed, served from `web/` as they are (a CDN would serve them minified). */
const SDK_FILES = new Map([
  ['beacon.js', fileURLToPath(new URL('./beacon.js', import.meta.url))],
  ['widgets.js', fileURLToPath(new URL('./widgets.js', import.meta.url))],
]);

/**
 * Not versioned in the URL, so caches keep them only five minutes (then revalidate by ETag, a 304): a fix
 * reaches every page within minutes, and pages of any site may load them (CORS and CORP open).
 */
const SDK_CACHE = 'public, max-age=300, stale-while-revalidate=3600';

/** `GET /sdk/beacon.js` and `GET /sdk/widgets.js`. Read per request, so an edit shows without a restart. */
export function createSdkApp() {
  const app = new Hono();
  app.get('/sdk/:file', async (c) => {
    const path = SDK_FILES.get(c.req.param('file'));
    if (!path) throw new ApiError(404, 'not_found', `no script ${c.req.param('file')}: use beacon.js or widgets.js`);
    const body = await readFile(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const headers = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': SDK_CACHE,
      ETag: etag,
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    };
    const given = c.req.header('if-none-match');
    if (given?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(body, 200, headers);
  });
  return app;
}
