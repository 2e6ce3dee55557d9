import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/local-app.ts';
import { testReaders } from '../support/readers.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { AWS_SOCKET_TIMEOUT_MS, createDocumentClient } from '../../shared/store/dynamo-client.ts';
import { STACK_TRACE } from '../support/hostile-requests.ts';

/**
 * A store that accepts connections and never answers (a stopped process, a black-holed network) must still give
 * the client a 503 with Retry-After, not a request that hangs. Regression: the SDK only warned when its
 * requestTimeout passed (throwOnRequestTimeout was off), so every request waited forever.
 */

let blackHole: Server;
const sockets = new Set<Socket>();
let app: ReturnType<typeof createLocalApp>;
let client: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  blackHole = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.resume(); // read everything, answer nothing
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  // The timeout of the Lambda functions (an endpoint alone would get the local server's longer one).
  const endpoint = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
  client = createDocumentClient({ endpoint, region: 'us-east-1', socketTimeoutMs: AWS_SOCKET_TIMEOUT_MS });
  const db = { client, tableName: 'hung' };
  app = createLocalApp({ db, sites: cachedSiteLookup(db, Date.now), clock: Date.now, ...testReaders() });
});
afterAll(async () => {
  client.destroy();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => blackHole.close(() => resolve()));
});

describe('a store that never answers', () => {
  it('gets ingest and reads a 503 with Retry-After, not a hang', { timeout: 120_000 }, async () => {
    const responses = await Promise.all([
      app.request('/v1/sites/daily/events', { method: 'POST', body: JSON.stringify({ type: 'view', articleId: 'a', sessionId: 'session-hung-1' }) }),
      app.request('/v1/sites/daily/lists/popular-now'),
      app.request('/v1/sites/daily/articles/a/stats'),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const text = await response.text();
      expect(JSON.parse(text).error.code).toBe('store_unavailable');
      expect(text).not.toMatch(STACK_TRACE);
    }
  });
});
