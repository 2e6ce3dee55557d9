/**
 * `npm run bench`: measures newspulse against its own DynamoDB Local and writes docs/benchmarks.md.
 * See `npm run bench -- --help` (bench/bench-options.ts). Each section is one file; a failing section is
 * reported and the others still run; DynamoDB Local is stopped by its PID however the run ends.
 */
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beaconLatency } from './beacon-latency.ts';
import { HELP, commandOf, parseBenchOptions, type SectionId } from './bench-options.ts';
import { bundleSizes } from './bundles.ts';
import { cdnReplay } from './cdn-replay.ts';
import { createContext, type BenchContext } from './context.ts';
import { cost } from './cost.ts';
import { rankScale } from './rank-scale.ts';
import { machineInfo, writeReport, type RunReport, type SectionReport, type SectionResult } from './report.ts';
import { throughput } from './throughput.ts';
import { widgetsLatency } from './widgets-latency.ts';
import { writeUnits } from './write-units.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** In run order. `needsSite`: the section runs on the benchmark site (fixture.ts), built once before the first. */
const SECTIONS: { id: SectionId; title: string; needsSite: boolean; run(ctx: BenchContext): Promise<SectionResult> }[] = [
  { id: 'beacon', title: 'Beacon latency', needsSite: true, run: beaconLatency },
  { id: 'units', title: 'Write and read units', needsSite: true, run: writeUnits },
  { id: 'widgets', title: 'Widgets latency', needsSite: true, run: widgetsLatency },
  { id: 'throughput', title: 'Requests per second', needsSite: true, run: throughput },
  { id: 'bundles', title: 'Lambda bundles and cold start', needsSite: false, run: bundleSizes },
  { id: 'rank', title: 'Rank job at scale', needsSite: false, run: rankScale },
  { id: 'cdn', title: 'CDN hit ratio of /widgets', needsSite: false, run: cdnReplay },
  { id: 'cost', title: 'Cost per million page views', needsSite: false, run: cost },
];

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const selected = SECTIONS.filter((s) => !options.only || options.only.includes(s.id));
  const command = commandOf(options);
  const startedAt = new Date();
  const started = performance.now();
  const seconds = (since: number) => (performance.now() - since) / 1000;
  const machine = machineInfo();
  log(`newspulse bench: ${command}`);
  log(`  ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadStart.toFixed(2)}`);

  const { ctx, close } = createContext(options, log);
  const reports: SectionReport[] = [];
  let site: RunReport['site'];
  try {
    if (selected.some((s) => s.needsSite)) {
      log('[setup] the benchmark site');
      site = await ctx.fixture().then(
        (fixture) => ({ table: fixture.table }),
        (error: Error) => {
          log(`  setup FAILED: ${error.stack ?? error.message}`);
          return { error: error.message };
        },
      );
    }
    for (const [i, section] of selected.entries()) {
      log(`[${i + 1}/${selected.length}] ${section.title}`);
      const sectionStarted = performance.now();
      const report: SectionReport = { title: section.title, command: commandOf(options, section.id), seconds: 0 };
      if (section.needsSite && site?.error) {
        report.error = `not run: the benchmark site could not be built (${site.error})`;
      } else {
        try {
          Object.assign(report, await section.run(ctx));
          for (const goal of report.goals ?? []) log(`  goal: ${goal.goal}: ${goal.met ? 'met' : 'NOT met'} (${goal.detail})`);
        } catch (error) {
          report.error = (error as Error).message;
          log(`  FAILED: ${(error as Error).stack ?? report.error}`);
        }
      }
      report.seconds = seconds(sectionStarted);
      log(`  ${report.error ? 'failed' : 'done'} in ${report.seconds.toFixed(1)} s`);
      reports.push(report);
    }
  } finally {
    await close();
  }

  machine.loadEnd = loadavg()[0] ?? 0;
  // Only a full run replaces the committed report; --quick and --only runs go to the temp folder.
  const full = !options.quick && !options.only;
  const out = full ? join(ROOT, 'docs', 'benchmarks.md') : join(tmpdir(), `newspulse-benchmarks-${Date.now()}.md`);
  writeReport(out, { command, quick: options.quick, startedAt, seconds: seconds(started), machine, site, sections: reports });
  const failed = reports.filter((r) => r.error).length + (site?.error ? 1 : 0);
  const shown = relative(process.cwd(), out);
  log(`report written to ${shown.startsWith('..') ? out : shown}${failed ? `; ${failed} section(s) failed` : ''}`);
  return failed ? 1 : 0;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`newspulse bench: ${error.message}\n`);
    process.exit(2);
  },
);
