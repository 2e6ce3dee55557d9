import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArticleStats } from '../../../shared/lists/stats-store.ts';
import { readHourTrail } from '../../../shared/window/trail-reader.ts';
import { hourKey } from '../../../shared/time.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../../support/sites.ts';
import { TEST_ADDRESS_HEADER, asReader } from '../../support/readers.ts';

const NOW = Date.parse('2026-11-28T16:20:00Z');
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

let table: TestTable;
let app: ReturnType<typeof ingestApp>;
let clock = NOW;
let adminKey: string;

beforeAll(async () => {
  table = await createTestTable();
  ({ adminKey } = await givenSite(table));
  app = ingestApp(table, () => clock);
});
afterAll(() => table.drop());

function post(body: unknown, headers: Record<string, string> = {}, site = 'daily') {
  return app.request(`/v1/sites/${site}/events`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: TEST_ORIGIN, 'user-agent': BROWSER_UA, ...headers },
  });
}

async function viewsOf(articleId: string, at = NOW) {
  const trail = await readHourTrail(table, 'daily', hourKey(at), at);
  return trail.views.filter((view) => view.articleId === articleId).length;
}

describe('counting views', () => {
  it('counts 1,000 concurrent views of one article from 1,000 readers exactly once each', async () => {
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => post({ type: 'view', articleId: 'viral-1', sessionId: `session-${i.toString().padStart(6, '0')}` }, asReader(`viral-reader-${i}`))),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.filter((b, i) => responses[i]?.status !== 202).slice(0, 2)).toEqual([]);
    expect(responses.every((r) => r.status === 202)).toBe(true);
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(1000);
    expect(await viewsOf('viral-1')).toBe(1000);
  });

  it('counts one reader once, whatever session ids it sends: the visitor is decided on the server', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => post({ type: 'view', articleId: 'inflated-1', sessionId: `fresh-session-${i.toString().padStart(4, '0')}` }, asReader('one-client'))),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(1);
    expect(bodies.reduce((sum, b) => sum + b.ignored, 0)).toBe(99);
    expect(await viewsOf('inflated-1')).toBe(1);
  });

  it('tells readers apart by their browser too (one address, two User-Agents: an office)', async () => {
    await post({ type: 'view', articleId: 'office-1', sessionId: 'tab-00001' }, asReader('office'));
    await post({ type: 'view', articleId: 'office-1', sessionId: 'tab-00001' }, { ...asReader('office'), 'user-agent': `${BROWSER_UA} Edg/130.0` });
    expect(await viewsOf('office-1')).toBe(2);
  });

  it('takes the address from the platform, never from X-Forwarded-For', async () => {
    for (const forwarded of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      await post({ type: 'view', articleId: 'forwarded-1', sessionId: 'spoofer-01' }, { ...asReader('spoofer'), 'x-forwarded-for': forwarded });
    }
    expect(await viewsOf('forwarded-1')).toBe(1);
  });

  it('counts 1,000 concurrent repeats from one reader once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () => post({ type: 'view', articleId: 'repeat-1', sessionId: 'refresher-01' })),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(1);
    expect(bodies.reduce((sum, b) => sum + b.ignored, 0)).toBe(999);
    expect(await viewsOf('repeat-1')).toBe(1);
  });

  it('counts the same reader again in the next half hour of the clock', async () => {
    clock = NOW;
    await post({ type: 'view', articleId: 'later-1', sessionId: 'reader-later' });
    clock = NOW + 31 * 60_000;
    const response = await post({ type: 'view', articleId: 'later-1', sessionId: 'reader-later' });
    expect(await response.json()).toMatchObject({ accepted: 1, ignored: 0 });
    clock = NOW;
  });

  it("answers a view with the article's count as the rank job last wrote it (the page's counter), none for a bot or engagement", async () => {
    await writeArticleStats(table, 'daily', new Map([['counted-1', { days: { d20261127: 40, d20261128: 2 }, views7d: 42 }]]), '2026-11-28T16:15:00Z');
    const view = { type: 'view', articleId: 'counted-1', sessionId: 'counter-01' };
    expect(await (await post(view, asReader('counter-reader'))).json()).toEqual({ accepted: 1, ignored: 0, views: 42 });
    expect(await (await post({ ...view, articleId: 'never-ranked-1' }, asReader('counter-reader'))).json()).toEqual({ accepted: 1, ignored: 0, views: 0 });
    expect(await (await post(view, { ...asReader('counter-bot'), 'user-agent': 'Googlebot/2.1' })).json()).toEqual({ accepted: 0, ignored: 1 });
    const engage = { type: 'engage', articleId: 'counted-1', sessionId: 'counter-01', seconds: 5 };
    expect(await (await post(engage, asReader('counter-reader'))).json()).toEqual({ accepted: 1, ignored: 0 });
  });

  it('accepts application/json and batches, and reports engagement as accepted', async () => {
    const response = await post(
      {
        events: [
          { type: 'view', articleId: 'batch-1', sessionId: 'batch-session', meta: { title: 'A story', section: 'asia' } },
          { type: 'engage', articleId: 'batch-1', sessionId: 'batch-session', seconds: 42, scrollDepth: 0.8 },
          { type: 'view', articleId: 'batch-1', sessionId: 'batch-session' },
        ],
      },
      { 'content-type': 'application/json', ...asReader('batch-reader') },
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 2, ignored: 1 });
    const trail = await readHourTrail(table, 'daily', hourKey(NOW), NOW);
    const visitor = trail.views.find((v) => v.articleId === 'batch-1')!.sessionId;
    expect(visitor).toMatch(/^v-[\w-]{22}$/);
    expect(trail.engagements.filter((e) => e.articleId === 'batch-1')).toEqual([
      { sessionId: visitor, articleId: 'batch-1', seconds: 42, scrollDepth: 0.8, ts: NOW },
    ]);
  });

  it('keeps the largest engagement total when flushes arrive out of order', async () => {
    await post({ type: 'engage', articleId: 'eng-1', sessionId: 'eng-session', seconds: 90, scrollDepth: 1 });
    const stale = await post({ type: 'engage', articleId: 'eng-1', sessionId: 'eng-session', seconds: 30, scrollDepth: 0.2 });
    expect(await stale.json()).toMatchObject({ accepted: 0, ignored: 1 });
    const trail = await readHourTrail(table, 'daily', hourKey(NOW), NOW);
    expect(trail.engagements.find((e) => e.articleId === 'eng-1')?.seconds).toBe(90);
  });

  it.each([
    ['a known crawler', 'Googlebot/2.1 (+http://www.google.com/bot.html)'],
    ['an empty User-Agent', ''],
    ['a blank User-Agent', '   '],
  ])('accepts %s as a bot and counts nothing for it', async (_name, userAgent) => {
    const articleId = `bot-${userAgent.length}`;
    const response = await post({ type: 'view', articleId, sessionId: 'bot-session' }, { 'user-agent': userAgent });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 0, ignored: 1 });
    expect(await viewsOf(articleId)).toBe(0);
  });

  it('takes a request without User-Agent for a bot', async () => {
    const response = await app.request('/v1/sites/daily/events', { method: 'POST', body: JSON.stringify({ type: 'view', articleId: 'no-agent-1', sessionId: 'bot-session' }), headers: { origin: TEST_ORIGIN } });
    expect(await response.json()).toMatchObject({ accepted: 0, ignored: 1 });
  });

  it('stores no raw IP address', async () => {
    await app.request('/v1/sites/daily/pixel.gif?articleId=pixel-1', { headers: { [TEST_ADDRESS_HEADER]: '203.0.113.77', 'user-agent': BROWSER_UA } });
    const dump = JSON.stringify(await table.items());
    expect(dump).not.toContain('203.0.113.77');
    expect(await viewsOf('pixel-1')).toBe(1);
  });
});

