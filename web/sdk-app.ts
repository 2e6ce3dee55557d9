import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, buildSync } from 'esbuild';
import { Hono } from 'hono';
import { ApiError } from '../shared/http/api-error.ts';

/** The scripts news pages embed, by name, kept readable in `web/` and served minified (and gzipped when asked). */
export const SDK_FILES: ReadonlyMap<string, string> = new Map([
  ['beacon.js', fileURLToPath(new URL('./beacon.js', import.meta.url))],
  ['widgets.js', fileURLToPath(new URL('./widgets.js', import.meta.url))],
]);

/**
 * Not versioned in the URL, so caches keep them only five minutes (then revalidate by ETag, a 304): a fix
 * reaches every page within minutes, and pages of any site may load them (CORS and CORP open).
 */
const SDK_CACHE = 'public, max-age=300, stale-while-revalidate=3600';

interface Built {
  /** Every file the bundle was built from, with its mtime: an edit to any of them rebuilds it. */
  inputs: Map<string, number>;
  minified: Buffer;
  gzipped: Buffer;
  etag: string;
}

/**
 * What a page downloads: the file bundled with what it imports (the shared article id rule) into one
 * self-contained script and minified by esbuild, as `tests/web/sdk-size.test.ts` measures it.
 */
export async function minifiedScript(path: string): Promise<Buffer> {
  return (await bundle(path)).code;
}

/** How a page script is built, here and for the CDN (infra/constructs/sdk-scripts.ts): one self-contained IIFE. */
export const SDK_BUILD = { bundle: true, minify: true, format: 'iife', target: 'es2017', write: false, metafile: true, logLevel: 'silent' } as const;

/** A page script built at once (CDK constructs cannot wait): the same bytes `/sdk` serves. */
export function bundledScriptSync(path: string): Buffer {
  return Buffer.from(buildSync({ ...SDK_BUILD, entryPoints: [path] }).outputFiles[0]!.contents);
}

async function bundle(path: string): Promise<{ code: Buffer; inputs: string[] }> {
  const result = await build({ ...SDK_BUILD, entryPoints: [path] });
  const root = process.cwd();
  return { code: Buffer.from(result.outputFiles[0]!.contents), inputs: Object.keys(result.metafile.inputs).map((input) => resolvePath(root, input)) };
}

async function mtimes(paths: Iterable<string>): Promise<Map<string, number>> {
  return new Map(await Promise.all([...paths].map(async (p) => [p, (await stat(p)).mtimeMs] as const)));
}

/**
 * `GET /sdk/beacon.js` and `GET /sdk/widgets.js`. Built once per version of their files (mtimes), so an edit
 * shows without a restart and a page view costs no bundling.
 */
export function createSdkApp() {
  const built = new Map<string, Built>();
  const builtScript = async (path: string): Promise<Built> => {
    const cached = built.get(path);
    if (cached) {
      const now = await mtimes(cached.inputs.keys());
      if ([...now].every(([input, mtime]) => cached.inputs.get(input) === mtime)) return cached;
    }
    const { code: minified, inputs } = await bundle(path);
    const etag = `"${createHash('sha256').update(minified).digest('base64url').slice(0, 27)}"`;
    const next = { inputs: await mtimes(inputs), minified, gzipped: gzipSync(minified, { level: 9 }), etag };
    built.set(path, next);
    return next;
  };

  const app = new Hono();
  app.get('/sdk/:file', async (c) => {
    const path = SDK_FILES.get(c.req.param('file'));
    if (!path) throw new ApiError(404, 'not_found', `no script ${c.req.param('file')}: use beacon.js or widgets.js`);
    const script = await builtScript(path);
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
