import { readCatalogTouch } from '../shared/catalog/catalog-store.ts';
import { RankCache } from '../shared/rank/rank-cache.ts';
import { parseRankSettings } from '../shared/rank/rank-settings.ts';
import { readCatalogInput, readRankInput, windowHours } from '../shared/rank/rank-input.ts';
import type { Site } from '../shared/sites/site.ts';
import type { Db } from '../shared/store/db.ts';
import { HOUR_MS, hourKey, hourStart } from '../shared/time.ts';
import { ArticleIds } from '../shared/window/article-ids.ts';
import { readRollups, readRollupsToken } from '../shared/window/rollup-store.ts';
import { rankRelatedShard, type RelatedShardReport, type RelatedTask } from '../shared/rank/related-shards.ts';
import { rankSite, rankWindow, type RankReport } from '../shared/rank/rank-site.ts';
import { getSite } from '../shared/sites/site-store.ts';
import { BENCH_SITE, patientDb } from './bench-site.ts';
import { summarize } from './latency.ts';

/**
 * One measurement of the rank benchmark, in a process of its own so that its peak memory (maxRSS) is the run's
 * alone: `run` is a whole rank job against the table; `core` reads the same input and times only the pure
 * ranking (rankWindow), CORE_REPEATS times, reporting the median. Prints one JSON line; bench/rank-scale.ts
 * starts it.
 */

export interface ChildRequest {
  /** `shard`: one queued shard of related stories (`task`), as the rank Lambda ranks it. */
  mode: 'run' | 'core' | 'shard';
  endpoint: string;
  table: string;
  at: number;
  /** Overrides of the site's rank settings for this run. */
  settings?: unknown;
  /**
   * `run` in a warm process: the `at` of the run before, whose reads a warm rank container would still keep
   * (shared/rank/rank-cache.ts); they are read into the cache first, untimed. Without it the process is cold.
   */
  warmFrom?: number;
  task?: RelatedTask;
}

export interface ChildResult {
  seconds: number;
  /** CPU time of this process during the measured part (user + system), to tell computing from waiting. */
  cpuSeconds: number;
  /** Peak resident memory of this process (resourceUsage reports kilobytes). */
  maxRssMiB: number;
  report?: RankReport;
  /** The related shards a run queued, as the rank Lambda would (a big site). */
  tasks?: RelatedTask[];
  shardReport?: RelatedShardReport;
}

const CORE_REPEATS = 3;

/** Wall and CPU seconds of one call. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** What a rank run at `at` left in its process's cache: the catalog under its touch token, the window's rollups. */
async function keepWhatTheRunBeforeRead(db: Db, site: Site, at: number, cache: RankCache): Promise<void> {
  const settings = parseRankSettings(site.settings);
  const [touch, rollups] = await Promise.all([readCatalogTouch(db, site.site), readRollupsToken(db, site.site)]);
  const { catalog } = await readCatalogInput(db, site, at, cache.catalog(db, site.site, touch.token));
  const hours = windowHours(settings);
  const last = hourStart(at);
  const memory = cache.rollups(db, site.site, rollups.token);
  await readRollups(db, site.site, hourKey(last - (hours - 1) * HOUR_MS), hourKey(last - HOUR_MS), at, ArticleIds.of(catalog.keys()), false, memory);
}

async function measure(request: ChildRequest): Promise<ChildResult> {
  const db = patientDb(request.endpoint, request.table);
  try {
    const site = await getSite(db, BENCH_SITE);
    if (!site) throw new Error(`no site ${BENCH_SITE} in ${request.table}`);
    if (request.mode === 'run') {
      const tasks: RelatedTask[] = [];
      const queueRelated = async (queued: RelatedTask[]) => void tasks.push(...queued);
      const cache = new RankCache();
      if (request.warmFrom !== undefined) await keepWhatTheRunBeforeRead(db, site, request.warmFrom, cache);
      const { value: report, seconds, cpuSeconds } = await timed(() => rankSite(db, site, request.at, { settings: request.settings, queueRelated, cache }));
      return { seconds, cpuSeconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, report, tasks };
    }
    if (request.mode === 'shard') {
      const { value: shardReport, seconds, cpuSeconds } = await timed(() => rankRelatedShard(db, site, request.task!));
      return { seconds, cpuSeconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, shardReport };
    }
    const settings = parseRankSettings(site.settings);
    const input = await readRankInput(db, site, request.at, settings);
    const seconds: number[] = [];
    const cpuSeconds: number[] = [];
    for (let k = 0; k < CORE_REPEATS; k++) {
      const repeat = await timed(() => rankWindow(input.window, input.catalog, input.pins, request.at, settings));
      seconds.push(repeat.seconds);
      cpuSeconds.push(repeat.cpuSeconds);
    }
    return { seconds: summarize(seconds).p50, cpuSeconds: summarize(cpuSeconds).p50, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  } finally {
    db.client.destroy();
  }
}

measure(JSON.parse(process.argv[2] ?? '{}') as ChildRequest).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
