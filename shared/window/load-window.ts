import { readHourTrail, type HourTrail } from './trail-reader.ts';
import type { Db } from '../store/db.ts';
import { HOUR_MS, MINUTE_MS, hourKey, hourStart } from '../time.ts';
import { ArticleIds } from './article-ids.ts';
import { aggregateHour } from './hour-aggregate.ts';
import { emptyHourCounts, hourCountsFromAggregate, type HourCounts } from './hour-counts.ts';
import { readRollups, writeRollup } from './rollup-store.ts';
import { forEachLimited } from '../concurrency.ts';

/** How long after an hour ends before its rollup is written: in-flight beacons of that hour land first. */
const ROLLUP_GRACE_MS = 5 * MINUTE_MS;
/** Raw hours are read this many at a time (each is 16 shard queries). */
const CONCURRENCY = 8;

export interface RankWindow {
  at: number;
  /** The articles named in the window, as positions (what HourCounts refer to). */
  ids: ArticleIds;
  /** Counts per hour, oldest first; the last one is the hour containing `at`, up to `at`. */
  hours: { start: number; counts: HourCounts }[];
  readUnits: number;
  writeUnits: number;
  rollupsWritten: number;
}

/**
 * The views, engagement and co-reads of the `hours` hours up to `at` (events after `at` are ignored).
 * Closed hours come from rollups; an hour without one is aggregated from its trail once, and stored if it is
 * safely closed. So the steady-state cost of a run is one rollup Query plus the current and previous hour.
 */
export async function loadWindow(db: Db, site: string, at: number, hours: number, dataSince = 0): Promise<RankWindow> {
  const lastStart = hourStart(at);
  const firstStart = lastStart - (hours - 1) * HOUR_MS;
  const starts = Array.from({ length: hours }, (_, i) => firstStart + i * HOUR_MS);
  const ids = new ArticleIds();
  let readUnits = 0;
  let writeUnits = 0;
  let rollupsWritten = 0;

  // Hours that ended before the site had any data are empty: no need to read their 16 shards.
  const mayHoldData = (start: number) => start + HOUR_MS > dataSince;
  const raw = new Map<number, Promise<HourTrail>>();
  const readRaw = (start: number) => {
    if (raw.has(start) || !mayHoldData(start)) return;
    const read = readHourTrail(db, site, hourKey(start), at).then((trail) => {
      readUnits += trail.readUnits;
      return { views: trail.views.filter((v) => v.ts <= at), engagements: trail.engagements.filter((e) => e.ts <= at), readUnits: trail.readUnits };
    });
    read.catch(() => undefined); // awaited below; until then a failure must not count as unhandled
    raw.set(start, read);
  };
  // The current hour and the one before are always read raw: their reads go out with the rollup Query.
  readRaw(lastStart - HOUR_MS);
  readRaw(lastStart);
  const rollups = await readRollups(db, site, hourKey(firstStart), hourKey(lastStart - HOUR_MS), at, ids);
  readUnits += rollups.readUnits;

  const missing = starts.filter((start) => mayHoldData(start) && (start === lastStart || !rollups.hours.has(hourKey(start))));
  const rawNeeded = [...new Set(missing.flatMap((start) => [start - HOUR_MS, start]))].filter((start) => mayHoldData(start) && !raw.has(start));
  await forEachLimited(rawNeeded, CONCURRENCY, async (start) => {
    readRaw(start);
    await raw.get(start);
  });
  const trails = new Map<number, HourTrail>();
  for (const [start, trail] of raw) trails.set(start, await trail);

  const result: RankWindow['hours'] = [];
  for (const start of starts) {
    const key = hourKey(start);
    let counts = start === lastStart ? undefined : rollups.hours.get(key);
    if (!counts && !mayHoldData(start)) counts = emptyHourCounts(key);
    if (!counts) {
      const none = { views: [], engagements: [], readUnits: 0 };
      const aggregate = aggregateHour(key, start, trails.get(start)!, trails.get(start - HOUR_MS) ?? none);
      if (start + HOUR_MS + ROLLUP_GRACE_MS <= at) {
        writeUnits += await writeRollup(db, site, aggregate, start);
        rollupsWritten += 1;
      }
      counts = hourCountsFromAggregate(aggregate, ids);
    }
    result.push({ start, counts });
  }
  return { at, ids, hours: result, readUnits, writeUnits, rollupsWritten };
}
