import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadApp } from '../../functions/read/app.ts';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { importEvents } from '../../shared/import/import-events.ts';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { importLine, sortedEvents, syntheticCatalog, type TrafficOptions } from '../../sim/synthetic-traffic.ts';
import { expectSafeAnswer, hostileHeaders, method, queryString, segment, requestInit, type HostileRequest } from '../support/hostile-requests.ts';
import { openApiValidator } from '../support/openapi-validator.ts';
import { givenSite } from '../support/sites.ts';
import { tableSnapshot, watchWrites } from '../support/table-watch.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Property-based tests of the read API (issue 7): generated hostile paths, queries and headers never get a 5xx
 * or a stack trace, never write anything, and every 200 matches the published OpenAPI document; valid queries
 * at the edges (limits, long exclude lists, odd sections) are all answered 200.
 */

const HOUR = 3_600_000;
// The last full hour: DynamoDB Local deletes items whose TTL has passed, so the data must be recent.
const AT = Math.floor(Date.now() / HOUR) * HOUR;
const traffic: TrafficOptions = { seed: 7, start: AT - 6 * HOUR, end: AT, articles: 30, sessions: 120, sections: ['world', 'sport'] };
const LISTS = ['popular-now', 'weekly-best', 'must-reads', 'latest'];

let table: TestTable;
let app: ReturnType<typeof createReadApp>;
let writes: ReturnType<typeof watchWrites>;
let validate: ReturnType<typeof openApiValidator>;
let before: string;
let articleIds: string[];
let generated = 0;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'daily' });
  const catalog = syntheticCatalog(traffic);
  for (const a of catalog) await upsertArticle(table, 'daily', a, 'admin', new Date(AT));
  articleIds = catalog.map((a) => a.articleId);
  async function* lines() {
    for (const event of sortedEvents(traffic)) yield importLine(event);
  }
  const site = (await getSite(table, 'daily'))!;
  await importEvents(table, site, lines(), new Date(AT + HOUR));
  await rankSite(table, site, AT);
  app = createReadApp({ db: table, sites: cachedSiteLookup(table, Date.now) });
  validate = openApiValidator(JSON.parse(await (await app.request('/v1/openapi.json')).text()));
  writes = watchWrites(table.client);
  before = await tableSnapshot(table);
});
afterAll(async () => {
  console.log(`read fuzz: ${generated} generated requests`);
  await table.drop();
});

const SCHEMAS: [RegExp, string][] = [
  [/^\/v1\/sites\/[^/]+\/lists\/[^/]+$/, 'List'],
  [/^\/v1\/sites\/[^/]+\/articles\/[^/]+\/related$/, 'Related'],
  [/^\/v1\/sites\/[^/]+\/articles\/[^/]+\/stats$/, 'ArticleStats'],
  [/^\/v1\/sites\/[^/]+\/widgets$/, 'Widgets'],
];

/** Sends one read request: never a 5xx, never a write, and a 200 is what the OpenAPI document promises. */
async function send(request: HostileRequest) {
  generated++;
  const writesBefore = writes.count();
  const response = await app.request(request.path, requestInit(request));
  const answer = await expectSafeAnswer(response, request);
  expect(writes.names.slice(writesBefore), `${request.method} ${request.path.slice(0, 100)} wrote`).toEqual([]);
  if (answer.status === 200 && request.method.toUpperCase() === 'GET') {
    const path = new URL(`http://x${request.path}`).pathname;
    const schema = SCHEMAS.find(([re]) => re.test(path))?.[1];
    if (schema) expect(validate(schema, answer.json), answer.text.slice(0, 300)).toEqual([]);
  }
  return answer;
}

const site = segment(['daily', 'daily', 'nosuch']);
const article = () => segment(articleIds.slice(0, 5).concat(['unknown-1']));
const readPath = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(site, segment(LISTS), queryString(['section', 'limit', 'exclude'])).map(([s, l, q]) => `/v1/sites/${s}/lists/${l}${q}`) },
    { weight: 2, arbitrary: fc.tuple(site, article(), queryString(['limit'])).map(([s, a, q]) => `/v1/sites/${s}/articles/${a}/related${q}`) },
    { weight: 3, arbitrary: fc.tuple(site, queryString(['articleId', 'section', 'limit', 'read'])).map(([s, q]) => `/v1/sites/${s}/widgets${q}`) },
    { weight: 2, arbitrary: fc.tuple(site, article(), queryString(['x'])).map(([s, a, q]) => `/v1/sites/${s}/articles/${a}/stats${q}`) },
    { weight: 1, arbitrary: fc.tuple(site, segment(['lists', 'articles', 'widgets']), segment(['x', 'related', 'stats'])).map(([s, a, b]) => `/v1/sites/${s}/${a}/${b}/${b}`) },
    { weight: 1, arbitrary: fc.constantFrom('/v1/openapi.json', '/healthz', '/v1/sites/daily/lists', '/v1/sites/daily/lists/', '/v1/sites/daily/articles//related', '/v1/sites/daily/widgets/') },
  );

