import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import { asReader } from '../support/readers.ts';

/**
 * One session claiming to read every article of a site (the issue: 100 requests of 20 views under one
 * sessionId gave 2M co-read pairs and 900 MB in one hour's aggregation). The rank job counts the session's
 * first 30 articles of the hour, reports the rest as ignored, and ranks the real readers' articles as it
 * would without it. Then the cost side: a scheduled run after a few views writes what changed, and a run
 * with nothing new writes nothing.
 */
const AT = Date.parse('2026-11-28T20:00:00Z'); // hours after givenSite creates the sites
const HOUR = 3_600_000;
const CATALOG = Array.from({ length: 300 }, (_, i) => `story-${String(i).padStart(3, '0')}`);
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0';

let table: TestTable;

async function send(site: string, at: number, sessionId: string, articleIds: string[]) {
  for (let i = 0; i < articleIds.length; i += 20) {
    const events = articleIds.slice(i, i + 20).map((articleId) => ({ type: 'view', articleId, sessionId }));
    const response = await ingestApp(table, () => at + i).request(`/v1/sites/${site}/events`, {
      method: 'POST',
      headers: { origin: TEST_ORIGIN, 'content-type': 'text/plain', 'user-agent': UA, ...asReader(sessionId) },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(202);
  }
}

/** The same real readers on a site: story-000 read by 12 sessions, story-001 by 8, story-002 by 4. */
async function realReaders(site: string) {
  for (let s = 0; s < 12; s++) {
    await send(site, AT - 90 * 60_000 + s * 60_000, `reader-${site}-${s}`, CATALOG.slice(0, s < 4 ? 3 : s < 8 ? 2 : 1));
  }
}

beforeAll(async () => {
  table = await createTestTable();
  for (const site of ['bothered', 'calm']) {
    await givenSite(table, { site });
    for (const articleId of CATALOG) {
      await upsertArticle(table, site, { articleId, title: `Title ${articleId}`, url: `https://news.example/${articleId}`, section: 'world', tags: [], publishedAt: new Date(AT - 10 * HOUR).toISOString() }, 'admin', new Date(AT - 10 * HOUR));
    }
    await realReaders(site);
  }
  // 15 requests of 20 views: every article of the catalog (the real readers' ones last), one session id.
  await send('bothered', AT - 30 * 60_000, 'one-busy-session', [...CATALOG].reverse());
}, 300_000);
afterAll(() => table.drop());

describe('a session that claims to read every article', () => {
  it('counts its first 30 articles, reports the rest as ignored, and leaves the real ranking as it is', async () => {
    const bothered = await rankSite(table, (await getSite(table, 'bothered'))!, AT);
    const calm = await rankSite(table, (await getSite(table, 'calm'))!, AT);
    expect(bothered.ignoredViews).toBe(CATALOG.length - 30);
    expect(calm.ignoredViews).toBe(0);
    for (const list of ['popular-now', 'weekly-best']) {
      const top = async (site: string) => (await readList(table, site, list))!.items.slice(0, 3).map((i) => [i.articleId, i.parts.views]);
      expect(await top('bothered'), list).toEqual([['story-000', 12], ['story-001', 8], ['story-002', 4]]);
      expect(await top('bothered'), list).toEqual(await top('calm'));
    }
  });
});

describe('what a scheduled run writes', () => {
  it('after a few views: the stats of the article read, no related stories, nothing else that did not change', async () => {
    const site = (await getSite(table, 'calm'))!;
    await send('calm', AT + 2 * 60_000, 'late-reader-1', ['story-150']);
    await send('calm', AT + 3 * 60_000, 'late-reader-2', ['story-150']);
    const report = await rankSite(table, site, AT + 5 * 60_000);
    expect(report).toMatchObject({ quiet: false, relatedInFull: false, relatedWritten: 0, statsWritten: 1 });
    // Popular Now and Weekly Best may change (story-150 enters them), Latest cannot.
    expect(report.listsWritten).toBeLessThanOrEqual(4);
    console.log(`scheduled run after 2 views: ${report.writeUnits} write units, ${report.readUnits} read units`);
  });

  it('with nothing new: only the check, nothing written', async () => {
    const report = await rankSite(table, (await getSite(table, 'calm'))!, AT + 10 * 60_000);
    expect(report).toMatchObject({ quiet: true, writeUnits: 0, listsWritten: 0, relatedWritten: 0, statsWritten: 0 });
  });

  it('after a catalog change with no reader: ranks again (Latest shows the new article)', async () => {
    const site = (await getSite(table, 'calm'))!;
    await upsertArticle(table, 'calm', { articleId: 'breaking', title: 'Breaking', url: 'https://news.example/breaking', section: 'world', tags: [], publishedAt: new Date(AT + 11 * 60_000).toISOString() }, 'admin', new Date(AT + 11 * 60_000));
    const report = await rankSite(table, site, AT + 15 * 60_000);
    expect(report.quiet).toBe(false);
    expect((await readList(table, 'calm', 'latest'))!.items[0]!.articleId).toBe('breaking');
    expect(report.relatedWritten).toBe(1); // the new article gets its related stories at once
  });
});
