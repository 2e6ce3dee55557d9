import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import type { RankReport } from '../shared/rank/rank-site.ts';
import type { Db } from '../shared/store/db.ts';
import type { ChildRequest, ChildResult } from './rank-scale-child.ts';
import { STEADY_RUNS, STEADY_STEP_MS, scaleShape } from './rank-scale-data.ts';
import { benchClient, ingestRaw, loadSyntheticSite } from './rank-scale-load.ts';
import { median } from './stats.ts';

/**
 * How the rank job scales: for each size (counted views over 7 days), a synthetic site is loaded into
 * DynamoDB in its steady state (rollups of closed hours, raw trail of the last two), then measured in child
 * processes pinned to one core: a whole rank run (time, peak memory, read and write units), the pure
 * ranking alone on the same input, and three scheduled runs 5, 10 and 15 minutes later, each after
 * ingesting those minutes' readers.
 *
 * `npx tsx bench/rank-scale.ts --sizes 100000,1000000` runs it alone, with its own in-memory DynamoDB Local.
 */

/** One size, as measured by its first (cold) rank run. */
export interface RankScaleResult {
  /** Counted views in the window (bots and 30-minute repeats left out, as ingest does). */
  views: number;
  /** Catalog articles published by the ranking time. */
  articles: number;
  /** Sessions with at least one counted view. */
  sessions: number;
  days: number;
  /** Generating the traffic and loading the table (catalog, rollups, raw trail through ingest). */
  loadSeconds: number;
  /** The first rank run, wall time end to end: reading, ranking, writing every list, related item and stats item. */
  rankSeconds: number;
  /** The pure ranking (rankWindow) on the same input: median CPU seconds of three repeats. */
  coreSeconds: number;
  /** Peak resident memory of the first run's process. */
  peakRssMiB: number;
  /** Read and write units of the first run (ReturnConsumedCapacity, as its report sums them). */
  readUnits: number;
  writeUnits: number;
}

/** A run after the first: what a scheduled run costs when the lists changed only a little. */
export interface SteadyRun {
  rankSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  report: RankReport;
}

export interface SizeResult extends RankScaleResult {
  first: RankReport;
  firstCpuSeconds: number;
  coreWallSeconds: number[];
  coreCpuSeconds: number[];
  steady: SteadyRun[];
}

const SITE = 'bench';
const CHILD = fileURLToPath(new URL('./rank-scale-child.ts', import.meta.url));
/** `--import tsx` resolves from the working directory: the repository root, wherever the bench was started. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Pin each measured process to one core when the machine can (Linux `taskset`): the goal is "on one core". */
const TASKSET = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;

/** Keeps DynamoDB Local (standing in for a remote service) off core 0, where the measured processes run. */
export function pinStoreOffMeasuredCore(pid: number): void {
  if (TASKSET) spawnSync('taskset', ['-a', '-p', '-c', '1', String(pid)], { stdio: 'ignore' });
}

/**
 * Per size: the first (cold) run (`rankSeconds`, its wall time end to end against DynamoDB, with its read and
 * write units), `coreSeconds`, the pure ranking (rankWindow) on the same input (the median CPU time of three
 * repeats: on a shared machine wall time also counts other processes' turns), and the scheduled runs after it.
 */
export async function measureSizes(options: { endpoint: string; sizes: number[]; log: (line: string) => void }): Promise<SizeResult[]> {
  const { log } = options;
  const results: SizeResult[] = [];
  log(`rank-scale: child processes ${TASKSET ? 'pinned to core 0 (taskset -c 0)' : 'not pinned (no taskset)'}, DynamoDB Local at ${options.endpoint}`);
  for (const views of options.sizes) {
    const shape = scaleShape(views);
    const client = benchClient(options.endpoint);
    const db: Db = { client, tableName: `bench-rank-${views}-${randomUUID().slice(0, 8)}` };
    try {
      log(`${fmt(views)} views: loading ${fmt(shape.articles)} articles, ${fmt(shape.sessions)} sessions into ${db.tableName}`);
      const loadStarted = performance.now();
      const loaded = await loadSyntheticSite(db, SITE, shape, log);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      log(`  loaded in ${loadSeconds.toFixed(1)} s: ${fmt(loaded.views)} counted views, ${fmt(loaded.articles)} articles, ${fmt(loaded.sessions)} sessions`);

      const request = { endpoint: options.endpoint, table: db.tableName, site: SITE };
      const first = await runChild({ ...request, mode: 'run', at: shape.at });
      const report = first.report!;
      log(`  first run: ${describe(first.seconds, first.cpuSeconds, first.maxRssMiB, report)}`);
      const core = await runChild({ ...request, mode: 'core', at: shape.at });
      log(`  pure ranking (rankWindow): cpu ${core.cpuRepeats!.map((s) => s.toFixed(2)).join(', ')} s, wall ${core.repeats!.map((s) => s.toFixed(2)).join(', ')} s`);
      log(`  reading its input (readRankInput, after the first run): ${core.read!.seconds.toFixed(2)} s, of which ${core.read!.cpuSeconds.toFixed(2)} s cpu in this process`);

      const steady: SteadyRun[] = [];
      for (let k = 1; k <= STEADY_RUNS; k++) {
        const at = shape.at + k * STEADY_STEP_MS;
        const events = loaded.laterEvents.filter((e) => e.ts > at - STEADY_STEP_MS && e.ts <= at);
        await ingestRaw(db, SITE, events);
        const run = await runChild({ ...request, mode: 'run', at });
        steady.push({ rankSeconds: run.seconds, cpuSeconds: run.cpuSeconds, peakRssMiB: run.maxRssMiB, report: run.report! });
        log(`  run ${k + 1} (+${(k * STEADY_STEP_MS) / 60_000} min, ${fmt(events.length)} new events): ${describe(run.seconds, run.cpuSeconds, run.maxRssMiB, run.report!)}`);
      }

      results.push({
        views: loaded.views,
        articles: loaded.articles,
        sessions: loaded.sessions,
        days: shape.hours / 24,
        loadSeconds,
        rankSeconds: first.seconds,
        coreSeconds: core.cpuSeconds,
        peakRssMiB: first.maxRssMiB,
        readUnits: report.readUnits,
        writeUnits: report.writeUnits,
        first: report,
        firstCpuSeconds: first.cpuSeconds,
        coreWallSeconds: core.repeats!,
        coreCpuSeconds: core.cpuRepeats!,
        steady,
      });
    } finally {
      // Frees DynamoDB Local's memory before the next size.
      await client.send(new DeleteTableCommand({ TableName: db.tableName })).catch(() => undefined);
      client.destroy();
    }
  }
  return results;
}

