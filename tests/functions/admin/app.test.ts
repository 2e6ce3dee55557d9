import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp, MAX_ADMIN_BODY_BYTES } from '../../../functions/admin/app.ts';
import { getArticle, upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { readPins } from '../../../shared/catalog/pins-store.ts';
import { cachedSiteLookup } from '../../../shared/sites/site-cache.ts';
import { DAY_MS } from '../../../shared/time.ts';
import { createLocalApp } from '../../../local/local-app.ts';
import { testReaders } from '../../support/readers.ts';
import { createDocumentClient } from '../../../shared/store/dynamo-client.ts';
import { freePort } from '../../../local/dynamodb-local.ts';
import { givenSite, TEST_ORIGIN } from '../../support/sites.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { openApiValidator } from '../../support/openapi-validator.ts';
import { openApiDocument } from '../../../shared/http/contract/openapi-document.ts';
import { recordEvents } from '../../../shared/ingest/record-events.ts';
import { rankSite } from '../../../shared/rank/rank-site.ts';
import { getSite } from '../../../shared/sites/site-store.ts';

const validate = openApiValidator(openApiDocument() as never);

const NOW = Date.parse('2026-11-28T16:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

let table: TestTable;
let app: ReturnType<typeof createAdminApp>;
let key: string;
let otherKey: string;

const story = {
  title: 'Rates held steady',
  url: 'https://news.example/rates',
  section: 'Business',
  tags: ['Economy'],
  publishedAt: '2026-11-28T10:00:00+01:00',
  image: 'https://news.example/rates.jpg',
};

beforeAll(async () => {
  table = await createTestTable();
  key = (await givenSite(table)).adminKey;
  otherKey = (await givenSite(table, { site: 'herald' })).adminKey;
  app = createAdminApp({ db: table, sites: cachedSiteLookup(table, () => NOW), clock: () => NOW });
});
afterAll(() => table.drop());

/** `auth` null sends no Authorization header. */
function call(method: string, path: string, body?: unknown, auth: string | null = `Bearer ${key}`) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth !== null) headers.authorization = auth;
  return app.request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
}

describe('admin auth', () => {
  const routes: [string, string, unknown?][] = [
    ['PUT', '/v1/sites/daily/articles/story-1', story],
    ['GET', '/v1/sites/daily/pins'],
    ['PUT', '/v1/sites/daily/pins/story-1', { until: iso(NOW + DAY_MS) }],
    ['DELETE', '/v1/sites/daily/pins/story-1'],
  ];
  const cases: { name: string; auth: string | null; status: number; challenge: boolean }[] = [
    { name: 'no Authorization header', auth: null, status: 401, challenge: true },
    { name: 'a Basic header', auth: 'Basic dXNlcjpwYXNz', status: 401, challenge: true },
    { name: 'Bearer without a token', auth: 'Bearer ', status: 401, challenge: true },
    { name: 'a token with spaces', auth: 'Bearer np_a np_b', status: 401, challenge: true },
    { name: 'a wrong key', auth: 'Bearer np_not-the-key', status: 403, challenge: false },
    { name: "another site's key", auth: 'other', status: 403, challenge: false },
  ];

  it.each(cases)('answers $status for $name on every route and writes nothing', async ({ auth, status, challenge }) => {
    const before = await table.items();
    for (const [method, path, body] of routes) {
      const response = await call(method, path, body, auth === 'other' ? `Bearer ${otherKey}` : auth);
      expect(response.status, `${method} ${path}`).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect((await response.json()).error.code).toBe(status === 401 ? 'unauthorized' : 'forbidden');
      if (challenge) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      else expect(response.headers.get('www-authenticate')).toBeNull();
    }
    expect(await table.items()).toEqual(before);
  });

  it('accepts the scheme in any case', async () => {
    expect((await call('GET', '/v1/sites/daily/pins', undefined, `bearer ${key}`)).status).toBe(200);
  });

  it('answers 404 for an unknown site and 400 for a malformed one, once a token is given', async () => {
    const unknown = await call('GET', '/v1/sites/nosuchsite/pins');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('unknown_site');
    const malformed = await call('GET', '/v1/sites/Bad_Site/pins');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toContain('site');
    expect((await call('GET', '/v1/sites/nosuchsite/pins', undefined, null)).status).toBe(401);
  });
});

