import { forEachLimited } from '../concurrency.ts';
import type { Db } from '../store/db.ts';
import { HOUR_MS, MINUTE_MS, hourKey, hourStart } from '../time.ts';
import type { ArticleIds } from './article-ids.ts';
import { DigestSet } from './digest-set.ts';
import { aggregateHour, countedViews, type CountingRules, type DayPairs } from './hour-aggregate.ts';
import { emptyHourCounts, hourCountsFromAggregate, type HourCounts, type PairsWanted } from './hour-counts.ts';
import { keepWrittenRollup, readPairDigests, readRollups, writePairDigests, writeRollup, type RollupMemory } from './rollup-store.ts';
import type { TrailView } from './trail-item.ts';
import { readHourTrail, type HourTrail } from './trail-reader.ts';

/** How long after an hour ends before its rollup is written: in-flight beacons of that hour land first. */
const ROLLUP_GRACE_MS = 5 * MINUTE_MS;
/** Raw hours are read this many at a time (each is 16 shard queries). */
const CONCURRENCY = 8;

/** The raw trails of the hour containing `at` and the hour before, up to `at`: what every run reads first. */
export interface RecentTrails {
  at: number;
  /** Hour start → its trail, events after `at` left out. */
  hours: Map<number, HourTrail>;
  readUnits: number;
}

export interface WindowOptions {
  /** Hours ending before this hold no data (the site's creation, or its oldest imported event): not read. */
  dataSince: number;
  /** What counts: the catalog's articles, the cap per session (shared/window/hour-aggregate.ts). */
  rules: CountingRules;
  /** The run's article ids, closed: the catalog. What HourCounts refer to. */
  ids: ArticleIds;
  /** Which co-read pairs to keep: only a run that ranks related stories needs them (hour-counts.ts). */
  pairs: PairsWanted;
  /** A warm rank process's rollups from its last run of the site (shared/rank/rank-cache.ts): only newer ones are read. */
  memory?: RollupMemory;
}

export interface RankWindow {
  at: number;
  ids: ArticleIds;
  /** Counts per hour, oldest first; the last one is the hour containing `at`, up to `at`. */
  hours: { start: number; counts: HourCounts }[];
  /** The counted views of the raw hours (the current and previous one), with their times. */
  recentViews: TrailView[];
  /** Views left out as automation over the whole window. */
  ignoredViews: number;
  readUnits: number;
  writeUnits: number;
  rollupsWritten: number;
}

/** Reads the raw trails of the hour containing `at` and the one before (16 shard queries each). */
export async function readRecentTrails(db: Db, site: string, at: number, dataSince: number): Promise<RecentTrails> {
  const recent: RecentTrails = { at, hours: new Map(), readUnits: 0 };
  const starts = [hourStart(at) - HOUR_MS, hourStart(at)].filter((start) => start + HOUR_MS > dataSince);
  await Promise.all(
    starts.map(async (start) => {
      const trail = await readHourTrail(db, site, hourKey(start), at);
      recent.readUnits += trail.readUnits;
      recent.hours.set(start, { views: trail.views.filter((v) => v.ts <= at), engagements: trail.engagements.filter((e) => e.ts <= at), readUnits: trail.readUnits });
    }),
  );
  return recent;
}

/**
 * The views, engagement and co-reads of the `hours` hours up to `recent.at` (events after it are ignored).
 * Closed hours come from rollups; an hour without one is aggregated from its trail once, and stored if it is
 * safely closed. So the steady-state cost of a run is one rollup Query plus the recent trails it was given.
 * Memory follows the catalog and the window: articles outside `ids` and views beyond the counting rules are
 * left out as they are read.
 */
