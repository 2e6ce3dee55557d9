import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RankReport } from '../shared/rank/rank-site.ts';
import { patientDb } from './bench-site.ts';
import type { BenchContext } from './context.ts';
import { summarize } from './latency.ts';
import type { ChildRequest, ChildResult } from './rank-scale-child.ts';
import { HOURLY_AFTER_MS, STEADY_RUNS, STEADY_STEP_MS, scaleShape } from './rank-scale-data.ts';
import { PRICES } from './prices.ts';
import { ingestCounted, loadRankScaleSite } from './rank-scale-site.ts';
import { int, num, type Goal, type SectionResult } from './report.ts';

/**
 * How the rank job scales: for each size (counted views over 7 days), a synthetic site is loaded into
 * DynamoDB in its steady state (rollups of closed hours, raw trail of the last two; rank-scale-site.ts), then
 * measured in child processes pinned to one core: a whole rank run (time, peak memory, read and write units),
 * the pure ranking alone on the same input, and three scheduled runs 5, 10 and 15 minutes later, each after
 * ingesting those minutes' readers. `npm run bench -- --only rank --rank-sizes 100000,1000000` runs it alone.
 */

const CHILD = fileURLToPath(new URL('./rank-scale-child.ts', import.meta.url));
/** `--import tsx` resolves from the working directory: the repository root, wherever the bench was started. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Pin each measured process to one core when the machine can (Linux `taskset`): the goal is "on one core". */
const TASKSET = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;

/**
 * A run, and the related shards it queued (a big site), each ranked in a process of its own as the Lambda
 * would: all of them up to ALL_SHARDS_UP_TO, else the first SAMPLED_SHARDS (`queued` says how many there were).
 */
type RankRun = ChildResult & { report: RankReport; shards: ChildResult[]; queued: number };

/**
 * Shards are equal by construction (a hash of the id picks an article's shard), and against this machine's
 * DynamoDB Local holding 20M views one shard takes minutes of waiting for its reads: above ALL_SHARDS_UP_TO
 * the bench measures SAMPLED_SHARDS and counts the others like them.
 */
const ALL_SHARDS_UP_TO = 4;
const SAMPLED_SHARDS = 2;

/** A run's totals: its own units and those of its shards (the sampled ones scaled to all); Lambda seconds of all. */
function totals(x: RankRun) {
  const shards = x.shards.map((s) => s.shardReport!);
  const scale = x.shards.length ? x.queued / x.shards.length : 0;
  return {
    readUnits: x.report.readUnits + scale * shards.reduce((sum, s) => sum + s.readUnits, 0),
    writeUnits: x.report.writeUnits + scale * shards.reduce((sum, s) => sum + s.writeUnits, 0),
    relatedWritten: x.report.relatedWritten + scale * shards.reduce((sum, s) => sum + s.relatedWritten, 0),
    lambdaSeconds: x.seconds + scale * x.shards.reduce((sum, s) => sum + s.seconds, 0),
    longestShard: Math.max(0, ...x.shards.map((s) => s.seconds)),
    shardPeakMiB: Math.max(0, ...x.shards.map((s) => s.maxRssMiB)),
  };
}

interface SizeResult {
  views: number;
  articles: number;
  sessions: number;
  /** The first (cold) run: it writes every related and stats item. */
  first: RankRun;
  /** The pure ranking (rankWindow) on the same input: median of three repeats, CPU seconds being the figure. */
  core: ChildResult;
  /** The scheduled runs after it, when the lists changed only a little. */
  steady: RankRun[];
  /** The run an hour after the first: every article's related stories ranked again. */
  hourly: RankRun;
  /** A run right after it, with no new reader: only the check. */
  quiet: RankRun;
}

/**
 * Runs a month at the default 5-minute rate, and how many of them rank every related list (the default
 * related.everyMinutes: 180).
 */
const RUNS_PER_MONTH = 30 * 24 * 12;
const FULL_RELATED_RUNS_PER_MONTH = (30 * 24 * 60) / 180;
/** The bench's full related run comes an hour after the first: it asks for related stories every 60 minutes. */
const FULL_RELATED_AFTER_AN_HOUR = { related: { everyMinutes: 60 } };
/** The rank function's memory (infra/stacks/api-stack.ts): what Lambda bills per second of a run. */
const RANK_MEMORY_GB = 2;

/**
 * What the rank job costs a site a month at the 5-minute rate: every hour one run like the hourly one, the
 * other eleven like the scheduled ones (their median); DynamoDB units at list price and Lambda time at the
 * rank function's memory, billed on this machine's wall time (DynamoDB Local answers slower than DynamoDB).
 */
