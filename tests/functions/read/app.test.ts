import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadApp } from '../../../functions/read/app.ts';
import { upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { importEvents } from '../../../shared/import/import-events.ts';
import { rankSite } from '../../../shared/rank/rank-site.ts';
import { directItemsReader } from '../../../shared/store/item-cache.ts';
import { readWidgetSources } from '../../../shared/lists/widget-sources.ts';
import { batchGetAll } from '../../../shared/store/batch-get.ts';
import { listKey } from '../../../shared/lists/list-item.ts';
import { cachedSiteLookup } from '../../../shared/sites/site-cache.ts';
import { getSite } from '../../../shared/sites/site-store.ts';
import { importLine, sortedEvents, syntheticCatalog, type TrafficOptions } from '../../../sim/synthetic-traffic.ts';
import { openApiValidator } from '../../support/openapi-validator.ts';
import { givenSite } from '../../support/sites.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

const HOUR = 3_600_000;
const AT = Date.parse('2026-11-27T18:00:00Z');
const traffic: TrafficOptions = { seed: 11, start: AT - 24 * HOUR, end: AT, articles: 60, sessions: 900, sections: ['world', 'sport', 'tech'] };

let table: TestTable;
let app: ReturnType<typeof createReadApp>;
let validate: ReturnType<typeof openApiValidator>;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'daily' });
  for (const a of syntheticCatalog(traffic)) await upsertArticle(table, 'daily', a, 'admin', new Date(AT));
  await upsertArticle(table, 'daily', { articleId: 'unread-1', title: 'Nobody read <this>', url: 'https://news.example/u', section: 'world', tags: [], publishedAt: new Date(AT - HOUR).toISOString() }, 'admin', new Date(AT));
  async function* lines() {
    for (const event of sortedEvents(traffic)) yield importLine(event);
  }
  await importEvents(table, (await getSite(table, 'daily'))!, lines(), new Date(AT + HOUR));
  await rankSite(table, (await getSite(table, 'daily'))!, AT);
  app = createReadApp({ db: table, sites: cachedSiteLookup(table, Date.now) });
  validate = openApiValidator((await get('/v1/openapi.json')).body);
});
afterAll(() => table.drop());

describe('GET /v1/sites/{site}/lists/{list}', () => {
  it.each(['popular-now', 'weekly-best', 'must-reads', 'latest'])('serves %s as documented', async (list) => {
    const { status, body, headers } = await get(`/v1/sites/daily/lists/${list}`);
    expect(status).toBe(200);
    expect(validate('List', body)).toEqual([]);
    expect(body).toMatchObject({ site: 'daily', list, section: null, generatedAt: new Date(AT).toISOString() });
    expect(body.items.length).toBe(10);
    expect(headers.get('cache-control')).toMatch(/max-age=\d+.*s-maxage=\d+.*stale-while-revalidate=\d+/);
    expect(headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(headers.get('access-control-allow-origin')).toBe('*');
  });

  it('filters by section, honours limit and exclude', async () => {
    const sport = await get('/v1/sites/daily/lists/latest?section=sport&limit=3');
    expect(sport.body.items).toHaveLength(3);
    expect(sport.body.items.every((i: { section: string }) => i.section === 'sport')).toBe(true);
    const all = await get('/v1/sites/daily/lists/weekly-best?limit=5');
    const [first, second] = all.body.items.map((i: { articleId: string }) => i.articleId);
    const without = await get(`/v1/sites/daily/lists/weekly-best?limit=5&exclude=${first},${second}`);
    expect(without.body.items.map((i: { articleId: string }) => i.articleId)).not.toContain(first);
    expect(without.body.items).toHaveLength(5);
  });

  it('answers an unknown section with an empty list, not an error', async () => {
    const { status, body } = await get('/v1/sites/daily/lists/latest?section=weather');
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
  });

  it('answers 304 to a matching If-None-Match, and a new ETag for other parameters', async () => {
    const first = await get('/v1/sites/daily/lists/popular-now');
    const etag = first.headers.get('etag')!;
    const again = await app.request('/v1/sites/daily/lists/popular-now', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get('/v1/sites/daily/lists/popular-now?limit=3')).headers.get('etag')).not.toBe(etag);
  });
});