describe('who may send beacons', () => {
  it('refuses a beacon without Origin with 403 and writes nothing', async () => {
    const body = JSON.stringify({ type: 'view', articleId: 'no-origin-1', sessionId: 'session-no-origin' });
    const response = await app.request('/v1/sites/daily/events', { method: 'POST', body, headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA } });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('origin_required');
    expect(await viewsOf('no-origin-1')).toBe(0);
  });

  it('lets a server-side sender with the site\'s admin key name the readers it forwards', async () => {
    const send = (address: string, headers: Record<string, string> = {}) =>
      app.request('/v1/sites/daily/events', {
        method: 'POST',
        body: JSON.stringify({ type: 'view', articleId: 'edge-1', sessionId: 'edge-session' }),
        headers: { authorization: `Bearer ${adminKey}`, 'x-newspulse-reader-address': address, 'x-newspulse-reader-user-agent': BROWSER_UA, ...headers },
      });
    expect((await send('198.51.100.10')).status).toBe(202);
    expect((await send('198.51.100.11')).status).toBe(202);
    expect((await send('198.51.100.11')).status).toBe(202); // the same reader again: a repeat
    expect(await viewsOf('edge-1')).toBe(2);
    expect((await send('not-an-address')).status).toBe(400);
    expect((await send('198.51.100.12', { authorization: 'Bearer np_not-the-key' })).status).toBe(403);
    expect((await send('198.51.100.13', { authorization: 'Basic abc' })).status).toBe(401);
    expect(await viewsOf('edge-1')).toBe(2);
  });

  it('answers with X-Content-Type-Options: nosniff, errors too', async () => {
    expect((await post({ type: 'view', articleId: 'sniff-1', sessionId: 'session-sniff' })).headers.get('x-content-type-options')).toBe('nosniff');
    expect((await post('not json')).headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the pixel', () => {
  it('answers a GIF and counts a view', async () => {
    const response = await app.request('/v1/sites/daily/pixel.gif?articleId=pixel-2', {
      headers: { 'user-agent': BROWSER_UA, referer: `${TEST_ORIGIN}/story/pixel-2` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(new Uint8Array(await response.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0x47, 0x49, 0x46]));
    expect(await viewsOf('pixel-2')).toBe(1);
  });

  it('counts one reader once a day, whatever sessionId parameter it adds', async () => {
    for (const session of ['pixel-session-1', 'pixel-session-2', 'pixel-session-3']) {
      await app.request(`/v1/sites/daily/pixel.gif?articleId=pixel-3&sessionId=${session}`, { headers: { ...asReader('pixel-reader'), 'user-agent': BROWSER_UA } });
    }
    expect(await viewsOf('pixel-3')).toBe(1);
  });

  it('refuses a Referer from another site with 403 and counts nothing', async () => {
    const response = await app.request('/v1/sites/daily/pixel.gif?articleId=pixel-4', { headers: { 'user-agent': BROWSER_UA, referer: 'https://evil.example/page' } });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('referer_not_allowed');
    expect(await viewsOf('pixel-4')).toBe(0);
  });

  it('rejects a missing article id with 400', async () => {
    const response = await app.request('/v1/sites/daily/pixel.gif');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('articleId');
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin', async () => {
    const response = await app.request('/v1/sites/daily/events', {
      method: 'OPTIONS',
      headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('refuses a preflight from another origin', async () => {
    const response = await app.request('/v1/sites/daily/events', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes the allowed origin on a POST', async () => {
    const response = await post({ type: 'view', articleId: 'cors-1', sessionId: 'cors-session' });
    expect(response.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });
});

describe('/healthz', () => {
  it('answers ok', async () => {
    const response = await app.request('/healthz');
    expect(await response.json()).toEqual({ ok: true });
  });
});
