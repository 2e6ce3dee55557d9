import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { Hono } from 'hono';
import { ApiError } from '../shared/http/api-error.ts';

/** The scripts news pages embed, kept readable in `web/` and served minified (and gzipped when asked). */
const SDK_FILES = new Map([
  ['beacon.js', fileURLToPath(new URL('./beacon.js', import.meta.url))],
  ['widgets.js', fileURLToPath(new URL('./widgets.js', import.meta.url))],
]);

/**
 * Not versioned in the URL, so caches keep them only five minutes (then revalidate by ETag, a 304): a fix
 * reaches every page within minutes, and pages of any site may load them (CORS and CORP open).
 */
const SDK_CACHE = 'public, max-age=300, stale-while-revalidate=3600';

interface Built {
  mtimeMs: number;
  minified: Buffer;
  gzipped: Buffer;
  etag: string;
}

/** What a page downloads: the file minified by esbuild, as `tests/web/sdk-size.test.ts` measures it. */
export async function minifiedScript(path: string): Promise<Buffer> {
  return Buffer.from((await transform(await readFile(path, 'utf8'), { loader: 'js', minify: true })).code);
}

/**
 * `GET /sdk/beacon.js` and `GET /sdk/widgets.js`. Built once per version of the file (its mtime), so an edit
 * shows without a restart and a page view costs no minification.
 */
export function createSdkApp() {
  const built = new Map<string, Built>();
  const build = async (path: string): Promise<Built> => {
    const { mtimeMs } = await stat(path);
    const cached = built.get(path);
    if (cached?.mtimeMs === mtimeMs) return cached;
    const minified = await minifiedScript(path);
    const etag = `"${createHash('sha256').update(minified).digest('base64url').slice(0, 27)}"`;
    const next = { mtimeMs, minified, gzipped: gzipSync(minified, { level: 9 }), etag };
    built.set(path, next);
    return next;
  };

  const app = new Hono();
  app.get('/sdk/:file', async (c) => {
    const path = SDK_FILES.get(c.req.param('file'));
    if (!path) throw new ApiError(404, 'not_found', `no script ${c.req.param('file')}: use beacon.js or widgets.js`);
    const script = await build(path);
    const headers: Record<string, string> = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': SDK_CACHE,
      ETag: script.etag,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    };
    const given = c.req.header('if-none-match');
    if (given?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === script.etag)) return c.body(null, 304, headers);
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      return c.body(new Uint8Array(script.gzipped), 200, { ...headers, 'Content-Encoding': 'gzip' });
    }
    return c.body(new Uint8Array(script.minified), 200, headers);
  });
  return app;
}