describe('errors are clear 4xx, never 5xx', () => {
  const cases: [string, number, string][] = [
    ['/v1/sites/nosuch/lists/latest', 404, 'unknown_site'],
    ['/v1/sites/daily/lists/trending', 404, 'unknown_list'],
    ['/v1/sites/Bad_Site/lists/latest', 400, 'invalid_request'],
    ['/v1/sites/daily/lists/latest?limit=0', 400, 'invalid_request'],
    ['/v1/sites/daily/lists/latest?limit=51', 400, 'invalid_request'],
    ['/v1/sites/daily/lists/latest?limit=ten', 400, 'invalid_request'],
    ['/v1/sites/daily/lists/latest?exclude=a%23b', 400, 'invalid_request'],
    ['/v1/sites/daily/lists/latest?section=_all', 400, 'invalid_request'],
    ['/v1/sites/daily/articles/no-such-article/related', 404, 'unknown_article'],
    ['/v1/sites/daily/articles/bad%20id/related', 400, 'invalid_request'],
    ['/v1/sites/daily/articles/no-such-article/stats', 404, 'unknown_article'],
    [`/v1/sites/daily/widgets?read=${Array.from({ length: 51 }, (_, i) => `a${i}`).join(',')}`, 400, 'invalid_request'],
    ['/v1/sites/daily/nothing', 404, 'not_found'],
  ];
  it.each(cases)('%s answers %i %s', async (path, status, code) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(validate('Error', response.body)).toEqual([]);
    if (status === 400) expect(response.body.error.message).toMatch(/site|limit|exclude|section|articleId|read/);
  });
});

describe('GET /v1/sites/{site}/articles/{articleId}/related', () => {
  it('serves related stories, never the article itself', async () => {
    const weekly = await get('/v1/sites/daily/lists/weekly-best?limit=1');
    const top = weekly.body.items[0].articleId;
    const { status, body } = await get(`/v1/sites/daily/articles/${top}/related?limit=5`);
    expect(status).toBe(200);
    expect(validate('Related', body)).toEqual([]);
    expect(body.items.length).toBe(5);
    expect(body.items.map((i: { articleId: string }) => i.articleId)).not.toContain(top);
    expect(body.items.every((i: { parts: Record<string, unknown> }) => i.parts.fallback === undefined)).toBe(true); // computed, full
  });

  it('is never empty for an article the rank job has not seen yet: same section first, marked as a fallback', async () => {
    const late = { articleId: 'late-1', title: 'Published after the run', url: 'https://news.example/late-1', section: 'sport', tags: [], publishedAt: new Date(AT + 60_000).toISOString() };
    await upsertArticle(table, 'daily', late, 'admin', new Date(AT + 60_000));
    const { status, body, headers } = await get('/v1/sites/daily/articles/late-1/related?limit=8');
    expect(status).toBe(200);
    expect(validate('Related', body)).toEqual([]);
    expect(body.generatedAt).toBeNull();
    const items = body.items as { articleId: string; section: string; parts: { fallback?: string } }[];
    expect(items).toHaveLength(8);
    expect(items.map((i) => i.articleId)).not.toContain('late-1');
    expect(new Set(items.map((i) => i.articleId)).size).toBe(8);
    expect(items.every((i) => ['section-latest', 'popular-now', 'latest', 'weekly-best'].includes(i.parts.fallback ?? ''))).toBe(true);
    expect(items.slice(0, 5).every((i) => i.section === 'sport')).toBe(true);
    expect(headers.get('etag')).toMatch(/^"[^"]+"$/);

    // The next scheduled run computes its own list.
    await rankSite(table, (await getSite(table, 'daily'))!, AT + 5 * 60_000);
    const computed = await get('/v1/sites/daily/articles/late-1/related?limit=8');
    expect(computed.body.generatedAt).toBe(new Date(AT + 5 * 60_000).toISOString());
    expect(computed.body.items.length).toBeGreaterThan(0);
  });
});

