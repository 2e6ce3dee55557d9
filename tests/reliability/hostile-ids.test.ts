import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createReadApp } from '../../functions/read/app.ts';
import { DEMO_SITE } from '../../local/demo-site.ts';
import { createLocalApp } from '../../local/local-app.ts';
import { articleIdSchema } from '../../shared/ids.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { rankSites, sitesToRank } from '../../shared/rank/rank-sites.ts';
import { asReader, testReaders } from '../support/readers.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Article ids that are names of Object.prototype's properties (`constructor`, `toString`, `valueOf`...), sent
 * as any client may: through ingest, into the catalog, ranked, read. Every one the id rules accept must be
 * an ordinary id everywhere (no object keyed by ids may trip on it), and the real articles rank as they would
 * without them.
 */
const HOSTILE = Object.getOwnPropertyNames(Object.prototype).filter((name) => articleIdSchema.safeParse(name).success);
const REAL = ['story-a', 'story-b', 'story-c'];
const AT = Date.parse('2026-11-28T20:00:00Z'); // hours after givenSite creates the site
const HOUR = 3_600_000;

let table: TestTable;
let adminKey: string;

/** One reader's beacon (the reader is its address: the server decides who reads, not the sessionId). */
function beacon(clock: number, reader: string, events: object[]) {
  return ingestApp(table, () => clock).request('/v1/sites/daily/events', {
    method: 'POST',
    headers: { origin: TEST_ORIGIN, 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0', ...asReader(reader) },
    body: JSON.stringify({ events }),
  });
}
const view = (articleId: string, sessionId: string) => ({ type: 'view', articleId, sessionId });

beforeAll(async () => {
  table = await createTestTable();
  ({ adminKey } = await givenSite(table, { site: 'daily' }));
  const admin = createAdminApp({ db: table, sites: cachedSiteLookup(table, Date.now), clock: () => AT - 6 * HOUR });
  for (const id of [...REAL, ...HOSTILE]) {
    const response = await admin.request(`/v1/sites/daily/articles/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Title of ${id}`, url: `https://news.example/${id}`, section: 'world', tags: ['t'], publishedAt: new Date(AT - 5 * HOUR).toISOString() }),
    });
    expect(response.status).toBe(200);
  }
}, 120_000);
afterAll(() => table.drop());

describe('article ids named like Object.prototype properties', () => {
  it('are among the ids ingest accepts', () => {
    expect(HOSTILE).toEqual(expect.arrayContaining(['constructor', 'toString', 'valueOf', 'hasOwnProperty']));
  });

  it('are counted, ranked and served like any id, and the real articles rank as without them', async () => {
    // Real readers: story-a read by 6 sessions, story-b by 4, story-c by 2; some read a hostile id too.
    const sessions = Array.from({ length: 6 }, (_, i) => `reader-${String(i).padStart(4, '0')}`);
    for (const [i, session] of sessions.entries()) {
      const read = REAL.filter((_, k) => i < [6, 4, 2][k]!);
      const response = await beacon(AT - 2 * HOUR + i * 60_000, session, [...read, ...HOSTILE.slice(i % HOSTILE.length, (i % HOSTILE.length) + 1)].map((id) => view(id, session)));
      expect(response.status).toBe(202);
    }
    // Every hostile id viewed by several sessions, and one session reading them all (co-reads among them).
    for (const [k, id] of HOSTILE.entries()) {
      for (const reader of ['hostile-0001', 'hostile-0002', 'hostile-0003']) {
        const response = await beacon(AT - HOUR + k * 1000, reader, [view(id, reader)]);
        expect(await response.json()).toMatchObject({ accepted: 1, ignored: 0 });
      }
    }

    const result = await rankSites(table, await sitesToRank(table, 'daily'), AT);
    expect(result.failures).toEqual([]);
    // And again: a second run reads what the first one wrote (versions, stats) back.
    const again = await rankSites(table, await sitesToRank(table, 'daily'), AT + 5 * 60_000);
    expect(again.failures).toEqual([]);

    const weekly = (await readList(table, 'daily', 'weekly-best'))!.items.map((i) => i.articleId);
    expect(weekly.filter((id) => REAL.includes(id))).toEqual(REAL);
    expect(weekly).toEqual(expect.arrayContaining(HOSTILE));

    const read = createReadApp({ db: table, sites: cachedSiteLookup(table, Date.now) });
    for (const id of HOSTILE) {
      for (const path of [`/v1/sites/daily/articles/${id}/related`, `/v1/sites/daily/articles/${id}/stats`, `/v1/sites/daily/widgets?articleId=${id}&section=world`]) {
        const response = await read.request(path);
        expect(response.status, path).toBe(200);
      }
      const stats = (await (await read.request(`/v1/sites/daily/articles/${id}/stats`)).json()) as { views: number };
      expect(stats.views, id).toBeGreaterThanOrEqual(3);
    }
    const related = (await (await read.request('/v1/sites/daily/articles/story-a/related')).json()) as { items: { articleId: string }[] };
    expect(related.items.map((i) => i.articleId)).toEqual(expect.arrayContaining(['story-b', 'story-c']));
  });

  it('name no script, page or image of the local server: 404, never a 500', async () => {
    const app = createLocalApp({ db: table, sites: cachedSiteLookup(table, Date.now), clock: Date.now, ...testReaders() });
    for (const id of HOSTILE) {
      for (const path of [`/sdk/${id}`, `/demo/articles/${id}`, `/demo/images/${id}.svg`, `/demo/sections/${id}`, `/v1/sites/${DEMO_SITE}/lists/${id}`]) {
        const response = await app.request(path);
        expect(response.status, path).toBe(404);
      }
    }
  });
});
