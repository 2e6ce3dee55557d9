import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/local-app.ts';
import { DEMO_SITE } from '../../local/demo-site.ts';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { testReaders } from '../support/readers.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { expectSafeAnswer, hostileBeaconBody, hostileHeaders, hostileString, method, queryString, requestInit, toWellFormed } from '../support/hostile-requests.ts';
import { givenSite } from '../support/sites.ts';
import { tableSnapshot, watchWrites } from '../support/table-watch.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Property-based test of the local server's app (issue 7): the ingest, admin and read apps mounted on one port
 * with the SDK scripts and the demo site. Random methods and paths, built from the real route words and
 * hostile ones, never get a 5xx or a stack trace, and a refused request writes nothing.
 */

// Real time: DynamoDB Local deletes items whose TTL has passed (dedup markers of a past clock would vanish).
const NOW = Date.now();

let table: TestTable;
let app: ReturnType<typeof createLocalApp>;
let writes: ReturnType<typeof watchWrites>;
let snapshot: string;
let generated = 0;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: DEMO_SITE, origins: ['*'], trustBeaconMetadata: true });
  await givenSite(table, { site: 'daily' });
  for (const id of ['story-1', 'markup-1']) {
    await upsertArticle(table, DEMO_SITE, { articleId: id, title: `<b>${id}</b>`, url: `https://demo.example/${id}`, section: 'world', tags: [], publishedAt: '2026-11-28T10:00:00.000Z' }, 'admin', new Date(NOW));
  }
  app = createLocalApp({ db: table, sites: cachedSiteLookup(table, () => NOW), clock: () => NOW, ...testReaders() });
  writes = watchWrites(table.client);
  snapshot = await tableSnapshot(table);
});
afterAll(async () => {
  console.log(`local app fuzz: ${generated} generated requests`);
  await table.drop();
});

const WORDS = ['v1', 'sites', DEMO_SITE, 'daily', 'nosuch', 'events', 'pixel.gif', 'lists', 'popular-now', 'latest', 'articles', 'story-1', 'widgets', 'pins', 'related', 'stats', 'sdk', 'beacon.js', 'widgets.js', 'openapi.json', 'healthz', 'demo', 'images', 'story-1.svg', 'sections', 'world', 'styles.css', '', '.', '..', '%2e%2e', '%2F', '%E0%A4%A', '%00', 'index.html', '.env', 'package.json'];
const path = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: hostileString.map((s) => encodeURIComponent(toWellFormed(s)).slice(0, 2000)) }), { minLength: 1, maxLength: 7 }).map((parts) => `/${parts.join('/')}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => `/${s.replace(/[#?]/g, '')}`) },
);

describe('hostile requests to the local server', () => {
  it('never answer 5xx or a stack trace, and a refused one writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ method, path, query: queryString(['articleId', 'sessionId', 'limit', 'section', 'exclude', 'read']), headers: hostileHeaders(), body: fc.option(hostileBeaconBody, { nil: undefined }) }),
        async ({ query, ...request }) => {
          generated++;
          const full = { ...request, path: `${request.path}${query}` };
          const writesBefore = writes.count();
          const response = await app.request(full.path, requestInit(full));
          // The demo pages answer HTML (a 404 page too); everything under /v1 and /sdk answers JSON errors.
          const pathname = new URL(`http://x${full.path}`).pathname;
          const answer = await expectSafeAnswer(response, full, { jsonErrors: !pathname.startsWith('/demo') });
          if (answer.status >= 400) {
            const code = (answer.json as { error?: { code: string } } | undefined)?.error?.code;
            if (code !== 'unknown_pin') expect(writes.names.slice(writesBefore), `${full.method} ${full.path.slice(0, 100)} -> ${answer.status}`).toEqual([]);
            expect(await tableSnapshot(table)).toBe(snapshot);
          } else if (writes.count() > writesBefore) {
            snapshot = await tableSnapshot(table);
          }
        },
      ),
      {
        numRuns: 800,
        examples: [
          [{ method: 'GET', path: '/sdk/..%2f..%2fpackage.json', query: '', headers: {}, body: undefined }],
          [{ method: 'GET', path: '/demo/articles/%E0%A4%A', query: '', headers: {}, body: undefined }],
          [{ method: 'POST', path: `/v1/sites/${DEMO_SITE}/events`, query: '', headers: {}, body: '{"type":"engage","articleId":"a","sessionId":"abcdefgh","seconds":1,"scrollDepth":5e-324}' }],
        ],
      },
    );
  });

  it('serves the SDK scripts and nothing else from /sdk', async () => {
    for (const p of ['/sdk/../package.json', '/sdk/%2e%2e%2fpackage.json', '/sdk/..%2F..%2Fshared%2Fconfig.ts', '/sdk/beacon.js%00.txt']) {
      const response = await app.request(p);
      expect(response.status, p).toBe(404);
      expect(await response.text()).not.toContain('"name": "newspulse"');
    }
  });
});
