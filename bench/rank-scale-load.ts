import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_SOURCES, type Article } from '../shared/catalog/article.ts';
import { recordEvents, type TimedEvent } from '../shared/ingest/record-events.ts';
import { catalogKey } from '../shared/catalog/catalog-item.ts';
import { aggregateHour } from '../shared/window/hour-aggregate.ts';
import { writeRollup } from '../shared/window/rollup-store.ts';
import { addSite } from '../shared/sites/site-store.ts';
import type { Site } from '../shared/sites/site.ts';
import { batchWrite } from '../shared/store/batch-write.ts';
import type { Db } from '../shared/store/db.ts';
import { createDocumentClient } from '../shared/store/dynamo-client.ts';
import { ensureTable } from '../shared/store/ensure-table.ts';
import type { TrailEngagement, TrailView } from '../shared/window/trail-item.ts';
import { HOUR_MS, hourKey, hourStart } from '../shared/time.ts';
import { syntheticCatalog } from '../sim/synthetic-traffic.ts';
import { countedHours, trafficOptions, type ScaleShape } from './rank-scale-data.ts';

/**
 * The document client of the benchmark: the service's (shared/store/dynamo-client.ts) but patient. A DynamoDB
 * Local holding millions of items on a busy machine can take longer than the local server's 10 s to answer one
 * big request, and a bench run should measure that, not fail on it.
 */
export function benchClient(endpoint: string): DynamoDBDocumentClient {
  return createDocumentClient({ endpoint, region: 'us-east-1', socketTimeoutMs: 300_000 });
}

/** Rollups written at once, and sessions sent through ingest at once (each session's events in order). */
const ROLLUP_WRITERS = 4;
const INGEST_LANES = 32;

export interface LoadedSite {
  site: Site;
  /** Counted views, catalog articles published by `at`, sessions with a counted view: what the first run ranks. */
  views: number;
  articles: number;
  sessions: number;
  rollups: number;
  /** Counted events after `at`, for ingestRaw between the steady-state runs. */
  laterEvents: TimedEvent[];
  seconds: { generate: number; catalog: number; rollups: number; trail: number };
}

/**
 * Puts a synthetic site into the table in the state the rank job finds it in steady state, without
 * sending millions of events through ingest:
 * - the site, and the catalog as admin metadata (BatchWriteItem of the items `upsertArticle` writes);
 * - every closed hour of the window as its rollup, built by the rank job's own aggregateHour from the counted
 *   views and written by its writeRollup (what the first run after an hour ends does);
 * - the raw trail of the previous and the current hour up to `at`, through shared/ingest/record-events.ts
 *   (live ingest's writes and counting rules), one session's events in order as its beacons would send them.
 * Events after `at` (the next few minutes) are returned, for ingestRaw before the steady-state runs.
 */
