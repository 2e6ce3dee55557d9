/**
 * `npm run bench`: measures newspulse against its own DynamoDB Local and writes docs/benchmarks.md.
 * See `npm run bench -- --help` and bench/cli-options.ts. Each section is one file; a failing section is
 * reported and the others still run; DynamoDB Local is stopped by its PID however the run ends.
 */
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { beaconLatency } from './beacon-latency.ts';
import { bundleSizes } from './bundles.ts';
import { HELP, commandOf, isFullRun, parseBenchOptions, type BenchOptions } from './cli-options.ts';
import { createContext } from './context.ts';
import { cost } from './cost.ts';
import { SITE_SIZES } from './fixture.ts';
import { machineInfo } from './machine.ts';
import { Progress } from './progress.ts';
import { rankScale } from './rank-scale.ts';
import { int, num, writeReport, type RunReport, type SectionReport } from './report.ts';
import { SkipSection, type Section } from './section.ts';
import { nowMs } from './stats.ts';
import { throughput } from './throughput.ts';
import { widgetsLatency } from './widgets-latency.ts';
import { writeUnits } from './write-units.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export const SECTIONS: Section[] = [
  { id: 'beacon', title: 'Beacon latency', needsSite: true, run: beaconLatency },
  { id: 'units', title: 'Write and read units', needsSite: true, run: writeUnits },
  { id: 'widgets', title: 'Widgets latency', needsSite: true, run: widgetsLatency },
  { id: 'throughput', title: 'Requests per second', needsSite: true, run: throughput },
  { id: 'bundles', title: 'Lambda bundles and cold start', needsSite: false, run: bundleSizes },
  { id: 'rank', title: 'Rank job at scale', needsSite: false, run: rankScale },
  { id: 'cost', title: 'Cost per million page views', needsSite: false, run: cost },
];

function defaultOut(options: BenchOptions): string {
  if (options.out) return options.out;
  return isFullRun(options) ? join(ROOT, 'docs', 'benchmarks.md') : join(tmpdir(), `newspulse-benchmarks-${Date.now()}.md`);
}

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const progress = new Progress();
  const selected = SECTIONS.filter((s) => !options.only || options.only.includes(s.id));
  const command = commandOf(options);
  const startedAt = new Date();
  const started = nowMs();
  const machine = machineInfo();
  progress.line(`newspulse bench: ${command}`);
  progress.line(`  ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadStart.toFixed(2)}`);

  const { ctx, close } = createContext(options, progress);
  const onSignal = (signal: NodeJS.Signals) => {
    progress.line(`\n${signal}: stopping DynamoDB Local`);
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const reports: SectionReport[] = [];
  const site: RunReport['site'] = {};
  try {
    if (selected.some((s) => s.needsSite)) {
      progress.line('[setup] the benchmark site');
      const setupStarted = nowMs();
      try {
        const fixture = await ctx.fixture();
        const l = fixture.load;
        const sizes = options.quick ? SITE_SIZES.quick : SITE_SIZES.full;
        site.seconds = (nowMs() - setupStarted) / 1000;
        site.tables = [
          {
            header: ['articles', 'sections', 'sessions', 'events (a day)', 'counted views', 'loaded in, s', 'events/s', 'first rank run, s'],
            rows: [[
              int(sizes.articles),
              String(new Set(fixture.catalog.map((a) => a.section)).size),
              int(sizes.sessions),
              int(l.events),
              int(l.byOutcome.counted),
              num(l.seconds, 1),
              int(l.events / l.seconds),
              num(fixture.firstRank.durationMs / 1000, 2),
            ]],
          },
        ];
      } catch (error) {
        site.error = (error as Error).message;
        progress.line(`  setup FAILED: ${(error as Error).stack ?? site.error}`);
      }
    }

    for (const [i, section] of selected.entries()) {
      progress.line(`[${i + 1}/${selected.length}] ${section.title}`);
      const sectionStarted = nowMs();
      const report: SectionReport = { id: section.id, title: section.title, command: commandOf(options, section.id), seconds: 0 };
      if (section.needsSite && site.error) {
        report.error = `not run: the benchmark site could not be built (${site.error})`;
        progress.line(`  ${report.error}`);
        reports.push(report);
        continue;
      }
      try {
        Object.assign(report, await section.run(ctx));
        for (const goal of report.goals ?? []) {
          progress.line(`  goal: ${goal.goal}: ${goal.met === undefined ? 'not judged' : goal.met ? 'met' : 'NOT met'} (${goal.detail})`);
        }
      } catch (error) {
        if (error instanceof SkipSection) {
          report.skipped = error.message;
          progress.line(`  skipped: ${error.message}`);
        } else {
          report.error = (error as Error).message;
          progress.line(`  FAILED: ${(error as Error).stack ?? report.error}`);
        }
      }
      report.seconds = (nowMs() - sectionStarted) / 1000;
      reports.push(report);
    }
  } finally {
    await close();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  machine.loadEnd = loadavg()[0] ?? 0;
  const out = defaultOut(options);
  writeReport(out, { command, quick: options.quick, startedAt, seconds: (nowMs() - started) / 1000, machine, site, sections: reports });
  const failed = reports.filter((r) => r.error).length + (site.error ? 1 : 0);
  progress.line(`report written to ${relative(process.cwd(), out) || out}${failed ? `; ${failed} section(s) failed` : ''}`);
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
