import { parseRankSettings } from '../shared/rank/rank-settings.ts';
import { rankSite, rankWindow, readRankInput, type RankReport } from '../shared/rank/rank-site.ts';
import { getSite } from '../shared/sites/site-store.ts';
import { benchClient } from './rank-scale-load.ts';

/**
 * One measurement of the rank benchmark, in a process of its own so that its peak memory (maxRSS) is the run's
 * alone: `run` is a whole rank job against the table; `core` reads the same input and times only the pure
 * ranking (rankWindow), CORE_REPEATS times. Prints one JSON line; bench/rank-scale.ts starts it.
 */

export interface ChildRequest {
  mode: 'run' | 'core';
  endpoint: string;
  table: string;
  site: string;
  at: number;
}

export interface ChildResult {
  seconds: number;
  /** CPU time of this process during the measured part (user + system), to tell computing from waiting. */
  cpuSeconds: number;
  maxRssMiB: number;
  report?: RankReport;
  /** core: each repeat's seconds, and its CPU seconds. */
  repeats?: number[];
  cpuRepeats?: number[];
  /** core: reading its input (catalog, pins, window) before, in wall and CPU seconds: the rest is the store's time. */
  read?: { seconds: number; cpuSeconds: number };
}

const CORE_REPEATS = 3;

async function main(request: ChildRequest): Promise<ChildResult> {
  const client = benchClient(request.endpoint);
  const db = { client, tableName: request.table };
  const site = await getSite(db, request.site);
  if (!site) throw new Error(`no site ${request.site} in ${request.table}`);
  try {
    if (request.mode === 'run') {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const report = await rankSite(db, site, request.at);
      const seconds = (performance.now() - started) / 1000;
      return { seconds, cpuSeconds: cpuSecondsSince(cpu), maxRssMiB: maxRssMiB(), report };
    }
    const settings = parseRankSettings(site.settings);
    const readCpu = process.cpuUsage();
    const readStarted = performance.now();
    const input = await readRankInput(db, site, request.at, settings);
    const read = { seconds: (performance.now() - readStarted) / 1000, cpuSeconds: cpuSecondsSince(readCpu) };
    const repeats: number[] = [];
    const cpuRepeats: number[] = [];
    for (let k = 0; k < CORE_REPEATS; k++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      rankWindow(input.window, input.catalog, input.pins, request.at, settings);
      repeats.push((performance.now() - started) / 1000);
      cpuRepeats.push(cpuSecondsSince(cpu));
    }
    return { seconds: median(repeats), cpuSeconds: median(cpuRepeats), maxRssMiB: maxRssMiB(), repeats, cpuRepeats, read };
  } finally {
    client.destroy();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Peak resident memory of this process so far (resourceUsage reports kilobytes). */
function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
main(request).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