describe('hostile read requests', () => {
  it('never answer 5xx or write, and every 200 matches the OpenAPI document', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.oneof({ weight: 8, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: method }),
          path: readPath(),
          headers: hostileHeaders(),
          body: fc.constantFrom(undefined, '{}', 'x'.repeat(20_000)),
        }),
        async (request) => {
          await send(request);
        },
      ),
      {
        numRuns: 1200,
        examples: [
          [{ method: 'GET', path: '/v1/sites/daily/lists/latest?limit=1e308&section=__proto__', headers: {}, body: undefined }],
          [{ method: 'GET', path: '/v1/sites/daily/lists/%E0%A4%A?limit=NaN', headers: {}, body: undefined }],
          [{ method: 'GET', path: '/v1/sites/daily/widgets?section=a&section=b&read=,,,', headers: { 'if-none-match': '*' }, body: undefined }],
        ],
      },
    );
    // Reads never change the table.
    expect(await tableSnapshot(table)).toBe(before);
  });
});

describe('valid read requests at the edges', () => {
  const limit = fc.oneof(fc.integer({ min: 1, max: 50 }).map(String), fc.constantFrom('01', '50', '1', ' 7', '7 ', '+3', '5.0', '1e1', '0x10'));
  const ids = fc.array(fc.oneof(fc.constantFrom(...['a'.repeat(128)]), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:~-]{0,30}$/)), { maxLength: 50 });
  const section = fc.oneof(
    fc.constantFrom('world', 'WORLD', ' sport ', 'Sport', '\u{1F600}', 'x'.repeat(64), 'a b', 'ünïcödé', 'constructor', 'toString'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && !s.trim().startsWith('_') && [...s.trim()].length <= 64),
  );

  it('answer 200 with at most `limit` items, none excluded, as documented', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ list: fc.constantFrom(...LISTS), limit: fc.option(limit), exclude: fc.option(fc.tuple(ids, fc.shuffledSubarray(articleIds, { maxLength: 10 }))), section: fc.option(section) }),
        async ({ list, limit: l, exclude, section: s }) => {
          const excluded = exclude ? [...exclude[0], ...exclude[1]].slice(0, 50) : [];
          const query = new URLSearchParams();
          if (l !== null) query.set('limit', l);
          if (excluded.length) query.set('exclude', excluded.join(','));
          if (s !== null) query.set('section', s);
          const answer = await send({ method: 'GET', path: `/v1/sites/daily/lists/${list}?${query}`, headers: {} });
          expect(answer.status, answer.text.slice(0, 300)).toBe(200);
          const body = answer.json as { section: string | null; items: { articleId: string }[] };
          expect(body.items.length).toBeLessThanOrEqual(l === null ? 10 : Number(l));
          expect(body.items.filter((i) => excluded.includes(i.articleId))).toEqual([]);
          expect(body.section).toBe(s === null ? null : s.trim().toLowerCase());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answer widgets without the current article, read ones or duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ current: fc.option(fc.constantFrom(...articleIds, 'unknown-1')), read: fc.shuffledSubarray(articleIds, { maxLength: Math.min(50, articleIds.length) }), limit: fc.option(limit), section: fc.option(section) }),
        async ({ current, read, limit: l, section: s }) => {
          const query = new URLSearchParams();
          if (current !== null) query.set('articleId', current);
          if (read.length) query.set('read', read.join(','));
          if (l !== null) query.set('limit', l);
          if (s !== null) query.set('section', s);
          const answer = await send({ method: 'GET', path: `/v1/sites/daily/widgets?${query}`, headers: {} });
          expect(answer.status, answer.text.slice(0, 300)).toBe(200);
          const body = answer.json as Record<string, { articleId: string }[]>;
          const shown = ['weeklyBest', 'popularNow', 'mustReads', 'latest', 'related'].flatMap((block) => body[block]!.map((i) => i.articleId));
          expect(new Set(shown).size).toBe(shown.length);
          expect(shown.filter((id) => id === current || read.includes(id))).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
