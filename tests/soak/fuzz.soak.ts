import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/local-app.ts';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { testReaders } from '../support/readers.ts';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { HOUR_MS } from '../../shared/time.ts';
import {
  expectSafeAnswer,
  fuzzyJson,
  fuzzyValue,
  hostileBeaconBody,
  hostileHeaders,
  hostileString,
  method,
  queryString,
  requestInit,
  segment,
  toWellFormed,
  type HostileRequest,
} from '../support/hostile-requests.ts';
import { givenSite } from '../support/sites.ts';
import { tableSnapshot, watchWrites } from '../support/table-watch.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * The long fuzz run (issue 7, `npm run soak`; the quick ones are tests/reliability/*-fuzz.test.ts): 8,000
 * generated hostile requests of every kind (beacons, pixels, reads, admin calls with every kind of key, random
 * paths) against the local server's app. Never a 5xx or a stack trace; a refused request writes nothing.
 */

const NUM_RUNS = 8_000;

let table: TestTable;
let app: ReturnType<typeof createLocalApp>;
let writes: ReturnType<typeof watchWrites>;
let snapshot: string;
let adminKey: string;
const statuses = new Map<number, number>();

beforeAll(async () => {
  table = await createTestTable();
  adminKey = (await givenSite(table, { site: 'daily' })).adminKey;
  await givenSite(table, { site: 'trusty', origins: ['*'], trustBeaconMetadata: true });
  for (const id of ['story-1', 'story-2']) {
    await upsertArticle(table, 'daily', { articleId: id, title: `<b>${id}</b>`, url: `https://news.example/${id}`, section: 'world', tags: [], publishedAt: new Date(Date.now() - HOUR_MS).toISOString() }, 'admin', new Date());
  }
  app = createLocalApp({ db: table, sites: cachedSiteLookup(table, Date.now), clock: Date.now, ...testReaders() });
  await app.request('/v1/sites/daily/events', { method: 'POST', body: JSON.stringify({ type: 'view', articleId: 'story-1', sessionId: 'session-seed' }) });
  await rankSite(table, (await getSite(table, 'daily'))!, Date.now());
  writes = watchWrites(table.client);
  snapshot = await tableSnapshot(table);
});
afterAll(async () => {
  console.log(`soak fuzz: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${n} x ${s}`).join(', ')}`);
  await table?.drop();
});

const site = segment(['daily', 'trusty', 'nosuch']);
const id = segment(['story-1', 'story-2', 'unknown-1']);
const auth = fc.constantFrom('none', 'valid', 'wrong', 'malformed');

const request: fc.Arbitrary<HostileRequest & { auth: string }> = fc.oneof(
  fc.record({ method: fc.constant('POST'), path: site.map((s) => `/v1/sites/${s}/events`), headers: hostileHeaders(), body: hostileBeaconBody, auth: fc.constant('none') }),
  fc.record({ method: fc.constant('GET'), path: fc.tuple(site, queryString(['articleId', 'sessionId'])).map(([s, q]) => `/v1/sites/${s}/pixel.gif${q}`), headers: hostileHeaders(), body: fc.constant(undefined), auth: fc.constant('none') }),
  fc.record({
    method: fc.oneof({ weight: 5, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: method }),
    path: fc.oneof(
      fc.tuple(site, segment(['popular-now', 'weekly-best', 'must-reads', 'latest']), queryString(['section', 'limit', 'exclude'])).map(([s, l, q]) => `/v1/sites/${s}/lists/${l}${q}`),
      fc.tuple(site, id, segment(['related', 'stats']), queryString(['limit'])).map(([s, a, what, q]) => `/v1/sites/${s}/articles/${a}/${what}${q}`),
      fc.tuple(site, queryString(['articleId', 'section', 'limit', 'read'])).map(([s, q]) => `/v1/sites/${s}/widgets${q}`),
    ),
    headers: hostileHeaders(),
    body: fc.constant(undefined),
    auth: fc.constant('none'),
  }),
  fc.record({
    method: fc.constantFrom('PUT', 'GET', 'DELETE', 'POST'),
    path: fc.oneof(fc.tuple(site, id).map(([s, a]) => `/v1/sites/${s}/articles/${a}`), fc.tuple(site, id).map(([s, a]) => `/v1/sites/${s}/pins/${a}`), site.map((s) => `/v1/sites/${s}/pins`)),
    headers: hostileHeaders(),
    body: fc.oneof(fuzzyValue.map(fuzzyJson), fc.constant(JSON.stringify({ until: new Date(Date.now() + 86_400_000).toISOString() }))),
    auth,
  }),
  fc.record({
    method,
    path: fc.array(fc.oneof(fc.constantFrom('v1', 'sites', 'daily', 'events', 'lists', 'articles', 'pins', 'sdk', 'demo', 'beacon.js', '..', '%2e%2e', ''), hostileString.map((s) => encodeURIComponent(toWellFormed(s)).slice(0, 500))), { minLength: 1, maxLength: 6 }).map((p) => `/${p.join('/')}`),
    headers: hostileHeaders(),
    body: fc.option(hostileBeaconBody, { nil: undefined }),
    auth: fc.constant('none'),
  }),
);

describe(`${NUM_RUNS} hostile requests of every kind`, () => {
  it('never get a 5xx or a stack trace, and a refused one writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ auth: who, ...req }) => {
        const headers = { ...req.headers };
        if (who === 'valid') headers.authorization = `Bearer ${adminKey}`;
        else if (who === 'wrong') headers.authorization = 'Bearer np_wrong';
        else if (who === 'malformed') headers.authorization = `Basic ${adminKey}`;
        const full = { ...req, headers };
        const writesBefore = writes.count();
        const response = await app.request(full.path, requestInit(full));
        const pathname = new URL(`http://x${full.path}`).pathname;
        const answer = await expectSafeAnswer(response, full, { jsonErrors: !pathname.startsWith('/demo') });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 400) {
          const code = (answer.json as { error?: { code: string } } | undefined)?.error?.code;
          if (code !== 'unknown_pin') expect(writes.names.slice(writesBefore), `${full.method} ${full.path.slice(0, 100)} -> ${answer.status}`).toEqual([]);
          expect(await tableSnapshot(table)).toBe(snapshot);
        } else if (writes.count() > writesBefore) {
          snapshot = await tableSnapshot(table);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