function monthlyCost(r: SizeResult): { month: number; perMillionViews: number } {
  const run = (x: { lambdaSeconds: number; readUnits: number; writeUnits: number }) =>
    x.writeUnits * PRICES.dynamoWriteUnit + x.readUnits * PRICES.dynamoReadUnit + x.lambdaSeconds * RANK_MEMORY_GB * PRICES.lambdaArmGbSecond + PRICES.lambdaRequest;
  const month = (RUNS_PER_MONTH - FULL_RELATED_RUNS_PER_MONTH) * run(figures(r.steady)) + FULL_RELATED_RUNS_PER_MONTH * run(totals(r.hourly));
  return { month, perMillionViews: month / ((r.views * 30) / 7 / 1e6) };
}

/** A run's figures as the table shows them; for the scheduled runs each is the median of its column. */
function figures(runs: RankRun[]) {
  const m = (pick: (run: RankRun) => number) => median(runs.map(pick));
  return {
    seconds: m((x) => x.seconds),
    cpuSeconds: m((x) => x.cpuSeconds),
    readUnits: m((x) => totals(x).readUnits),
    writeUnits: m((x) => totals(x).writeUnits),
    lambdaSeconds: m((x) => totals(x).lambdaSeconds),
    cells: (core: string) => [
      ...[num(m((x) => x.seconds), 1), num(m((x) => x.cpuSeconds), 1), core, int(m((x) => x.maxRssMiB))],
      m((x) => x.queued)
        ? `${m((x) => x.queued)}${m((x) => x.shards.length) < m((x) => x.queued) ? ` (${m((x) => x.shards.length)} measured)` : ''}: ${num(m((x) => totals(x).longestShard), 1)} s, ${int(m((x) => totals(x).shardPeakMiB))} MiB`
        : '',
      ...[int(m((x) => totals(x).readUnits)), int(m((x) => totals(x).writeUnits)), int(m((x) => totals(x).relatedWritten)), int(m((x) => x.report.statsWritten))],
    ],
  };
}

export async function rankScale(ctx: BenchContext): Promise<SectionResult> {
  const dynamo = await ctx.dynamo();
  // The store stands in for a remote service: off core 0, where the measured processes run.
  if (TASKSET) spawnSync('taskset', ['-a', '-p', '-c', '1', String(dynamo.pid)], { stdio: 'ignore' });
  ctx.log(`  child processes ${TASKSET ? 'pinned to core 0 (taskset -c 0)' : 'not pinned (no taskset)'}`);
  const results: SizeResult[] = [];
  for (const views of ctx.options.rankSizes) results.push(await measureSize(dynamo.endpoint, views, ctx.log));
  ctx.measurements.rankMonthly = results.map((r) => ({ views: r.views, month: monthlyCost(r).month }));

  const base = results[0];
  return {
    tables: [
      {
        caption:
          "**The rank job at scale** (bench/rank-scale.ts: a synthetic site of 7 days loaded into this run's DynamoDB Local; " +
          "then its first run, and scheduled runs 5, 10 and 15 minutes later, each after that time's new readers; every run a child process on one core; " +
          'the first run cold, the scheduled and hourly runs warm: the process first reads what the run before kept in memory, shared/rank/rank-cache.ts, as a warm Lambda container has it)',
        header: ['views', 'articles', 'sessions', 'run', 'wall, s', 'cpu, s', 'ranking core cpu, s', 'peak RSS, MiB', 'related shards: longest, peak', 'read units', 'write units', 'related written', 'stats written'],
        rows: results.flatMap((r) => [
          [int(r.views), int(r.articles), int(r.sessions), 'first', ...figures([r.first]).cells(num(r.core.cpuSeconds, 1))],
          ['', '', '', `scheduled (median of ${r.steady.length})`, ...figures(r.steady).cells('')],
          ['', '', '', 'hourly (related in full)', ...figures([r.hourly]).cells('')],
          ['', '', '', 'nothing new', ...figures([r.quiet]).cells('')],
        ]),
      },
      {
        caption:
          '**What the rank job costs** a site at the 5-minute rate (8,640 runs a month: every 3 hours, the default related.everyMinutes, one like the hourly run, the others like the scheduled ones), ' +
          `DynamoDB units at list price and Lambda at ${RANK_MEMORY_GB} GB billed on this machine's wall time`,
        header: ['views a week', 'views a month', 'per month', 'per million views'],
        rows: results.map((r) => {
          const cost = monthlyCost(r);
          return [int(r.views), int((r.views * 30) / 7), `$${num(cost.month, 2)}`, `$${num(cost.perMillionViews, 3)}`];
        }),
      },
      ...(base && results.length > 1
        ? [
            {
              caption: `**Growth** against ${int(base.views)} views (each time ratio, then that ratio divided by the size ratio: 1.00 is linear)`,
              header: ['views', 'size', 'ranking core cpu', 'first run, wall', 'scheduled run, wall', 'scheduled run, cpu'],
              rows: results.slice(1).map((r) => {
                const size = r.views / base.views;
                const grow = (a: number, b: number) => `x${num(a / b, 1)} (${num(a / b / size, 2)})`;
                const [scheduled, baseScheduled] = [figures(r.steady), figures(base.steady)];
                return [
                  int(r.views),
                  `x${num(size, 1)}`,
                  grow(r.core.cpuSeconds, base.core.cpuSeconds),
                  grow(r.first.seconds, base.first.seconds),
                  grow(scheduled.seconds, baseScheduled.seconds),
                  grow(scheduled.cpuSeconds, baseScheduled.cpuSeconds),
                ];
              }),
            },
          ]
        : []),
    ],
    notes: [
      '"wall" is one rankSite call as the rank function makes it (reading the catalog, rollups and trails, ranking, ' +
        "writing lists, related stories and stats), \"cpu\" that process's CPU time, \"ranking core\" the pure ranking " +
        '(rankWindow) on the same input without DynamoDB. A first run writes every related item and stats item; a ' +
        'scheduled run only those whose content changed. Definitions and the data set: bench/rank-scale.ts.',
      'A site of more than 25,000 articles has its related stories ranked in shards when they are due in full: the run ' +
        'queues them, and each shard is ranked by a process of its own, as the rank Lambda does with queued messages ' +
        `(shared/rank/related-shards.ts). Above ${ALL_SHARDS_UP_TO} shards the bench measures ${SAMPLED_SHARDS} of them and counts ` +
        'the others like them in the units and the cost (shards are equal by construction).',
      'Warm runs: the rank Lambda keeps a site\'s rollups and catalog between runs while its container is warm ' +
        '(shared/rank/rank-cache.ts), so a scheduled run reads only the newest rollup, the recent trails and a catalog ' +
        'whose touch token changed. A cold container (the first run after a deploy or a quiet spell, or another of the ' +
        'rank function\'s containers) reads everything, as the first run does: before the cache, a scheduled run of the ' +
        '1M site read 2,516 units (1,597 of them rollups, 699 the catalog).',
      'DynamoDB Local runs on the second core and answers far slower than DynamoDB, more so the bigger its table: at ' +
        '5M views and more, most of the wall time beyond the cpu column is waiting for its reads and writes. The 20M site of issue 13 (every run within Lambda\'s limits): `npm run bench -- --only rank --rank-sizes 100000,1000000,5000000,20000000`, measured at 5c2a42c (docs/deploy.md).',
      'The hourly run asks for related stories every 60 minutes (it comes an hour after the first run); the cost ' +
        'counts one such run every 180 minutes, the default related.everyMinutes.',
    ],
    goals: goals(results),
  };
}

