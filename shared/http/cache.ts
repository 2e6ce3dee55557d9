import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * Lists change when the rank job runs (every minute or few): browsers keep them a minute, CDNs too, and
 * both may serve a stale copy for five more minutes while they revalidate in the background. The functions'
 * own caches of what they read (shared/store/item-cache.ts) keep items as long, so no answer is staler.
 */
export const SHARED_CACHE_MS = 60_000;
const PUBLIC_CACHE = `public, max-age=${SHARED_CACHE_MS / 1000}, s-maxage=${SHARED_CACHE_MS / 1000}, stale-while-revalidate=300`;

/** A strong ETag from the versions of what a response was built from and the request's own parameters. */
export function etagOf(...parts: unknown[]): string {
  return `"${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 27)}"`;
}

/** True (and the 304 headers set) when the client's If-None-Match already names this ETag. */
export function notModified(c: Context, etag: string): boolean {
  c.header('ETag', etag);
  c.header('Cache-Control', PUBLIC_CACHE);
  const given = c.req.header('if-none-match');
  if (!given) return false;
  return given === '*' || given.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
