import { createReadApp } from '../../functions/read/app.ts';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { importEvents } from '../../shared/import/import-events.ts';
import { LIST_NAMES } from '../../shared/lists/list-item.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { importLine, sortedEvents, syntheticCatalog, type TrafficOptions } from '../../sim/synthetic-traffic.ts';
import { faultProxy } from './fault-proxy.ts';
import { givenSite } from './sites.ts';
import { createTestTable } from './test-table.ts';

/**
 * The site of the killed-rank tests (tests/reliability/rank-killed.test.ts, tests/soak/rank-kill-points.soak.ts):
 * a synthetic catalog and its readers imported into a fresh table, a fault proxy in front of DynamoDB Local
 * for `newspulse rank` to go through, the read app, and the paths whose answers the tests compare: every
 * list, site-wide and per section, and the related stories and stats of the articles `pick` chooses. The
 * catalog is written as of `catalogAt`, the events imported as of `importedAt`.
 */
export async function givenKillableRankSite(options: {
  site: string;
  traffic: TrafficOptions;
  catalogAt: number;
  importedAt: number;
  pick: (catalog: ReturnType<typeof syntheticCatalog>) => { articleId: string }[];
}) {
  const { site, traffic, pick } = options;
  const table = await createTestTable();
  await givenSite(table, { site });
  const catalog = syntheticCatalog(traffic);
  for (const a of catalog) await upsertArticle(table, site, a, 'admin', new Date(options.catalogAt));
  async function* lines() {
    for (const event of sortedEvents(traffic)) yield importLine(event);
  }
  await importEvents(table, (await getSite(table, site))!, lines(), new Date(options.importedAt));
  const proxy = await faultProxy(table.endpoint);
  const app = createReadApp({ db: table, sites: cachedSiteLookup(table, Date.now) });
  const sections = [...new Set(catalog.map((a) => a.section!))].sort();
  const paths = [
    ...LIST_NAMES.flatMap((list) => [`/v1/sites/${site}/lists/${list}?limit=50`, ...sections.map((s) => `/v1/sites/${site}/lists/${list}?section=${s}&limit=50`)]),
    ...pick(catalog).flatMap(({ articleId: id }) => [`/v1/sites/${site}/articles/${id}/related?limit=50`, `/v1/sites/${site}/articles/${id}/stats`]),
  ];
  return { table, proxy, app, paths };
}

export type KillableRankSite = Awaited<ReturnType<typeof givenKillableRankSite>>;
