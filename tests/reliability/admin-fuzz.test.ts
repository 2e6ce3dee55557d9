import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { getArticle } from '../../shared/catalog/catalog-store.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { DAY_MS } from '../../shared/time.ts';
import {
  expectSafeAnswer,
  fuzzyJson,
  fuzzyValue,
  hostileHeaders,
  hostileString,
  method,
  requestInit,
  segment,
  withKey,
  type Fuzzy,
  type HostileRequest,
} from '../support/hostile-requests.ts';
import { givenSite } from '../support/sites.ts';
import { tableSnapshot, watchWrites } from '../support/table-watch.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Property-based tests of the admin API (issue 7): generated requests with every kind of key (none, malformed,
 * wrong, another site's, this site's) and hostile bodies never get a 5xx, and a refused one writes nothing;
 * valid catalog metadata at the edges of the schema is stored as answered.
 */

// Real time: DynamoDB Local deletes items whose TTL has passed, so a clock in the past would make pins vanish.
const NOW = Date.now();

let table: TestTable;
let app: ReturnType<typeof createAdminApp>;
let writes: ReturnType<typeof watchWrites>;
let key: string;
let otherKey: string;
let snapshot: string;
let generated = 0;

beforeAll(async () => {
  table = await createTestTable();
  key = (await givenSite(table, { site: 'daily' })).adminKey;
  otherKey = (await givenSite(table, { site: 'herald' })).adminKey;
  app = createAdminApp({ db: table, sites: cachedSiteLookup(table, () => NOW), clock: () => NOW });
  writes = watchWrites(table.client);
  // Articles to pin, so that pin requests get past the catalog check.
  for (const id of ['story-1', 'story-2']) {
    await app.request(`/v1/sites/daily/articles/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ title: id, url: `https://news.example/${id}`, publishedAt: '2026-11-28T10:00:00Z' }),
    });
  }
  snapshot = await tableSnapshot(table);
});
afterAll(async () => {
  console.log(`admin fuzz: ${generated} generated requests`);
  await table.drop();
});

/** Sends one request: never a 5xx; a refusal leaves the table as it was and (but for a no-op DELETE) sends no write. */
async function send(request: HostileRequest) {
  generated++;
  const writesBefore = writes.count();
  const response = await app.request(request.path, requestInit(request));
  const answer = await expectSafeAnswer(response, request);
  if (answer.status >= 400) {
    const code = (answer.json as { error: { code: string } } | undefined)?.error.code;
    // Removing a pin that is not there is one DeleteItem that finds nothing: it answers 404 and changes nothing.
    if (code !== 'unknown_pin') expect(writes.names.slice(writesBefore), `${request.method} ${request.path.slice(0, 100)} -> ${answer.status} tried to write`).toEqual([]);
    expect(await tableSnapshot(table)).toBe(snapshot);
  } else if (writes.count() > writesBefore) {
    snapshot = await tableSnapshot(table);
  }
  return answer;
}

const VALID_ARTICLE: Record<string, Fuzzy> = { title: 'A story', url: 'https://news.example/a', section: 'world', tags: ['x'], publishedAt: '2026-11-28T10:00:00Z', image: 'https://news.example/a.jpg' };
const VALID_PIN: Record<string, Fuzzy> = { until: new Date(NOW + DAY_MS).toISOString(), note: 'top' };

const body = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(VALID_ARTICLE, VALID_PIN), fc.constantFrom('title', 'url', 'section', 'tags', 'publishedAt', 'image', 'until', 'note', 'articleId', '__proto__', 'constructor'), fc.option(fuzzyValue, { nil: undefined, freq: 5 }))
      .map(([base, k, v]) => fuzzyJson(withKey(base, k, v))),
  },
  { weight: 2, arbitrary: fuzzyValue.map(fuzzyJson) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '{"title":', '{"__proto__":{"admin":true}}', `${'['.repeat(10_000)}`, JSON.stringify({ ...VALID_ARTICLE, title: 'x'.repeat(20_000) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
);

const authorization = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('valid', 'other', 'none', 'Bearer np_wrong', 'Basic dXNlcjpwYXNz', 'Bearer ', 'bearer VALID', 'Bearer  VALID', 'Bearer VALID extra', 'Bearer\tVALID', 'VALID') },
  { weight: 1, arbitrary: fc.integer({ min: 257, max: 100_000 }).map((n) => `Bearer ${'a'.repeat(n)}`) },
  { weight: 1, arbitrary: hostileString.map((s) => `Bearer ${s}`) },
);

