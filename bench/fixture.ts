import { serve } from '@hono/node-server';
import { isbot } from 'isbot';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalApp } from '../local/local-app.ts';
import { SHARED_CACHE_MS } from '../shared/http/cache.ts';
import { cachedItemsReader } from '../shared/store/item-cache.ts';
import { testReaders } from '../tests/support/readers.ts';
import type { Outcome } from '../shared/ingest/record-events.ts';
import { rankSite, type RankReport } from '../shared/rank/rank-site.ts';
import { cachedSiteLookup } from '../shared/sites/site-cache.ts';
import type { Db } from '../shared/store/db.ts';
import { connectDb } from '../shared/store/dynamo-client.ts';
import { HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { syntheticCatalog, syntheticEvents } from '../sim/synthetic-traffic.ts';
import { BENCH_ORIGIN, createBenchSite, ingestBySession } from './bench-site.ts';
import { int, num, type Table } from './report.ts';

/** What a page's beacon sends besides its body; a current desktop browser, which `isbot` must not flag. */
export const BEACON_HEADERS = {
  'content-type': 'text/plain;charset=UTF-8',
  origin: BENCH_ORIGIN,
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
};

/** Sizes of the site every latency and unit figure is measured on. */
const SITE_SIZES = {
  full: { articles: 2_000, sessions: 8_000 },
  quick: { articles: 400, sessions: 1_500 },
};

/** The local server, with a hook that sees each request's time inside the app (no network). */
export interface TimedServer {
  baseUrl: string;
  observe(sink: ((ms: number) => void) | undefined): void;
  close(): Promise<void>;
}

export interface Fixture {
  db: Db;
  server: TimedServer;
  sizes: { articles: number; sessions: number };
  /** The day of traffic as ingest counted it. */
  load: { events: number; byOutcome: Record<Outcome, number>; writeUnits: number; seconds: number };
  firstRank: RankReport;
  /** The most-read articles of the loaded traffic, with their sections: the pages /widgets is asked for. */
  pages: { articleId: string; section: string }[];
  /** The report's table of the site. */
  table: Table;
  close(): Promise<void>;
}

/**
 * A realistic site in a fresh table: the synthetic catalog and a day of synthetic readers (sim/), counted by
 * the live counting code (recordEvents, as `newspulse import` does), ranked once, and served by the local
 * server's app (local/local-app.ts) on a free port, as `npm start` serves it.
 */
export async function createFixture(endpoint: string, quick: boolean, log: (line: string) => void): Promise<Fixture> {
  const db = connectDb({ endpoint, region: 'us-east-1', tableName: `bench-${Date.now().toString(36)}` });
  const now = Date.now();
  const sizes = quick ? SITE_SIZES.quick : SITE_SIZES.full;
  const traffic = { seed: 7, start: now - 24 * HOUR_MS, end: now - MINUTE_MS, ...sizes };
  const catalog = syntheticCatalog(traffic);
  const site = await createBenchSite(db, catalog, traffic.start);

  const events = Array.from(syntheticEvents(traffic, catalog), (e) => ({ event: e.event, isBot: isbot(e.userAgent) }));
  log(`  ${catalog.length} articles written; ingesting ${int(events.length)} events of a day`);
  const load = { events: events.length, byOutcome: { counted: 0, repeat: 0, recorded: 0, stale: 0, bot: 0 }, writeUnits: 0, seconds: 0 };
  const viewsByArticle = new Map<string, number>();
  const started = performance.now();
  await ingestBySession(db, events, ({ event }, result) => {
    load.writeUnits += result.writeUnits;
    for (const outcome of result.outcomes) load.byOutcome[outcome]++;
    if (result.outcomes[0] === 'counted') viewsByArticle.set(event.articleId, (viewsByArticle.get(event.articleId) ?? 0) + 1);
  });
  load.seconds = (performance.now() - started) / 1000;
  const firstRank = await rankSite(db, site, Date.now());
  log(`  ingested in ${num(load.seconds, 1)} s; ranked: ${firstRank.listsWritten} lists, ${firstRank.relatedWritten} related items in ${num(firstRank.durationMs / 1000, 1)} s`);

  const sectionOf = new Map(catalog.map((a) => [a.articleId, a.section ?? '']));
  const pages = [...viewsByArticle.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 100)
    .map(([articleId]) => ({ articleId, section: sectionOf.get(articleId)! }));
  const table: Table = {
    header: ['articles', 'sections', 'sessions', 'events (a day)', 'counted views', 'loaded in, s', 'events/s', 'first rank run, s'],
    rows: [[int(sizes.articles), String(new Set(sectionOf.values()).size), int(sizes.sessions), int(load.events), int(load.byOutcome.counted), num(load.seconds, 1), int(load.events / load.seconds), num(firstRank.durationMs / 1000, 2)]],
  };

  const server = await startServer(db);
  return {
    db, server, sizes, load, firstRank, pages, table,
    async close() {
      await server.close();
      db.client.destroy();
    },
  };
}

async function startServer(db: Db): Promise<TimedServer> {
  // Wired as the Lambda handlers are: the minute-long cache of lists and view counts (functions/*/handler.ts).
  const app = createLocalApp({ db, sites: cachedSiteLookup(db, Date.now), clock: Date.now, readItems: cachedItemsReader(db, Date.now, SHARED_CACHE_MS), ...testReaders() });
  let sink: ((ms: number) => void) | undefined;
  const server = await new Promise<Server>((resolve) => {
    const s = serve(
      {
        fetch: async (request, env) => {
          const started = performance.now();
          const response = await app.fetch(request, env);
          sink?.(performance.now() - started);
          return response;
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s as Server),
    );
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    observe(next) {
      sink = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
