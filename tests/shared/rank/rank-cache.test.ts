import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { importEvents } from '../../../shared/import/import-events.ts';
import { LIST_NAMES } from '../../../shared/lists/list-item.ts';
import { readList, readRelated } from '../../../shared/lists/lists-store.ts';
import { RankCache } from '../../../shared/rank/rank-cache.ts';
import { rankSite, type RankReport } from '../../../shared/rank/rank-site.ts';
import { getSite } from '../../../shared/sites/site-store.ts';
import { sortedEvents, syntheticCatalog, type TrafficOptions } from '../../../sim/synthetic-traffic.ts';
import { givenSite } from '../../support/sites.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

/**
 * A warm rank process keeps rollups and the catalog between runs (shared/rank/rank-cache.ts). Two tables get the
 * same site, catalog and readers; one is ranked with a cache, the other without, run after run: the lists must
 * be the same every time (also after an import deletes rollups and after the catalog changes), and the cached
 * runs must read less.
 */
const HOUR = 3_600_000;
const AT = Date.parse('2026-11-20T12:02:00Z');
const HUMAN = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const traffic: TrafficOptions = { seed: 11, start: AT - 2 * 24 * HOUR, end: AT + 2 * HOUR, articles: 80, sessions: 900 };
const iso = (ms: number) => new Date(ms).toISOString();

let cached: TestTable;
let plain: TestTable;
const cache = new RankCache();
const events = sortedEvents(traffic).map(({ event, userAgent }) => ({ ...event, ts: iso(event.ts), userAgent }));

async function feedBoth(lines: object[]) {
  for (const table of [cached, plain]) {
    const site = (await getSite(table, 'cache'))!;
    async function* gen() {
      for (const line of lines) yield JSON.stringify(line);
    }
    await importEvents(table, site, gen(), new Date(AT + 30 * 24 * HOUR));
  }
}

/** Ranks both tables at `at`; returns the two reports. */
async function rankBoth(at: number): Promise<[RankReport, RankReport]> {
  const withCache = await rankSite(cached, (await getSite(cached, 'cache'))!, at, { cache });
  const without = await rankSite(plain, (await getSite(plain, 'cache'))!, at);
  return [withCache, without];
}

/** Every list and some related stories, as readers get them. */
async function served(table: TestTable) {
  const lists = await Promise.all(LIST_NAMES.map(async (name) => (await readList(table, 'cache', name))?.items));
  const related = await Promise.all(['a000001', 'a000005', 'a000010'].map(async (id) => (await readRelated(table, 'cache', id))?.items));
  return { lists, related };
}

const SETUP_TIMEOUT_MS = 300_000;

beforeAll(async () => {
  [cached, plain] = await Promise.all([createTestTable(), createTestTable()]);
  for (const table of [cached, plain]) {
    await givenSite(table, { site: 'cache' });
    for (const a of syntheticCatalog(traffic)) await upsertArticle(table, 'cache', a, 'admin', new Date(AT - 3 * 24 * HOUR));
  }
  await feedBoth(events.filter((e) => Date.parse(e.ts) <= AT));
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all([cached?.drop(), plain?.drop()]);
});

describe('a rank process that keeps rollups and the catalog between runs', () => {
  it('serves what a cold run serves, run after run, and reads less once warm', async () => {
    const first = await rankBoth(AT);
    expect(await served(cached)).toEqual(await served(plain));
    expect(first[0].rollupsWritten).toBeGreaterThan(0);

    // Five minutes on, with that time's readers: a warm run reads no rollup and no catalog.
    await feedBoth(events.filter((e) => Date.parse(e.ts) > AT && Date.parse(e.ts) <= AT + 5 * 60_000));
    const second = await rankBoth(AT + 5 * 60_000);
    expect(await served(cached)).toEqual(await served(plain));
    expect(second[0].readUnits).toBeLessThan(second[1].readUnits);

    // An hour on: a new hour closed and was rolled up by the run, which keeps it.
    await feedBoth(events.filter((e) => Date.parse(e.ts) > AT + 5 * 60_000 && Date.parse(e.ts) <= AT + 65 * 60_000));
    const third = await rankBoth(AT + 65 * 60_000);
    expect(await served(cached)).toEqual(await served(plain));
    expect(third[0].readUnits).toBeLessThan(third[1].readUnits);
    expect(cache.size).toBe(1);
  }, SETUP_TIMEOUT_MS);

  it('drops what it kept when an import deletes rollups or the catalog changes', async () => {
    // An import into an hour two days back (its rollup is deleted and the token replaced) and a new article.
    const past = AT - 40 * HOUR;
    await feedBoth(Array.from({ length: 40 }, (_, i) => ({ type: 'view', articleId: 'a000003', sessionId: `late-reader-${i}`, ts: iso(past + i * 1000), userAgent: HUMAN })));
    for (const table of [cached, plain]) {
      await upsertArticle(table, 'cache', { articleId: 'fresh-1', title: 'Fresh', url: 'https://news.example/fresh-1', section: 'world', tags: [], publishedAt: iso(AT + 60 * 60_000) }, 'admin', new Date(AT + 66 * 60_000));
    }
    const [withCache, without] = await rankBoth(AT + 70 * 60_000);
    expect(await served(cached)).toEqual(await served(plain));
    expect(withCache.catalogArticles).toBe(without.catalogArticles);
    expect((await readList(cached, 'cache', 'latest'))?.items.map((i) => i.articleId)).toContain('fresh-1');
  }, SETUP_TIMEOUT_MS);

  it('keeps nothing of a site bigger than its limit', async () => {
    const tiny = new RankCache(1_000);
    await rankSite(cached, (await getSite(cached, 'cache'))!, AT + 75 * 60_000, { cache: tiny });
    expect(tiny.size).toBe(0);
  }, SETUP_TIMEOUT_MS);
});
