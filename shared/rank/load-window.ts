import { readHourTrail, type HourTrail } from '../store/trail-reader.ts';
import type { Db } from '../store/db.ts';
import { HOUR_MS, MINUTE_MS, hourKey, hourStart } from '../time.ts';
import { aggregateHour, emptyAggregate, type HourAggregate } from './hour-aggregate.ts';
import { readRollups, writeRollup } from './rollup-store.ts';
import { forEachLimited } from '../concurrency.ts';

/** How long after an hour ends before its rollup is written: in-flight beacons of that hour land first. */
export const ROLLUP_GRACE_MS = 5 * MINUTE_MS;
/** Raw hours are read this many at a time (each is 16 shard queries). */
const CONCURRENCY = 8;

export interface RankWindow {
  at: number;
  /** One aggregate per hour, oldest first; the last one is the hour containing `at`, up to `at`. */
  hours: { start: number; aggregate: HourAggregate }[];
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
  const rollups = await readRollups(db, site, hourKey(firstStart), hourKey(lastStart - HOUR_MS), at);
  let readUnits = rollups.readUnits;
  let writeUnits = 0;
  let rollupsWritten = 0;

  // Hours that ended before the site had any data are empty: no need to read their 16 shards.
  const mayHoldData = (start: number) => start + HOUR_MS > dataSince;
  const missing = starts.filter((start) => mayHoldData(start) && (start === lastStart || !rollups.aggregates.has(hourKey(start))));
  const rawNeeded = [...new Set(missing.flatMap((start) => [start - HOUR_MS, start]))].filter(mayHoldData);
  const raw = new Map<number, HourTrail>();
  await forEachLimited(rawNeeded, CONCURRENCY, async (start) => {
    const trail = await readHourTrail(db, site, hourKey(start), at);
    readUnits += trail.readUnits;
    raw.set(start, {
      views: trail.views.filter((v) => v.ts <= at),
      engagements: trail.engagements.filter((e) => e.ts <= at),
      readUnits: trail.readUnits,
    });
  });

  const result: RankWindow['hours'] = [];
  for (const start of starts) {
    const key = hourKey(start);
    let aggregate = start === lastStart ? undefined : rollups.aggregates.get(key);
    if (!aggregate && !mayHoldData(start)) aggregate = emptyAggregate(key);
    if (!aggregate) {
      const none = { views: [], engagements: [], readUnits: 0 };
      aggregate = aggregateHour(key, start, raw.get(start)!, raw.get(start - HOUR_MS) ?? none);
      if (start + HOUR_MS + ROLLUP_GRACE_MS <= at) {
        writeUnits += await writeRollup(db, site, aggregate, start);
        rollupsWritten += 1;
      }
    }
    result.push({ start, aggregate });
  }
  return { at, hours: result, readUnits, writeUnits, rollupsWritten };
}
