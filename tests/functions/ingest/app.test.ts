import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHourTrail } from '../../../shared/window/trail-reader.ts';
import { hourKey } from '../../../shared/time.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../../support/sites.ts';

const NOW = Date.parse('2026-11-28T16:20:00Z');
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

let table: TestTable;
let app: ReturnType<typeof ingestApp>;
let clock = NOW;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table);
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
  it('counts 1,000 concurrent views of one article from 1,000 sessions exactly once each', async () => {
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => post({ type: 'view', articleId: 'viral-1', sessionId: `session-${i.toString().padStart(6, '0')}` })),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.filter((b, i) => responses[i]?.status !== 202).slice(0, 2)).toEqual([]);
    expect(responses.every((r) => r.status === 202)).toBe(true);
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(1000);
    expect(await viewsOf('viral-1')).toBe(1000);
  });

  it('counts 1,000 concurrent repeats from one session once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () => post({ type: 'view', articleId: 'repeat-1', sessionId: 'refresher-01' })),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(1);
    expect(bodies.reduce((sum, b) => sum + b.ignored, 0)).toBe(999);
    expect(await viewsOf('repeat-1')).toBe(1);
  });

  it('counts the same session again after 30 minutes', async () => {
    clock = NOW;
    await post({ type: 'view', articleId: 'later-1', sessionId: 'reader-later' });
    clock = NOW + 31 * 60_000;
    const response = await post({ type: 'view', articleId: 'later-1', sessionId: 'reader-later' });
    expect(await response.json()).toEqual({ accepted: 1, ignored: 0 });
    clock = NOW;
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
      { 'content-type': 'application/json' },
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2, ignored: 1 });
    const trail = await readHourTrail(table, 'daily', hourKey(NOW), NOW);
    expect(trail.engagements.filter((e) => e.articleId === 'batch-1')).toEqual([
      { sessionId: 'batch-session', articleId: 'batch-1', seconds: 42, scrollDepth: 0.8, ts: NOW },
    ]);
  });

  it('keeps the largest engagement total when flushes arrive out of order', async () => {
    await post({ type: 'engage', articleId: 'eng-1', sessionId: 'eng-session', seconds: 90, scrollDepth: 1 });
    const stale = await post({ type: 'engage', articleId: 'eng-1', sessionId: 'eng-session', seconds: 30, scrollDepth: 0.2 });
    expect(await stale.json()).toEqual({ accepted: 0, ignored: 1 });
    const trail = await readHourTrail(table, 'daily', hourKey(NOW), NOW);
    expect(trail.engagements.find((e) => e.articleId === 'eng-1')?.seconds).toBe(90);
  });

  it('accepts bots and counts nothing for them', async () => {
    const response = await post({ type: 'view', articleId: 'bot-1', sessionId: 'bot-session' }, { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 0, ignored: 1 });
    expect(await viewsOf('bot-1')).toBe(0);
  });

  it('stores no raw IP address', async () => {
    await app.request('/v1/sites/daily/pixel.gif?articleId=pixel-1', {
      headers: { 'x-forwarded-for': '203.0.113.77', 'user-agent': BROWSER_UA },
    });
    const dump = JSON.stringify(await table.items());
    expect(dump).not.toContain('203.0.113.77');
    expect(await viewsOf('pixel-1')).toBe(1);
  });
});

describe('the pixel', () => {
  it('answers a GIF and counts a view with the given session', async () => {
    const response = await app.request('/v1/sites/daily/pixel.gif?articleId=pixel-2&sessionId=pixel-session-1', {
      headers: { 'user-agent': BROWSER_UA },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(new Uint8Array(await response.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0x47, 0x49, 0x46]));
    expect(await viewsOf('pixel-2')).toBe(1);
  });

  it('gives the same hashed session to the same visitor on the same day (repeat ignored)', async () => {
    const request = () =>
      app.request('/v1/sites/daily/pixel.gif?articleId=pixel-3', { headers: { 'x-forwarded-for': '198.51.100.5', 'user-agent': BROWSER_UA } });
    await request();
    await request();
    expect(await viewsOf('pixel-3')).toBe(1);
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
