import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIngestApp } from '../../functions/ingest/app.ts';
import { testReaders } from '../support/readers.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { createDocumentClient } from '../../shared/store/dynamo-client.ts';
import type { Db } from '../../shared/store/db.ts';
import { BROWSER_UA, storedViews } from '../support/beacon-load.ts';
import { faultProxy, writtenPartitions, type FaultAction, type ProxiedRequest } from '../support/fault-proxy.ts';
import { TEST_ORIGIN, givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * A view whose request fails (the store goes away before its one write, or an answer is lost after DynamoDB
 * applied it) and that the client sends again: counted exactly once. The database is the real DynamoDB Local;
 * a proxy breaks the wire in front of it at chosen requests.
 */

let table: TestTable;
let proxy: Awaited<ReturnType<typeof faultProxy>>;
let db: Db;
let app: ReturnType<typeof createIngestApp>;
let n = 0;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table);
  proxy = await faultProxy(table.endpoint);
  db = { client: createDocumentClient({ endpoint: proxy.url, region: 'us-east-1' }), tableName: table.tableName };
  app = createIngestApp({ db, sites: cachedSiteLookup(db, Date.now), clock: Date.now, ...testReaders() });
  // Warm the site cache, so that the faults below hit only the view's own writes.
  await post(JSON.stringify({ type: 'engage', articleId: 'warm', sessionId: 'session-warm', seconds: 1 }));
});
afterAll(async () => {
  db.client.destroy();
  await proxy.close();
  await table.drop();
});
beforeEach(() => proxy.setRule(() => 'forward'));

function post(body: string) {
  return app.request('/v1/sites/daily/events', { method: 'POST', body, headers: { 'content-type': 'text/plain', origin: TEST_ORIGIN, 'user-agent': BROWSER_UA } });
}

/** A rule that applies `action` to the requests `matches` picks, and forwards the rest. */
function fail(matches: (request: ProxiedRequest) => boolean, action: FaultAction) {
  proxy.setRule((request) => (matches(request) ? action : 'forward'));
}
const trailPut = (r: ProxiedRequest) => r.operation === 'PutItem' && writtenPartitions(r)[0]!.startsWith('TRAIL#');

async function viewsOf(sessionId: string) {
  return storedViews(await table.items(), 'daily').perArticle.get(`story-${sessionId}`) ?? 0;
}

/** Sends a view under a fault, then again with the store healthy; returns the answers and what was stored. */
async function failThenRetry(setFault: () => void) {
  const sessionId = `retry-session-${++n}`;
  const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
  setFault();
  const first = await post(body);
  const firstBody = await first.json();
  proxy.setRule(() => 'forward');
  const retry = await post(body);
  return { first: [first.status, firstBody.error?.code ?? firstBody], retry: [retry.status, await retry.json()], stored: await viewsOf(sessionId) };
}

describe('a view whose request failed, sent again', () => {
  it('counts once when the store was gone for the write (nothing applied): the retry counts it', async () => {
    const result = await failThenRetry(() => fail(trailPut, 'drop'));
    expect(result).toEqual({ first: [503, 'store_unavailable'], retry: [202, { accepted: 1, ignored: 0, views: 0 }], stored: 1 });
  });

  it('counts once when the write was applied and every answer lost: the retry finds it, a repeat', async () => {
    const result = await failThenRetry(() => fail(trailPut, 'apply-then-drop'));
    expect(result).toEqual({ first: [503, 'store_unavailable'], retry: [202, { accepted: 0, ignored: 1, views: 0 }], stored: 1 });
  });

  it("counts a first view once when the SDK's own retry finds the write already applied (and says counted)", async () => {
    // The first attempt is applied but its answer is lost; the SDK retries at once and is refused with the
    // item that attempt wrote: the same view (same time), so the answer is "counted", and it is stored once.
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    let dropped = false;
    fail((r) => trailPut(r) && !dropped && (dropped = true), 'apply-then-drop');
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0, views: 0 });
    expect(await viewsOf(sessionId)).toBe(1);
    proxy.setRule(() => 'forward');
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1, views: 0 });
  });

  it("ignores a repeat once when the SDK's own retry of its refused write loses an answer", async () => {
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0, views: 0 });
    let dropped = false;
    fail((r) => trailPut(r) && !dropped && (dropped = true), 'apply-then-drop');
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1, views: 0 });
    expect(await viewsOf(sessionId)).toBe(1);
  });

  it('counts once when the same view came again while the first was held and then failed', async () => {
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    let arrived!: () => void;
    let release!: () => void;
    const firstWrite = new Promise<void>((resolve) => (arrived = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let puts = 0;
    proxy.setRule(async (r) => {
      if (!trailPut(r)) return 'forward';
      puts++;
      if (puts === 1) {
        arrived();
        await gate;
        return 'drop'; // the first request's write never reaches the store...
      }
      return puts === 2 ? 'forward' : 'drop'; // ...nor do its SDK retries; the resend's write does
    });
    const first = post(body);
    await firstWrite;
    const second = await post(body); // the same view again (a resend) while the first is in flight: it counts
    expect([second.status, await second.json()]).toEqual([202, { accepted: 1, ignored: 0, views: 0 }]);
    release();
    const failed = await first;
    expect([failed.status, (await failed.json()).error.code]).toEqual([503, 'store_unavailable']);
    proxy.setRule(() => 'forward');
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1, views: 0 });
    expect(await viewsOf(sessionId)).toBe(1);
  });

  it('counts a plain first view and ignores a plain repeat, through the proxy', async () => {
    const body = JSON.stringify({ type: 'view', articleId: 'story-plain', sessionId: 'plain-session-1' });
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0, views: 0 });
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1, views: 0 });
  });
});
