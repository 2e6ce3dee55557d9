import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createLocalApp } from '../../local/local-app.ts';
import { getArticle, upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { asReader, testReaders } from '../support/readers.ts';
import { BROWSER_UA } from '../support/beacon-load.ts';
import { LIST_NAMES } from '../../shared/lists/list-item.ts';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { DAY_MS, HOUR_MS } from '../../shared/time.ts';
import { STACK_TRACE } from '../support/hostile-requests.ts';
import { TEST_ORIGIN, givenSite } from '../support/sites.ts';
import { tableSnapshot, watchWrites } from '../support/table-watch.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Security (issue 7): spoofed beacon metadata never reaches the lists of a site that does not trust it, and on
 * a site that does it never overwrites admin or feed metadata; a title with markup is served verbatim as JSON
 * data (that widgets.js renders it as text is checked in Chromium by tests/browser/sdk.test.ts, "renders every
 * block ... markup stays text", and tests/browser/demo.test.ts); every admin route refuses a missing, malformed,
 * wrong or other site's key and writes nothing.
 */

const NOW = Date.now();
const SPOOF = 'SPOOFED-by-beacon';
const MARKUP = '<img src=x onerror=alert(1)>';
const published = new Date(NOW - HOUR_MS).toISOString();

let table: TestTable;
let app: ReturnType<typeof createLocalApp>;
let writes: ReturnType<typeof watchWrites>;
const keys: Record<string, string> = {};

const article = (id: string, title: string, section = 'world') => ({ articleId: id, title, url: `https://news.example/${id}`, section, tags: ['safe'], publishedAt: published });
// A page of the site (its url on the site's origin) with an image elsewhere: the image is never taken.
const spoofedMeta = (id: string) => ({ title: `${SPOOF} ${id}`, url: `https://news.example/${id}`, section: 'spoofed', tags: ['spoofed'], publishedAt: new Date(NOW - 60_000).toISOString(), image: 'https://evil.example/x.jpg' });

beforeAll(async () => {
  table = await createTestTable();
  keys.daily = (await givenSite(table, { site: 'daily' })).adminKey; // does not trust beacon metadata
  keys.trusty = (await givenSite(table, { site: 'trusty', origins: [TEST_ORIGIN], trustBeaconMetadata: true })).adminKey;
  keys.herald = (await givenSite(table, { site: 'herald' })).adminKey;
  for (const site of ['daily', 'trusty']) {
    await upsertArticle(table, site, article('admin-1', 'Admin headline'), 'admin', new Date(NOW - DAY_MS));
    await upsertArticle(table, site, article('feed-1', 'Feed headline', 'sport'), 'feed', new Date(NOW - DAY_MS));
    await upsertArticle(table, site, article('markup-1', MARKUP), 'admin', new Date(NOW - DAY_MS));
  }
  app = createLocalApp({ db: table, sites: cachedSiteLookup(table, Date.now), clock: Date.now, ...testReaders() });
  writes = watchWrites(table.client);

  // Enough readers that every article, spoofed ones included, would qualify for every list.
  for (const site of ['daily', 'trusty']) {
    for (let reader = 0; reader < 6; reader++) {
      const sessionId = `${site}-reader-${reader}`;
      const events = ['admin-1', 'feed-1', 'markup-1', 'spoof-1', 'spoof-2'].flatMap((id) => [
        { type: 'view', articleId: id, sessionId, meta: spoofedMeta(id) },
        { type: 'engage', articleId: id, sessionId, seconds: 120, scrollDepth: 1 },
      ]);
      const headers = { origin: TEST_ORIGIN, 'content-type': 'text/plain', 'user-agent': BROWSER_UA, ...asReader(sessionId) };
      const response = await app.request(`/v1/sites/${site}/events`, { method: 'POST', body: JSON.stringify({ events }), headers });
      expect(response.status).toBe(202);
    }
    await rankSite(table, (await getSite(table, site))!, Date.now());
  }
});
afterAll(() => table.drop());

/** Every list (site-wide and per section), related stories and widgets a page of `site` can get. */
async function everythingServed(site: string): Promise<string> {
  const bodies: string[] = [];
  const sections = ['world', 'sport', 'spoofed'];
  for (const list of LIST_NAMES) {
    for (const query of ['', ...sections.map((s) => `&section=${s}`)]) bodies.push(await get(`/v1/sites/${site}/lists/${list}?limit=50${query}`));
  }
  for (const id of ['admin-1', 'feed-1', 'markup-1']) {
    bodies.push(await get(`/v1/sites/${site}/articles/${id}/related?limit=50`));
    bodies.push(await get(`/v1/sites/${site}/widgets?articleId=${id}&limit=50`));
  }
  bodies.push(await get(`/v1/sites/${site}/widgets?limit=50`));
  return bodies.join('\n');
}

async function get(path: string): Promise<string> {
  const response = await app.request(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type'), path).toContain('application/json');
  return response.text();
}

describe('spoofed beacon metadata', () => {
  it('never reaches a list or widget of a site that does not trust it, nor its catalog, nor another site', async () => {
    const served = await everythingServed('daily');
    expect(served).toContain('Admin headline'); // the lists are not empty
    expect(served).not.toContain(SPOOF);
    expect(served).not.toContain('evil.example');
    expect(served).not.toMatch(/"articleId":"spoof-\d"/);
    expect(await getArticle(table, 'daily', 'spoof-1')).toBeUndefined();
    expect(await getArticle(table, 'daily', 'admin-1')).toMatchObject({ title: 'Admin headline', source: 'admin' });
    // Not stored anywhere for this site, not even as a raw event.
    const items = (await table.items()).filter((i) => String(i.pk).includes('#daily') || String(i.pk).endsWith('daily'));
    expect(JSON.stringify(items)).not.toContain(SPOOF);
    // The rank job keeps state (stats, related) only for catalog articles, so ids a client makes up cost it
    // nothing: an article outside the catalog has no view counts to serve.
    expect((await app.request('/v1/sites/daily/articles/spoof-1/stats')).status).toBe(404);
  });

  it('on a site that trusts it, fills only articles the catalog lacks, never over admin or feed metadata', async () => {
    expect(await getArticle(table, 'trusty', 'admin-1')).toMatchObject({ title: 'Admin headline', url: 'https://news.example/admin-1', section: 'world', source: 'admin' });
    expect(await getArticle(table, 'trusty', 'feed-1')).toMatchObject({ title: 'Feed headline', url: 'https://news.example/feed-1', section: 'sport', source: 'feed' });
    expect(await getArticle(table, 'trusty', 'markup-1')).toMatchObject({ title: MARKUP, source: 'admin' });
    const filled = await getArticle(table, 'trusty', 'spoof-1');
    expect(filled).toMatchObject({ title: `${SPOOF} spoof-1`, source: 'beacon' });
    expect(filled?.image).toBeUndefined(); // on another host than the site's
    const served = await everythingServed('trusty');
    expect(served).not.toContain('evil.example');
    for (const id of ['admin-1', 'feed-1', 'markup-1']) expect(served, id).not.toContain(`${SPOOF} ${id}`);
    expect(served).toContain(`${SPOOF} spoof-1`); // trusted, for an article nobody else described
    // A trusting site's beacons do not touch the other sites.
    expect(await getArticle(table, 'daily', 'spoof-2')).toBeUndefined();
    expect(await getArticle(table, 'herald', 'spoof-1')).toBeUndefined();
  });
});

describe('a title with markup', () => {
  it('is served verbatim, as JSON string data, in lists, related stories and widgets', async () => {
    const latest = JSON.parse(await get('/v1/sites/daily/lists/latest?limit=50')) as { items: { articleId: string; title: string }[] };
    expect(latest.items.find((i) => i.articleId === 'markup-1')?.title).toBe(MARKUP);
    const widgets = JSON.parse(await get('/v1/sites/daily/widgets?articleId=admin-1&limit=50')) as Record<string, { articleId: string; title: string }[]>;
    const shown = Object.values(widgets).filter(Array.isArray).flat().filter((i) => i.articleId === 'markup-1');
    expect(shown.length).toBeGreaterThan(0);
    for (const item of shown) expect(item.title).toBe(MARKUP);
    const related = JSON.parse(await get('/v1/sites/daily/articles/admin-1/related?limit=50')) as { items: { articleId: string; title: string }[] };
    expect(related.items.find((i) => i.articleId === 'markup-1')?.title).toBe(MARKUP);
  });
});

describe('admin routes', () => {
  const routes = [...new Set(createAdminApp({ db: { client: undefined as never, tableName: 'x' }, sites: async () => undefined, clock: Date.now }).routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
  const bodies: Record<string, string> = {
    'PUT /v1/sites/:site/articles/:articleId': JSON.stringify({ title: 'Hijacked', url: 'https://evil.example/h', publishedAt: published }),
    'PUT /v1/sites/:site/pins/:articleId': JSON.stringify({ until: new Date(NOW + DAY_MS).toISOString() }),
  };
  const credentials: { name: string; header: (site: string) => string | undefined; status: number }[] = [
    { name: 'no key', header: () => undefined, status: 401 },
    { name: 'a malformed header', header: (site) => `Token ${keys[site]}`, status: 401 },
    { name: 'the key without the scheme', header: (site) => keys[site], status: 401 },
    { name: 'a wrong key', header: () => 'Bearer np_wrong-key-0000000000000000000000', status: 403 },
    { name: 'a key one character off', header: (site) => `Bearer ${keys[site]!.slice(0, -1)}${keys[site]!.endsWith('A') ? 'B' : 'A'}`, status: 403 },
    { name: "another site's key", header: (site) => `Bearer ${keys[site === 'daily' ? 'herald' : 'daily']}`, status: 403 },
    { name: 'the key in the query string instead', header: () => undefined, status: 401 },
  ];

  it('are the ones this test covers', () => {
    expect(routes.sort()).toEqual([
      'DELETE /v1/sites/:site/pins/:articleId',
      'GET /v1/sites/:site/dashboard/hourly-views',
      'GET /v1/sites/:site/pins',
      'PUT /v1/sites/:site/articles/:articleId',
      'PUT /v1/sites/:site/pins/:articleId',
    ]);
  });

  it.each(credentials)('refuse $name on every route of every site, with $status, and write nothing', async ({ name, header, status }) => {
    const before = await tableSnapshot(table);
    const writesBefore = writes.count();
    for (const route of routes) {
      for (const site of ['daily', 'trusty']) {
        const [method, template] = route.split(' ') as [string, string];
        let path = template.replace(':site', site).replace(':articleId', 'admin-1');
        if (name.includes('query string')) path += `?key=${encodeURIComponent(keys[site]!)}&authorization=${encodeURIComponent(`Bearer ${keys[site]}`)}`;
        const auth = header(site);
        const response = await app.request(path, { method, headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, ...(bodies[route] ? { body: bodies[route] } : {}) });
        const text = await response.text();
        expect(response.status, `${route} on ${site}: ${text}`).toBe(status);
        expect(JSON.parse(text).error.code).toBe(status === 401 ? 'unauthorized' : 'forbidden');
        expect(text).not.toMatch(STACK_TRACE);
        for (const secret of Object.values(keys)) expect(text).not.toContain(secret);
      }
    }
    expect(writes.names.slice(writesBefore)).toEqual([]);
    expect(await tableSnapshot(table)).toBe(before);
  });

  it("accept the site's own key (so the refusals above are about the key)", async () => {
    const response = await app.request('/v1/sites/daily/pins', { headers: { authorization: `Bearer ${keys.daily}` } });
    expect(response.status).toBe(200);
  });
});