export async function loadWindow(db: Db, site: string, recent: RecentTrails, hours: number, options: WindowOptions): Promise<RankWindow> {
  const { at } = recent;
  const { ids, rules } = options;
  const lastStart = hourStart(at);
  const firstStart = lastStart - (hours - 1) * HOUR_MS;
  const starts = Array.from({ length: hours }, (_, i) => firstStart + i * HOUR_MS);
  let readUnits = recent.readUnits;
  let writeUnits = 0;
  let rollupsWritten = 0;

  // Hours that ended before the site had any data are empty: no need to read their 16 shards.
  const mayHoldData = (start: number) => start + HOUR_MS > options.dataSince;
  const rollups = await readRollups(db, site, hourKey(firstStart), hourKey(lastStart - HOUR_MS), at, ids, options.pairs, options.memory);
  readUnits += rollups.readUnits;

  const trails = new Map(recent.hours);
  const missing = starts.filter((start) => mayHoldData(start) && (start === lastStart || !rollups.hours.has(hourKey(start))));
  const rawNeeded = [...new Set(missing.flatMap((start) => [start - HOUR_MS, start]))].filter((start) => mayHoldData(start) && !trails.has(start));
  await forEachLimited(rawNeeded, CONCURRENCY, async (start) => {
    const trail = await readHourTrail(db, site, hourKey(start), at);
    readUnits += trail.readUnits;
    trails.set(start, trail);
  });

  // A closed hour is stored once, with its co-reads left out where the same visitor (address) counted the pair
  // earlier that UTC day: the day's earlier digests are read then, once an hour (the hour in progress counts
  // per hour until it closes). One day's digests in memory at a time.
  let today: { day: string; stored: Map<string, Uint32Array[]>; counted: DigestSet; upTo: string } | undefined;
  const dayPairsFor = async (key: string): Promise<DayPairs> => {
    const day = key.slice(0, 10);
    if (today?.day !== day) {
      const read = await readPairDigests(db, site, `${day}T00`, `${day}T23`, at);
      readUnits += read.readUnits;
      today = { day, stored: read.hours, counted: new DigestSet(), upTo: `${day}T00` };
    }
    // Every stored hour of the day before this one counts (hours aggregated in this run were added as they went).
    for (const [hour, digests] of today.stored) {
      if (hour >= today.upTo && hour < key) for (const part of digests) for (const digest of part) today.counted.add(digest);
    }
    today.upTo = key;
    const counted = today.counted;
    return { countedBefore: (digest) => counted.has(digest), counted: [] };
  };

  const result: RankWindow['hours'] = [];
  let ignoredViews = 0;
  for (const start of starts) {
    const key = hourKey(start);
    let counts = start === lastStart ? undefined : rollups.hours.get(key);
    if (!counts && !mayHoldData(start)) counts = emptyHourCounts(key);
    if (!counts) {
      const none = { views: [], engagements: [] };
      const closed = start + HOUR_MS + ROLLUP_GRACE_MS <= at;
      const day = closed ? await dayPairsFor(key) : undefined;
      const aggregate = aggregateHour(key, start, trails.get(start) ?? none, trails.get(start - HOUR_MS) ?? none, rules, day);
      if (closed) {
        writeUnits += await writePairDigests(db, site, key, start, day!.counted);
        const rollup = await writeRollup(db, site, aggregate, start);
        writeUnits += rollup.writeUnits;
        keepWrittenRollup(options.memory, key, rollup.lines);
        rollupsWritten += 1;
        for (const digest of day!.counted) today!.counted.add(digest);
        today!.stored.delete(key); // its stored digests (an earlier write) are replaced by these
        today!.upTo = hourKey(start + HOUR_MS);
      }
      counts = hourCountsFromAggregate(aggregate, ids, options.pairs);
    }
    ignoredViews += counts.ignoredViews;
    result.push({ start, counts });
  }
  const recentViews = [...recent.hours.values()].flatMap((trail) => countedViews(trail.views, rules).counted);
  return { at, ids, hours: result, recentViews, ignoredViews, readUnits, writeUnits, rollupsWritten };
}