describe('GET /v1/sites/{site}/widgets', () => {
  it('fills every block, with no article twice, never the current one nor the read ones', async () => {
    const current = (await get('/v1/sites/daily/lists/popular-now?limit=1')).body.items[0];
    const readIds = (await get('/v1/sites/daily/lists/weekly-best?limit=3')).body.items.map((i: { articleId: string }) => i.articleId);
    const { status, body } = await get(`/v1/sites/daily/widgets?articleId=${current.articleId}&section=${current.section}&limit=5&read=${readIds.join(',')}`);
    expect(status).toBe(200);
    expect(validate('Widgets', body)).toEqual([]);
    const blocks = [body.weeklyBest, body.popularNow, body.mustReads, body.latest, body.related];
    for (const block of blocks) expect(block).toHaveLength(5);
    const ids = blocks.flat().map((i: { articleId: string }) => i.articleId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(current.articleId);
    for (const id of readIds) expect(ids).not.toContain(id);
    expect(body.latest.every((i: { section: string }) => i.section === current.section)).toBe(true);
  });

  it('falls back for a section with no list, and for an article nobody read', async () => {
    const { body } = await get('/v1/sites/daily/widgets?articleId=unread-1&section=weather&limit=4');
    for (const block of ['weeklyBest', 'popularNow', 'mustReads', 'latest', 'related']) expect(body[block]).toHaveLength(4);
  });

  it('costs one BatchGetItem when the page names its section', async () => {
    const current = (await get('/v1/sites/daily/lists/popular-now?limit=1')).body.items[0];
    const sources = await readWidgetSources(directItemsReader(table), 'daily', current.articleId, current.section);
    console.log(`widgets read units: ${sources.readUnits}`);
    expect(sources.readUnits).toBeGreaterThan(0);
    expect(sources.readUnits).toBeLessThanOrEqual(40);
  });

  it('a list costs one GetItem of a few read units', async () => {
    const { readUnits } = await batchGetAll(table, [listKey('daily', 'popular-now', undefined)]);
    console.log(`list read units: ${readUnits}`);
    expect(readUnits).toBeGreaterThan(0);
    expect(readUnits).toBeLessThanOrEqual(8);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.request('/v1/sites/daily/widgets?limit=3');
    const again = await app.request('/v1/sites/daily/widgets?limit=3', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});

describe('GET /v1/sites/{site}/articles/{articleId}/stats', () => {
  it('counts views of a read article, and zero for a catalog article nobody read', async () => {
    const top = (await get('/v1/sites/daily/lists/weekly-best?limit=1')).body.items[0];
    const { status, body } = await get(`/v1/sites/daily/articles/${top.articleId}/stats`);
    expect(status).toBe(200);
    expect(validate('ArticleStats', body)).toEqual([]);
    expect(body.views).toBe(top.parts.views);
    expect(body.views7d).toBe(top.parts.views);
    expect((await get('/v1/sites/daily/articles/unread-1/stats')).body).toMatchObject({ views: 0, views7d: 0 });
  });
});

describe('GET /v1/openapi.json and /healthz', () => {
  it('documents every path of the ingest, read and admin apps, each with an operationId', async () => {
    const { body } = await get('/v1/openapi.json');
    expect(Object.keys(body.paths).sort()).toEqual([
      '/healthz',
      '/v1/sites/{site}/articles/{articleId}',
      '/v1/sites/{site}/articles/{articleId}/related',
      '/v1/sites/{site}/articles/{articleId}/stats',
      '/v1/sites/{site}/dashboard/hourly-views',
      '/v1/sites/{site}/events',
      '/v1/sites/{site}/lists/{list}',
      '/v1/sites/{site}/pins',
      '/v1/sites/{site}/pins/{articleId}',
      '/v1/sites/{site}/pixel.gif',
      '/v1/sites/{site}/widgets',
    ]);
    const operations = Object.values(body.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((path) => Object.values(path));
    expect(operations.every((operation) => operation.operationId)).toBe(true);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
    expect((await get('/healthz')).body).toEqual({ ok: true });
  });

  it('shows the limits the server enforces: id patterns and lengths, the list names, the 50-id lists, the cache headers', async () => {
    const { body } = await get('/v1/openapi.json');
    const params = Object.fromEntries(
      (body.paths['/v1/sites/{site}/lists/{list}'].get.parameters as { name: string; schema: Record<string, unknown> }[]).map((p) => [p.name, p.schema]),
    );
    expect(params.site).toMatchObject({ maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]*$' });
    expect(params.list).toMatchObject({ enum: ['popular-now', 'weekly-best', 'must-reads', 'latest'] });
    expect(params.exclude!.description).toContain('at most 50');
    const related = body.paths['/v1/sites/{site}/articles/{articleId}/related'].get;
    expect(related.parameters.find((p: { name: string }) => p.name === 'articleId').schema).toMatchObject({ maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}$' });
    expect(Object.keys(related.responses['200'].headers)).toEqual(['ETag', 'Cache-Control']);
    expect(Object.keys(related.responses['503'].headers)).toEqual(['Retry-After']);
    expect(body.paths['/v1/sites/{site}/pins'].get.security).toEqual([{ siteAdminKey: [] }]);
  });
});