function describe(seconds: number, cpuSeconds: number, peakMiB: number, report: RankReport): string {
  const { read, rank, writeLists, writeRelated, writeStats } = report.phasesMs;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return (
    `${seconds.toFixed(2)} s (cpu ${cpuSeconds.toFixed(2)} s; read ${s(read)}, rank ${s(rank)}, write lists ${s(writeLists)}, related ${s(writeRelated)}, stats ${s(writeStats)}), ` +
    `peak ${peakMiB.toFixed(0)} MiB, ${fmt(report.readUnits)} RU, ${fmt(report.writeUnits)} WU; ` +
    `${report.listsWritten} lists, ${fmt(report.relatedWritten)} related, ${fmt(report.statsWritten)} stats written`
  );
}

/** Runs one measurement in a fresh Node process (tsx loader), pinned to core 0 when possible. */
function runChild(request: ChildRequest): Promise<ChildResult> {
  const node = [process.execPath, '--import', 'tsx', CHILD, JSON.stringify(request)];
  const [command, ...args] = TASKSET ? ['taskset', '-c', '0', ...node] : node;
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`rank-scale child (${request.mode}) exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** A Markdown table: the first run of each size, then the median of its steady-state runs. */
function table(results: SizeResult[]): string {
  const rows = [
    '| views | articles | sessions | load s | run | rank s | cpu s | core s | peak MiB | RU | WU | related written | stats written |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const m = (f: (run: SteadyRun) => number) => median(r.steady.map(f));
    rows.push(
      `| ${fmt(r.views)} | ${fmt(r.articles)} | ${fmt(r.sessions)} | ${r.loadSeconds.toFixed(1)} | first | ${r.rankSeconds.toFixed(2)} | ${r.firstCpuSeconds.toFixed(2)} | ${r.coreSeconds.toFixed(2)} | ${r.peakRssMiB.toFixed(0)} | ${fmt(r.readUnits)} | ${fmt(r.writeUnits)} | ${fmt(r.first.relatedWritten)} | ${fmt(r.first.statsWritten)} |`,
      `| | | | | next ${r.steady.length} (median) | ${m((x) => x.rankSeconds).toFixed(2)} | ${m((x) => x.cpuSeconds).toFixed(2)} | | ${m((x) => x.peakRssMiB).toFixed(0)} | ${fmt(m((x) => x.report.readUnits))} | ${fmt(m((x) => x.report.writeUnits))} | ${fmt(m((x) => x.report.relatedWritten))} | ${fmt(m((x) => x.report.statsWritten))} |`,
    );
  }
  const base = results[0];
  if (base && results.length > 1) {
    const steady = (r: SizeResult) => median(r.steady.map((x) => x.rankSeconds));
    const steadyCpu = (r: SizeResult) => median(r.steady.map((x) => x.cpuSeconds));
    rows.push('', `Growth against ${fmt(base.views)} views (time ratio / size ratio; 1.00 is linear):`);
    for (const r of results.slice(1)) {
      const size = r.views / base.views;
      const ratio = (a: number, b: number) => `x${(a / b).toFixed(1)} (${(a / b / size).toFixed(2)})`;
      rows.push(
        `- ${fmt(r.views)}: size x${size.toFixed(1)}; core cpu ${ratio(r.coreSeconds, base.coreSeconds)}; first run ${ratio(r.rankSeconds, base.rankSeconds)}, ` +
          `cpu ${ratio(r.firstCpuSeconds, base.firstCpuSeconds)}; steady run ${ratio(steady(r), steady(base))}, cpu ${ratio(steadyCpu(r), steadyCpu(base))}`,
      );
    }
  }
  return rows.join('\n');
}


function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}


async function main() {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const sizes = (arg('--sizes') ?? '100000,1000000').split(',').map((s) => Number(s.replaceAll('_', '')));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1000)) throw new Error('--sizes: comma-separated view counts of at least 1000');
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    pinStoreOffMeasuredCore(dynamo.pid);
    const results = await measureSizes({ endpoint: dynamo.endpoint, sizes, log: (line) => console.error(line) });
    console.log(table(results));
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