function goals(results: SizeResult[]): Goal[] {
  const near = (views: number) => results.find((r) => Math.abs(r.views - views) <= views / 4);
  const out: Goal[] = [];
  const small = near(100_000);
  if (small) {
    const most = Math.max(...small.steady.map((x) => totals(x).writeUnits));
    out.push({
      goal: `a scheduled run of a ${int(small.articles)}-article site with a week of history: at most 300 write units`,
      met: most <= 300,
      detail: `at most ${int(most)} write units (${small.steady.length} runs, each after the ${int(small.views / (7 * 24 * 12))} or so views of its 5 minutes)`,
    });
  }
  const oneM = near(1_000_000);
  if (oneM) {
    out.push({ goal: '1M views: the first rank run within 10 s on one core', met: oneM.first.seconds <= 10, detail: `${num(oneM.first.seconds, 1)} s (writes every related and stats item)` });
    const scheduled = figures(oneM.steady).seconds;
    out.push({ goal: '1M views: a scheduled rank run within 5 s on one core', met: scheduled <= 5, detail: `${num(scheduled, 1)} s (median of ${oneM.steady.length})` });
  }
  const fiveM = near(5_000_000);
  if (fiveM) {
    const scheduled = figures(fiveM.steady).seconds;
    const peak = Math.max(...fiveM.steady.map((x) => x.maxRssMiB));
    out.push({ goal: '5M views: a scheduled rank run within 60 s and under 1 GiB', met: scheduled <= 60 && peak < 1024, detail: `${num(scheduled, 1)} s, ${int(peak)} MiB` });
  }
  const twentyM = near(20_000_000);
  if (twentyM) {
    const runs = [twentyM.first, ...twentyM.steady, twentyM.hourly];
    const processes = runs.flatMap((x) => [x, ...x.shards]);
    const longest = Math.max(...processes.map((x) => x.seconds));
    const peak = Math.max(...processes.map((x) => x.maxRssMiB));
    out.push({ goal: "20M views: every run within Lambda's limits (15 minutes, 10 GB)", met: longest <= 900 && peak < 10_240, detail: `longest ${num(longest, 0)} s, peak ${int(peak)} MiB` });
  }
  for (const r of results) {
    const { perMillionViews } = monthlyCost(r);
    out.push({ goal: `${int(r.views)} views: the rank job at most $0.50 per million views`, met: perMillionViews <= 0.5, detail: `$${num(perMillionViews, 3)}` });
  }
  return out;
}