describe('PUT /v1/sites/{site}/articles/{articleId}', () => {
  it('stores the article as admin metadata and answers it', async () => {
    const response = await call('PUT', '/v1/sites/daily/articles/story-1', story);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const expected = {
      articleId: 'story-1',
      title: 'Rates held steady',
      url: 'https://news.example/rates',
      section: 'business',
      tags: ['economy'],
      publishedAt: '2026-11-28T09:00:00.000Z',
      image: 'https://news.example/rates.jpg',
      source: 'admin',
      updatedAt: iso(NOW),
    };
    expect(await response.json()).toEqual(expected);
    expect(await getArticle(table, 'daily', 'story-1')).toEqual(expected);
    expect(await getArticle(table, 'herald', 'story-1')).toBeUndefined();
  });

  it('overwrites beacon and feed metadata, and a later feed write does not overwrite it', async () => {
    const base = { articleId: 'story-2', url: 'https://news.example/2', tags: [], publishedAt: iso(NOW - DAY_MS) };
    await upsertArticle(table, 'daily', { ...base, title: 'From a beacon' }, 'beacon', new Date(NOW - 2000));
    await upsertArticle(table, 'daily', { ...base, title: 'From the feed' }, 'feed', new Date(NOW - 1000));
    expect((await getArticle(table, 'daily', 'story-2'))?.title).toBe('From the feed');

    const response = await call('PUT', '/v1/sites/daily/articles/story-2', { url: base.url, publishedAt: base.publishedAt, title: 'Edited' });
    expect(response.status).toBe(200);
    expect(await getArticle(table, 'daily', 'story-2')).toMatchObject({ title: 'Edited', source: 'admin' });

    expect(await upsertArticle(table, 'daily', { ...base, title: 'Feed again' }, 'feed', new Date(NOW + 1000))).toBe(false);
    expect(await upsertArticle(table, 'daily', { ...base, title: 'Beacon again' }, 'beacon', new Date(NOW + 1000))).toBe(false);
    expect(await getArticle(table, 'daily', 'story-2')).toMatchObject({ title: 'Edited', source: 'admin' });

    // and admin may edit its own metadata again
    await call('PUT', '/v1/sites/daily/articles/story-2', { url: base.url, publishedAt: base.publishedAt, title: 'Edited twice' });
    expect((await getArticle(table, 'daily', 'story-2'))?.title).toBe('Edited twice');
  });

  const cases: { name: string; path?: string; body: unknown; status: number; code: string; mentions?: string }[] = [
    { name: 'bad JSON', body: '{"title":', status: 400, code: 'invalid_json' },
    { name: 'an empty body', body: '', status: 400, code: 'invalid_json' },
    { name: 'a JSON array', body: [story], status: 400, code: 'invalid_request' },
    { name: 'a missing title', body: { ...story, title: undefined }, status: 400, code: 'invalid_request', mentions: 'title' },
    { name: 'a blank title', body: { ...story, title: '   ' }, status: 400, code: 'invalid_request', mentions: 'title' },
    { name: 'too long a title', body: { ...story, title: 't'.repeat(301) }, status: 400, code: 'invalid_request', mentions: 'title' },
    { name: 'a non-http url', body: { ...story, url: 'javascript:alert(1)' }, status: 400, code: 'invalid_request', mentions: 'url' },
    { name: 'too long a tag', body: { ...story, tags: ['x'.repeat(65)] }, status: 400, code: 'invalid_request', mentions: 'tags[0]' },
    { name: 'too many tags', body: { ...story, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, status: 400, code: 'invalid_request', mentions: 'tags' },
    { name: 'a date that is not ISO', body: { ...story, publishedAt: 'yesterday' }, status: 400, code: 'invalid_request', mentions: 'publishedAt' },
    { name: 'an unknown field', body: { ...story, views: 3 }, status: 400, code: 'invalid_request', mentions: 'views' },
    { name: 'an articleId in the body (the path gives it)', body: { ...story, articleId: 'story-3' }, status: 400, code: 'invalid_request', mentions: 'articleId' },
    { name: 'an article id with a key separator', path: '/v1/sites/daily/articles/a%23b', body: story, status: 400, code: 'invalid_request', mentions: 'articleId' },
    { name: 'too long an article id', path: `/v1/sites/daily/articles/${'a'.repeat(129)}`, body: story, status: 400, code: 'invalid_request', mentions: 'articleId' },
    { name: 'an oversized body', body: { ...story, title: 'x'.repeat(MAX_ADMIN_BODY_BYTES) }, status: 413, code: 'payload_too_large' },
  ];

  it.each(cases)('answers $status for $name and writes nothing', async ({ path, body, status, code, mentions }) => {
    const before = await table.items();
    const response = await call('PUT', path ?? '/v1/sites/daily/articles/story-3', body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const json = await response.json();
    expect(json.error.code).toBe(code);
    if (mentions) expect(json.error.message).toContain(mentions);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/);
    expect(await table.items()).toEqual(before);
  });
});

describe('pins', () => {
  it('puts, lists and deletes a pin', async () => {
    const until = '2026-11-29T18:00:00+01:00';
    const put = await call('PUT', '/v1/sites/daily/pins/story-1', { until, note: '  front page  ' });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ articleId: 'story-1', until: '2026-11-29T17:00:00.000Z', note: 'front page', createdAt: iso(NOW) });

    expect(await readPins(table, 'daily')).toEqual([{ articleId: 'story-1', until: '2026-11-29T17:00:00.000Z', note: 'front page', createdAt: iso(NOW) }]);
    expect(await readPins(table, 'herald')).toEqual([]);
    const item = (await table.items()).find((i) => i.pk === 'PINS#daily' && i.sk === 'story-1');
    expect(item?.expiresAt).toBe(Math.floor((Date.parse('2026-11-29T17:00:00Z') + DAY_MS) / 1000));

    const list = await call('GET', '/v1/sites/daily/pins');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({
      site: 'daily',
      pins: [{ articleId: 'story-1', until: '2026-11-29T17:00:00.000Z', note: 'front page', createdAt: iso(NOW), expired: false }],
    });

    // re-pinning replaces the pin (a new until, the note dropped)
    expect((await call('PUT', '/v1/sites/daily/pins/story-1', { until: iso(NOW + 2 * DAY_MS) })).status).toBe(200);
    expect(await readPins(table, 'daily')).toEqual([{ articleId: 'story-1', until: iso(NOW + 2 * DAY_MS), createdAt: iso(NOW) }]);

    const removed = await call('DELETE', '/v1/sites/daily/pins/story-1');
    expect(removed.status).toBe(204);
    expect(await readPins(table, 'daily')).toEqual([]);
    const again = await call('DELETE', '/v1/sites/daily/pins/story-1');
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe('unknown_pin');
  });

  it('lists expired pins as expired (they stay for replays until their TTL)', async () => {
    const past = createAdminApp({ db: table, sites: cachedSiteLookup(table, () => NOW), clock: () => NOW - 3 * DAY_MS });
    const put = await past.request('/v1/sites/daily/pins/story-2', {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ until: iso(NOW - DAY_MS) }),
    });
    expect(put.status).toBe(200);
    const list = await (await call('GET', '/v1/sites/daily/pins')).json();
    expect(list.pins).toEqual([expect.objectContaining({ articleId: 'story-2', expired: true })]);
    expect((await call('DELETE', '/v1/sites/daily/pins/story-2')).status).toBe(204);
  });

  const cases: { name: string; path?: string; body: unknown; status: number; code: string; mentions?: string }[] = [
    { name: 'an until in the past', body: { until: iso(NOW - 1000) }, status: 400, code: 'invalid_request', mentions: 'until: must be in the future' },
    { name: 'an until of now', body: { until: iso(NOW) }, status: 400, code: 'invalid_request', mentions: 'until' },
    { name: 'an until more than 90 days ahead', body: { until: iso(NOW + 91 * DAY_MS) }, status: 400, code: 'invalid_request', mentions: 'until: must be at most 90 days ahead' },
    { name: 'an until that is not ISO', body: { until: 'tomorrow' }, status: 400, code: 'invalid_request', mentions: 'until' },
    { name: 'a missing until', body: { note: 'x' }, status: 400, code: 'invalid_request', mentions: 'until' },
    { name: 'too long a note', body: { until: iso(NOW + DAY_MS), note: 'n'.repeat(501) }, status: 400, code: 'invalid_request', mentions: 'note' },
    { name: 'an unknown field', body: { until: iso(NOW + DAY_MS), rank: 1 }, status: 400, code: 'invalid_request', mentions: 'rank' },
    { name: 'bad JSON', body: 'until=tomorrow', status: 400, code: 'invalid_json' },
    { name: 'a malformed article id', path: '/v1/sites/daily/pins/a%20b', body: { until: iso(NOW + DAY_MS) }, status: 400, code: 'invalid_request', mentions: 'articleId' },
    { name: 'an article not in the catalog', path: '/v1/sites/daily/pins/nowhere', body: { until: iso(NOW + DAY_MS) }, status: 404, code: 'unknown_article', mentions: 'nowhere' },
  ];

  it.each(cases)('answers $status for $name and writes nothing', async ({ path, body, status, code, mentions }) => {
    const before = await table.items();
    const response = await call('PUT', path ?? '/v1/sites/daily/pins/story-1', body);
    expect(response.status).toBe(status);
    const json = await response.json();
    expect(json.error.code).toBe(code);
    if (mentions) expect(json.error.message).toContain(mentions);
    expect(await table.items()).toEqual(before);
  });
});

