import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SectionId } from './cli-options.ts';
import type { MachineInfo } from './machine.ts';

/** One table of a section: already formatted cells, so the report is only layout. */
export interface Table {
  caption?: string;
  header: string[];
  rows: string[][];
  /** Per column; numbers read better right-aligned. Default: first column left, the others right. */
  align?: ('left' | 'right')[];
}

/** A goal from the issue or the design, and whether this run met it (undefined: not judged). */
export interface Goal {
  goal: string;
  met: boolean | undefined;
  detail: string;
}

export interface SectionResult {
  tables: Table[];
  notes: string[];
  goals: Goal[];
}

export interface SectionReport extends Partial<SectionResult> {
  id: SectionId;
  title: string;
  /** The command that reproduces just this section. */
  command: string;
  seconds: number;
  /** Why the section did not run (a missing module, say). */
  skipped?: string;
  /** The error that stopped it. */
  error?: string;
}

export interface RunReport {
  command: string;
  quick: boolean;
  startedAt: Date;
  seconds: number;
  machine: MachineInfo;
  /** The benchmark site the latency and unit sections ran on (when any of them ran). */
  site: { tables?: Table[]; seconds?: number; error?: string };
  sections: SectionReport[];
}

// ---- number formatting, one style for every table ----

/** Milliseconds: 3 significant-ish digits (0.412, 4.12, 41.2, 412). */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
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

export function verdict(met: boolean | undefined): string {
  return met === undefined ? 'not judged' : met ? '**met**' : '**not met**';
}

// ---- Markdown ----

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderTable(table: Table): string {
  const align = table.header.map((_, i) => table.align?.[i] ?? (i === 0 ? 'left' : 'right'));
  const lines = [
    `| ${table.header.map(escapeCell).join(' | ')} |`,
    `|${align.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return (table.caption ? `${table.caption}\n\n` : '') + lines.join('\n');
}

export function renderReport(run: RunReport): string {
  const m = run.machine;
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    `Written by \`${run.command}\` (bench/run.ts) on ${run.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC, ` +
      `in ${Math.round(run.seconds)} s. Every figure below comes from this one run; re-run the command to reproduce it, ` +
      'or the command named under a section to re-run just that section.' +
      (run.quick ? ' **This was a `--quick` run: fewer samples, less trustworthy tails.**' : ''),
  );
  out.push('');
  out.push('The machine is shared and noisy, so absolute times move from run to run. Latencies are therefore reported');
  out.push('next to the raw DynamoDB operation measured in the same run, interleaved with it (alternating batches), so');
  out.push('that whatever slows the machine slows both; the ratios are the figures to compare across runs.');
  out.push('');
  out.push(
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
  );
  out.push('');

  if (run.site.tables || run.site.error) {
    out.push('## The benchmark site');
    out.push('');
    out.push(
      'A fresh table in the run\'s DynamoDB Local, a site with the synthetic catalog of sim/ and a day of synthetic ' +
        'readers counted by the live counting code (shared/ingest/record-events.ts), ranked once, and served by ' +
        'the local server\'s app (local/local-app.ts with @hono/node-server) on a free port.',
    );
    out.push('');
    if (run.site.error) out.push(`**Setup failed:** \`${run.site.error}\``);
    for (const table of run.site.tables ?? []) out.push(renderTable(table));
    out.push('');
  }

  const goals = run.sections.flatMap((s) => (s.goals ?? []).map((g) => ({ ...g, section: s })));
  if (goals.length) {
    out.push('## Goals');
    out.push('');
    out.push(
      renderTable({
        header: ['goal', 'result', 'measured', 'section'],
        align: ['left', 'left', 'left', 'left'],
        rows: goals.map((g) => [g.goal, verdict(g.met), g.detail, `[${g.section.title}](#${anchor(g.section.title)})`]),
      }),
    );
    out.push('');
  }

  for (const section of run.sections) {
    out.push(`## ${section.title}`);
    out.push('');
    out.push(`\`${section.command}\` (${Math.round(section.seconds)} s)`);
    out.push('');
    if (section.skipped) {
      out.push(`Skipped: ${section.skipped}`);
      out.push('');
      continue;
    }
    if (section.error) {
      out.push(`**Failed:** \`${section.error}\``);
      out.push('');
    }
    for (const table of section.tables ?? []) {
      out.push(renderTable(table));
      out.push('');
    }
    if (section.notes?.length) {
      for (const note of section.notes) out.push(`- ${note}`);
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
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