async function measureSize(endpoint: string, size: number, log: (line: string) => void): Promise<SizeResult> {
  const shape = scaleShape(size);
  const db = patientDb(endpoint, `bench-rank-${size}-${randomUUID().slice(0, 8)}`);
  try {
    log(`  ${int(size)} views: loading ${int(shape.articles)} articles, ${int(shape.sessions)} sessions into ${db.tableName}`);
    const loadStarted = performance.now();
    const site = await loadRankScaleSite(db, shape, log);
    log(`  loaded in ${num((performance.now() - loadStarted) / 1000, 1)} s: ${int(site.views)} counted views, ${int(site.articles)} articles, ${int(site.sessions)} sessions`);
    const request = { endpoint, table: db.tableName };
    const run = async (at: number, label: string, settings?: unknown, warmFrom?: number): Promise<RankRun> => {
      const result = await runChild({ ...request, mode: 'run', at, settings, ...(warmFrom === undefined ? {} : { warmFrom }) });
      const r = result.report!;
      log(`  ${label}: ${num(result.seconds, 2)} s (cpu ${num(result.cpuSeconds, 2)} s), peak ${int(result.maxRssMiB)} MiB, ${int(r.readUnits)} RU, ${int(r.writeUnits)} WU; ${r.listsWritten} lists, ${int(r.relatedWritten)} related, ${int(r.statsWritten)} stats written`);
      const shards: ChildResult[] = [];
      const tasks = result.tasks ?? [];
      for (const task of tasks.length > ALL_SHARDS_UP_TO ? tasks.slice(0, SAMPLED_SHARDS) : tasks) {
        const shard = await runChild({ ...request, mode: 'shard', at, task });
        const s = shard.shardReport!;
        log(`    related shard ${s.shard + 1}/${s.shards}: ${num(shard.seconds, 2)} s (cpu ${num(shard.cpuSeconds, 2)} s), peak ${int(shard.maxRssMiB)} MiB, ${int(s.readUnits)} RU, ${int(s.writeUnits)} WU; ${int(s.relatedWritten)} of ${int(s.related)} related written`);
        shards.push(shard);
      }
      return { ...result, report: r, shards, queued: tasks.length };
    };
    const first = await run(shape.at, 'first run');
    const core = await runChild({ ...request, mode: 'core', at: shape.at });
    log(`  pure ranking (rankWindow): cpu ${num(core.cpuSeconds, 2)} s (median of 3)`);
    const steady: RankRun[] = [];
    for (let k = 1; k <= STEADY_RUNS; k++) {
      const at = shape.at + k * STEADY_STEP_MS;
      await ingestCounted(db, site.later.filter((e) => e.ts > at - STEADY_STEP_MS && e.ts <= at));
      steady.push(await run(at, `run ${k + 1} (+${(k * STEADY_STEP_MS) / 60_000} min, warm)`, undefined, at - STEADY_STEP_MS));
    }
    const lastSteady = shape.at + STEADY_RUNS * STEADY_STEP_MS;
    const hourlyAt = shape.at + HOURLY_AFTER_MS;
    await ingestCounted(db, site.later.filter((e) => e.ts > lastSteady && e.ts <= hourlyAt));
    const hourly = await run(hourlyAt, `hourly run (+${HOURLY_AFTER_MS / 60_000} min, related in full, warm)`, FULL_RELATED_AFTER_AN_HOUR, lastSteady);
    const quiet = await run(hourlyAt + STEADY_STEP_MS, 'a run with nothing new');
    return { views: site.views, articles: site.articles, sessions: site.sessions, first, core, steady, hourly, quiet };
  } finally {
    // Frees DynamoDB Local's memory before the next size.
    await db.client.send(new DeleteTableCommand({ TableName: db.tableName })).catch(() => undefined);
    db.client.destroy();
  }
}

/** Runs one measurement in a fresh Node process (tsx loader), pinned to core 0 when possible. */
async function runChild(request: ChildRequest): Promise<ChildResult> {
  const node = [process.execPath, '--import', 'tsx', CHILD, JSON.stringify(request)];
  const [command, ...args] = TASKSET ? ['taskset', '-c', '0', ...node] : node;
  const { stdout } = await promisify(execFile)(command!, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
}

function median(values: number[]): number {
  return summarize(values).p50;
}