describe('GET /v1/sites/{site}/dashboard/hourly-views', () => {
  it('says no rank run counted the site yet, then serves what the last run wrote, as documented, to its key only', async () => {
    const before = await call('GET', '/v1/sites/daily/dashboard/hourly-views');
    expect(before.status).toBe(404);
    expect((await before.json()).error.code).toBe('not_ranked_yet');
    await upsertArticle(table, 'daily', { articleId: 'dash-1', title: 'Dashboard story', url: 'https://news.example/d', section: 'world', tags: [], publishedAt: iso(NOW - 3_600_000) }, 'admin', new Date(NOW));
    await recordEvents(table, 'daily', [{ type: 'view', articleId: 'dash-1', sessionId: 'reader-dash-1', ts: NOW - 60_000 }], { isBot: false });
    await rankSite(table, (await getSite(table, 'daily'))!, NOW);
    const response = await call('GET', '/v1/sites/daily/dashboard/hourly-views');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(validate('HourlyViews', body)).toEqual([]);
    expect(body).toMatchObject({ site: 'daily', generatedAt: iso(NOW), sections: [{ section: 'world' }], articles: [{ articleId: 'dash-1', title: 'Dashboard story', section: 'world' }] });
    expect(body.total.slice(-2)).toEqual([1, 0]); // read at 15:59; the run is at 16:00
    expect((await call('GET', '/v1/sites/daily/dashboard/hourly-views', undefined, `Bearer ${otherKey}`)).status).toBe(403);
    expect((await call('GET', '/v1/sites/daily/dashboard/hourly-views', undefined, null)).status).toBe(401);
  });
});

describe('mounted in the local app', () => {
  it('serves admin routes and leaves beacons free of admin auth', async () => {
    const local = createLocalApp({ db: table, sites: cachedSiteLookup(table, () => NOW), clock: () => NOW, ...testReaders() });
    const pins = await local.request('/v1/sites/daily/pins', { headers: { authorization: `Bearer ${key}` } });
    expect(pins.status).toBe(200);
    expect((await local.request('/v1/sites/daily/pins')).status).toBe(401);
    const beacon = await local.request('/v1/sites/daily/events', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: TEST_ORIGIN },
      body: JSON.stringify({ type: 'view', articleId: 'story-1', sessionId: 'session-0001' }),
    });
    expect(beacon.status).toBe(202);
  });
});

describe('when the store is unavailable', () => {
  it('answers 503 with Retry-After, never a 500', async () => {
    const db = { client: createDocumentClient({ endpoint: `http://127.0.0.1:${await freePort()}`, region: 'us-east-1' }), tableName: 'down' };
    const down = createAdminApp({ db, sites: cachedSiteLookup(db, Date.now), clock: Date.now });
    const response = await down.request('/v1/sites/daily/pins', { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await response.json()).error.code).toBe('store_unavailable');
  });
});
