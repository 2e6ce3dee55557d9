import { parseRankSettings } from '../shared/rank/rank-settings.ts';
import { readRankInput } from '../shared/rank/rank-input.ts';
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

async function measure(request: ChildRequest): Promise<ChildResult> {
  const db = patientDb(request.endpoint, request.table);
  try {
    const site = await getSite(db, BENCH_SITE);
    if (!site) throw new Error(`no site ${BENCH_SITE} in ${request.table}`);
    if (request.mode === 'run') {
      const tasks: RelatedTask[] = [];
      const queueRelated = async (queued: RelatedTask[]) => void tasks.push(...queued);
      const { value: report, seconds, cpuSeconds } = await timed(() => rankSite(db, site, request.at, { settings: request.settings, queueRelated }));
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