function authHeader(choice: string): Record<string, string> {
  if (choice === 'none') return {};
  const value = choice === 'valid' ? `Bearer ${key}` : choice === 'other' ? `Bearer ${otherKey}` : choice.replace('VALID', key);
  return /^[\x20-\x7e\t]*$/.test(value) ? { authorization: value } : {};
}

describe('hostile admin requests', () => {
  it('lists the routes it covers', () => {
    const routes = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)); // 'ALL /*' is middleware
    expect([...routes].sort()).toEqual([
      'DELETE /v1/sites/:site/pins/:articleId',
      'GET /v1/sites/:site/dashboard/hourly-views',
      'GET /v1/sites/:site/pins',
      'PUT /v1/sites/:site/articles/:articleId',
      'PUT /v1/sites/:site/pins/:articleId',
    ]);
  });

  it('never answer 5xx, and a refused one writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('PUT', 'GET', 'DELETE') }, { weight: 1, arbitrary: method }),
          path: fc.oneof(
            fc.tuple(segment(['daily', 'herald', 'nosuch']), segment(['story-1', 'story-2', 'new-1'])).map(([s, a]) => `/v1/sites/${s}/articles/${a}`),
            fc.tuple(segment(['daily', 'herald', 'nosuch']), segment(['story-1', 'story-2', 'new-1'])).map(([s, a]) => `/v1/sites/${s}/pins/${a}`),
            segment(['daily', 'herald']).map((s) => `/v1/sites/${s}/pins`),
            segment(['daily', 'herald', 'nosuch']).map((s) => `/v1/sites/${s}/dashboard/hourly-views`),
          ),
          auth: authorization,
          headers: hostileHeaders(),
          body,
        }),
        async ({ auth, ...request }) => {
          const headers = { ...request.headers, ...authHeader(auth) };
          const answer = await send({ ...request, headers });
          const site = /^\/v1\/sites\/([^/]+)\//.exec(request.path)?.[1];
          const ownKey = site === 'daily' ? ['valid', 'bearer VALID', 'Bearer  VALID'].includes(auth) : site === 'herald' && auth === 'other';
          if (!ownKey) {
            // Anything but this site's own key is refused before the request can do anything.
            expect(answer.status === 401 || answer.status === 403 || answer.status === 404 || answer.status === 400, answer.text.slice(0, 200)).toBe(true);
          }
        },
      ),
      {
        numRuns: 600,
        examples: [[{ method: 'PUT', path: '/v1/sites/daily/articles/story-1', auth: 'other', headers: {}, body: JSON.stringify(VALID_ARTICLE) }]],
      },
    );
  });
});

describe('valid admin requests at the edges', () => {
  const text = (max: number) =>
    fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }), fc.constantFrom('<img src=x onerror=alert(1)>', '\u{1F600}'.repeat(max), 'x'.repeat(max))).filter((s) => s.trim().length > 0 && [...s.trim()].length <= max);
  const article = fc.record(
    {
      title: text(300),
      url: fc.oneof(fc.webUrl({ size: 'small' }), fc.constant(`https://news.example/${'p'.repeat(2000)}`)),
      section: text(64).filter((s) => !s.trim().startsWith('_')),
      tags: fc.array(text(64), { maxLength: 20 }),
      publishedAt: fc.tuple(fc.integer({ min: 0, max: Date.parse('2100-01-01T00:00:00Z') }), fc.constantFrom('Z', '+14:00', '-12:00')).map(([ms, z]) => new Date(ms).toISOString().replace('Z', z)),
      image: fc.webUrl({ size: 'small' }),
    },
    { requiredKeys: ['title', 'url', 'publishedAt'] },
  );

  it('store catalog metadata exactly as they answer it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}$/), article, async (articleId, input) => {
        const answer = await send({ method: 'PUT', path: `/v1/sites/daily/articles/${articleId}`, headers: { authorization: `Bearer ${key}` }, body: JSON.stringify(input) });
        expect(answer.status, answer.text.slice(0, 300)).toBe(200);
        expect(await getArticle(table, 'daily', articleId)).toEqual(answer.json);
        expect((answer.json as { title: string }).title).toBe(input.title.trim());
      }),
      { numRuns: 150 },
    );
  });
});
