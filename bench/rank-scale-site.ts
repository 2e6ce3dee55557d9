import type { TimedEvent } from '../shared/ingest/record-events.ts';
import type { Db } from '../shared/store/db.ts';
import { HOUR_MS, hourKey, hourStart } from '../shared/time.ts';
import { aggregateHour } from '../shared/window/hour-aggregate.ts';
import { writeRollup } from '../shared/window/rollup-store.ts';
import { syntheticCatalog } from '../sim/synthetic-traffic.ts';
import { BENCH_SITE, createBenchSite, ingestBySession } from './bench-site.ts';
import { countedHours, trafficOptions, type ScaleShape } from './rank-scale-data.ts';

/** Rollups written at once. */
const ROLLUP_WRITERS = 4;

export interface RankScaleSite {
  /** Counted views, catalog articles published by `at`, sessions with a counted view: what the first run ranks. */
  views: number;
  articles: number;
  sessions: number;
  /** Counted events after `at`, for ingestCounted between the scheduled runs. */
  later: TimedEvent[];
}

/**
 * Puts the rank benchmark's synthetic site into the table in the state the rank job finds it in steady state,
 * without sending millions of events through ingest:
 * - the site, and the catalog as admin metadata (bench-site.ts);
 * - every closed hour of the window as its rollup, built by the rank job's own aggregateHour from the counted
 *   views and written by its writeRollup (what the first run after an hour ends does);
 * - the raw trail of the previous and the current hour up to `at`, through live ingest's counting code.
 */
export async function loadRankScaleSite(db: Db, shape: ScaleShape, log: (line: string) => void): Promise<RankScaleSite> {
  const options = trafficOptions(shape);
  const catalog = syntheticCatalog(options);
  await createBenchSite(db, catalog, options.start - HOUR_MS);
  const currentHour = hourStart(shape.at);
  const raw: TimedEvent[] = [];
  const later: TimedEvent[] = [];
  const sessions = new Set<string>();
  let views = 0;
  const writes = new Set<Promise<unknown>>();
  for (const hour of countedHours(options, catalog)) {
    for (const view of hour.views) {
      if (view.ts > shape.at) continue;
      views++;
      sessions.add(view.sessionId);
    }
    if (hour.start < currentHour) {
      const aggregate = aggregateHour(hourKey(hour.start), hour.start, hour, hour.previous);
      const write: Promise<unknown> = writeRollup(db, BENCH_SITE, aggregate, hour.start).finally(() => writes.delete(write));
      writes.add(write);
      if (writes.size >= ROLLUP_WRITERS) await Promise.race(writes);
    }
    if (hour.start >= currentHour - HOUR_MS) {
      const events: TimedEvent[] = [
        ...hour.views.map((v) => ({ type: 'view' as const, ...v })),
        ...hour.engagements.map((e) => ({ type: 'engage' as const, ...e })),
      ];
      for (const event of events) (event.ts <= shape.at ? raw : later).push(event);
    }
  }
  await Promise.all(writes);
  const accepted = await ingestCounted(db, raw);
  if (accepted !== raw.length) throw new Error(`ingest accepted ${accepted} of ${raw.length} counted events: the bench's counting differs from ingest's`);
  log(`  trail: ${raw.length} events of ${hourKey(currentHour - HOUR_MS)} and ${hourKey(currentHour)} through ingest`);
  return { views, articles: catalog.filter((a) => Date.parse(a.publishedAt) <= shape.at).length, sessions: sessions.size, later };
}

/** Counted events (no bots) through live ingest, each session's in order. Returns how many ingest accepted. */
export async function ingestCounted(db: Db, events: TimedEvent[]): Promise<number> {
  let accepted = 0;
  await ingestBySession(
    db,
    events.map((event) => ({ event, isBot: false })),
    (_, result) => (accepted += result.accepted),
  );
  return accepted;
}
