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
 * A view whose request fails half-way (the store goes away between the dedup marker and the trail write, or an
 * answer is lost after DynamoDB applied a write) and that the client sends again: counted exactly once. The
 * database is the real DynamoDB Local; a proxy breaks the wire in front of it at chosen requests.
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
const markerWrite = (r: ProxiedRequest) => ['UpdateItem', 'DeleteItem'].includes(r.operation) && writtenPartitions(r)[0]!.startsWith('SEEN#');

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

describe('a view whose request failed half-way, sent again', () => {
  it('counts once when the same view came again while the first failed, and was taken for a repeat of it', async () => {
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    let arrived!: () => void;
    let release!: () => void;
    const firstTrailWrite = new Promise<void>((resolve) => (arrived = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let failing = true;
    proxy.setRule(async (r) => {
      if (!trailPut(r) || !failing) return 'forward';
      arrived();
      await gate;
      return 'drop'; // the store went away: every attempt of the first view's trail write fails
    });
    const first = post(body); // its marker is written, its trail write held
    await firstTrailWrite;
    const second = await post(body); // the same view again (a resend): it sees the first one's marker
    expect([second.status, await second.json()]).toEqual([202, { accepted: 0, ignored: 1 }]);
    release();
    const failed = await first;
    expect([failed.status, (await failed.json()).error.code]).toEqual([503, 'store_unavailable']);
    failing = false;
    const retry = await post(body);
    // Before the fix the first view's undo found the second's marker and let it be: the retry was a repeat too.
    expect([retry.status, await retry.json()]).toEqual([202, { accepted: 1, ignored: 0 }]);
    expect(await viewsOf(sessionId)).toBe(1);
  });

  it('counts once when the trail write and the marker undo both failed (store gone mid-view)', async () => {
    const result = await failThenRetry(() => fail((r) => trailPut(r) || (markerWrite(r) && r.operation === 'DeleteItem'), 'drop'));
    // Before the fix the retry answered {accepted: 0, ignored: 1} and the view was never stored.
    expect(result).toEqual({ first: [503, 'store_unavailable'], retry: [202, { accepted: 1, ignored: 0 }], stored: 1 });
  });

  it('counts once when the marker was written but its answer was lost', async () => {
    const result = await failThenRetry(() => fail((r) => markerWrite(r) && r.operation === 'UpdateItem', 'apply-then-drop'));
    expect(result).toEqual({ first: [503, 'store_unavailable'], retry: [202, { accepted: 1, ignored: 0 }], stored: 1 });
  });

  it('counts once when the trail write was applied but its answer was lost, and the undo failed too', async () => {
    const result = await failThenRetry(() => proxy.setRule((r) => (trailPut(r) ? 'apply-then-drop' : markerWrite(r) && r.operation === 'DeleteItem' ? 'drop' : 'forward')));
    expect(result.stored).toBe(1);
    expect(result.retry[0]).toBe(202);
  });

  it('counts once when the trail write was applied but its answer was lost, and the undo went through', async () => {
    const result = await failThenRetry(() => fail(trailPut, 'apply-then-drop'));
    expect(result.stored).toBe(1);
    expect(result.retry[0]).toBe(202);
  });

  it('does not count a repeat whose marker answer was lost, when it is sent again', async () => {
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0 });
    fail((r) => markerWrite(r) && r.operation === 'UpdateItem', 'apply-then-drop');
    expect((await post(body)).status).toBe(503);
    proxy.setRule(() => 'forward');
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1 });
    expect(await viewsOf(sessionId)).toBe(1);
  });

  it("counts a first view once when the SDK's own retry of the marker write finds the write already applied", async () => {
    // The first attempt is applied but its answer is lost; the SDK retries at once, and that retry answers the
    // marker as this very view's. Before the fix the view was taken for a repeat: 202 "ignored", never stored.
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    let dropped = false;
    fail((r) => markerWrite(r) && r.operation === 'UpdateItem' && !dropped && (dropped = true), 'apply-then-drop');
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0 });
    expect(await viewsOf(sessionId)).toBe(1);
    proxy.setRule(() => 'forward');
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1 });
  });

  it("ignores a repeat once when the SDK's own retry of the marker write finds the write already applied", async () => {
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0 });
    let dropped = false;
    fail((r) => markerWrite(r) && r.operation === 'UpdateItem' && !dropped && (dropped = true), 'apply-then-drop');
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1 });
    expect(await viewsOf(sessionId)).toBe(1);
  });

  it('counts once when a reload, ignored while the failing view was in flight, moved the marker on', async () => {
    // The view's marker is written; before its trail write, a reload of the same page comes and is rightly
    // ignored (the view is in flight), which extends the marker. Then the view's trail write and undo fail.
    // Before the fix the view's retry met the reload's marker time and was ignored too: never counted.
    const sessionId = `retry-session-${++n}`;
    const body = JSON.stringify({ type: 'view', articleId: `story-${sessionId}`, sessionId });
    let reloadDone!: () => void;
    const reloaded = new Promise<void>((resolve) => (reloadDone = resolve));
    let trailPuts = 0;
    proxy.setRule((r) => {
      if (trailPut(r)) return trailPuts++ === 0 ? reloaded.then(() => 'drop' as const) : 'drop';
      return markerWrite(r) && r.operation === 'DeleteItem' ? 'drop' : 'forward';
    });
    const from = proxy.seen.length;
    const view = post(body);
    while (!proxy.seen.slice(from).some((r) => trailPut(r))) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1 });
    reloadDone();
    expect((await view).status).toBe(503);
    proxy.setRule(() => 'forward');
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0 });
    expect(await viewsOf(sessionId)).toBe(1);
  });

  it('counts a plain first view and ignores a plain repeat, through the proxy', async () => {
    const body = JSON.stringify({ type: 'view', articleId: 'story-plain', sessionId: 'plain-session-1' });
    expect(await (await post(body)).json()).toEqual({ accepted: 1, ignored: 0 });
    expect(await (await post(body)).json()).toEqual({ accepted: 0, ignored: 1 });
  });
});
