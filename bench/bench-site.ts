import type { Article } from '../shared/catalog/article.ts';
import { putArticleInput } from '../shared/catalog/catalog-item.ts';
import { touchCatalog } from '../shared/catalog/catalog-store.ts';
import { forEachLimited } from '../shared/concurrency.ts';
import { recordEvents, type RecordResult, type TimedEvent } from '../shared/ingest/record-events.ts';
import { addSite } from '../shared/sites/site-store.ts';
import type { Site } from '../shared/sites/site.ts';
import { batchWrite } from '../shared/store/batch-write.ts';
import type { Db } from '../shared/store/db.ts';
import { connectDb } from '../shared/store/dynamo-client.ts';
import { ensureTable } from '../shared/store/ensure-table.ts';

/**
 * How the bench puts a synthetic site into a table: through the service's own code (its item modules, its
 * counting code), never through copies of it. Used by the benchmark site (fixture.ts) and by the rank
 * benchmark (rank-scale-site.ts).
 */

export const BENCH_SITE = 'bench';
export const BENCH_ORIGIN = 'https://news.example';

/** Sessions sent through ingest at once; each session's own events go one at a time. */
const INGEST_LANES = 32;

/**
 * A Db with the service's client (shared/store/dynamo-client.ts), but patient: a DynamoDB Local holding
 * millions of items on a busy machine can take longer than the local server's 10 s to answer one big
 * request, and a bench run should measure that, not fail on it.
 */
export function patientDb(endpoint: string, tableName: string): Db {
  return connectDb({ endpoint, tableName, region: 'us-east-1', socketTimeoutMs: 300_000 });
}

/**
 * The table, the site (created at `since`, so the rank job reads every hour from then on) and its catalog as
 * `articles import` leaves it (admin metadata, putArticleInput's item), in BatchWriteItems.
 */
export async function createBenchSite(db: Db, catalog: Article[], since: number): Promise<Site> {
  await ensureTable(db.client, db.tableName);
  const { site } = await addSite(db, { site: BENCH_SITE, origins: [BENCH_ORIGIN] }, new Date(since));
  const puts = catalog.map((article) => ({ PutRequest: { Item: putArticleInput(db.tableName, BENCH_SITE, article, 'admin', new Date(since)).Item! } }));
  await batchWrite(db, puts);
  // As every catalog write does (upsertArticle): the rank job tells by this token whether the catalog changed.
  await touchCatalog(db, BENCH_SITE);
  return site;
}

/**
 * Events through live ingest's counting code (recordEvents), as beacons would send them: sessions in parallel,
 * each session's events one request at a time in time order (its seen marker and engagement totals depend on
 * the order). `onResult` sees each event's result.
 */
export async function ingestBySession<E extends { event: TimedEvent; isBot: boolean }>(
  db: Db,
  events: E[],
  onResult: (event: E, result: RecordResult) => void = () => {},
): Promise<void> {
  const sessions = new Map<string, E[]>();
  for (const e of events) {
    const list = sessions.get(e.event.sessionId);
    if (list) list.push(e);
    else sessions.set(e.event.sessionId, [e]);
  }
  await forEachLimited([...sessions.values()], INGEST_LANES, async (list) => {
    list.sort((a, b) => a.event.ts - b.event.ts);
    for (const e of list) onResult(e, await recordEvents(db, BENCH_SITE, [e.event], { isBot: e.isBot }));
  });
}