export async function loadSyntheticSite(db: Db, siteId: string, shape: ScaleShape, log: (line: string) => void): Promise<LoadedSite> {
  const options = trafficOptions(shape);
  const seconds = { generate: 0, catalog: 0, rollups: 0, trail: 0 };
  await ensureTable(db.client, db.tableName);
  const { site } = await addSite(db, { site: siteId, origins: ['https://news.example'] }, new Date(options.start - HOUR_MS));

  let started = performance.now();
  const catalog = syntheticCatalog(options);
  seconds.generate += (performance.now() - started) / 1000;
  started = performance.now();
  await writeCatalog(db, siteId, catalog, new Date(options.start));
  seconds.catalog = (performance.now() - started) / 1000;
  log(`  catalog: ${catalog.length} articles in ${seconds.catalog.toFixed(1)} s`);

  const currentHour = hourStart(shape.at);
  const rawFrom = currentHour - HOUR_MS;
  const raw: TimedEvent[] = [];
  const laterEvents: TimedEvent[] = [];
  const sessions = new Set<string>();
  let views = 0;
  let rollups = 0;
  const writes = new Set<Promise<void>>();
  let mark = performance.now();
  for (const hour of countedHours(options, catalog)) {
    const now = performance.now();
    seconds.generate += (now - mark) / 1000;
    for (const view of hour.views) {
      if (view.ts > shape.at) continue;
      views++;
      sessions.add(view.sessionId);
    }
    if (hour.start < currentHour) {
      const aggregate = aggregateHour(hourKey(hour.start), hour.start, hour, hour.previous);
      const write = writeRollup(db, siteId, aggregate, hour.start).then(() => {
        writes.delete(write);
      });
      writes.add(write);
      rollups++;
      if (writes.size >= ROLLUP_WRITERS) await Promise.race(writes);
    }
    if (hour.start >= rawFrom) {
      for (const event of asEvents(hour.views, hour.engagements)) (event.ts <= shape.at ? raw : laterEvents).push(event);
    }
    mark = performance.now();
    seconds.rollups += (mark - now) / 1000;
  }
  started = performance.now();
  await Promise.all(writes);
  seconds.rollups += (performance.now() - started) / 1000;
  log(`  rollups: ${rollups} closed hours in ${seconds.rollups.toFixed(1)} s (generating the traffic: ${seconds.generate.toFixed(1)} s)`);

  started = performance.now();
  const accepted = await ingestRaw(db, siteId, raw);
  seconds.trail = (performance.now() - started) / 1000;
  log(`  trail: ${raw.length} events of ${hourKey(rawFrom)} and ${hourKey(currentHour)} through ingest (${accepted} accepted) in ${seconds.trail.toFixed(1)} s`);
  if (accepted !== raw.length) throw new Error(`ingest accepted ${accepted} of ${raw.length} counted events: the bench's counting differs from ingest's`);

  return {
    site,
    views,
    articles: catalog.filter((a) => Date.parse(a.publishedAt) <= shape.at).length,
    sessions: sessions.size,
    rollups,
    laterEvents,
    seconds,
  };
}

/** The catalog as `articles import` leaves it (admin source), 25 items a request. */
async function writeCatalog(db: Db, site: string, catalog: Article[], now: Date): Promise<void> {
  const updatedAt = now.toISOString();
  const puts = catalog.map((article) => ({
    PutRequest: { Item: { ...catalogKey(site, article.articleId), ...article, source: 'admin', trust: ARTICLE_SOURCES.admin, updatedAt } },
  }));
  const lanes = 8;
  const size = Math.ceil(puts.length / lanes);
  await Promise.all(Array.from({ length: lanes }, (_, k) => batchWrite(db, puts.slice(k * size, (k + 1) * size))));
}

/**
 * Counted events through live ingest's recordEvents: sessions in parallel, each session's events one request
 * at a time in time order (its dedup marker and engagement totals depend on order). Returns accepted events.
 */
export async function ingestRaw(db: Db, site: string, events: TimedEvent[]): Promise<number> {
  const bySession = new Map<string, TimedEvent[]>();
  for (const event of events) {
    const list = bySession.get(event.sessionId);
    if (list) list.push(event);
    else bySession.set(event.sessionId, [event]);
  }
  const queue = [...bySession.values()];
  let accepted = 0;
  const lane = async () => {
    for (let list = queue.pop(); list; list = queue.pop()) {
      list.sort((a, b) => a.ts - b.ts);
      for (const event of list) {
        const result = await recordEvents(db, site, [event], { isBot: false });
        accepted += result.accepted; // not `accepted += await ...`: that reads `accepted` before the await
      }
    }
  };
  await Promise.all(Array.from({ length: INGEST_LANES }, lane));
  return accepted;
}

function asEvents(views: TrailView[], engagements: TrailEngagement[]): TimedEvent[] {
  return [
    ...views.map((v): TimedEvent => ({ type: 'view', articleId: v.articleId, sessionId: v.sessionId, ts: v.ts })),
    ...engagements.map((e): TimedEvent => ({ type: 'engage', articleId: e.articleId, sessionId: e.sessionId, seconds: e.seconds, scrollDepth: e.scrollDepth, ts: e.ts })),
  ];
}
