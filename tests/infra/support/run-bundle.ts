import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL('./invoke-bundle.mjs', import.meta.url));

export interface BundleRun<T = any> {
  results: ({ ok: true; value: T } | { ok: false; error: string })[];
  /** Every JSON line the function printed on stdout or stderr (Powertools logs and EMF metric documents). */
  lines: Record<string, any>[];
  stderr: string;
}

/**
 * Invokes a bundle's handler with `events` in a fresh Node process (cwd: a temp folder, so nothing resolves
 * from this repository's node_modules) with exactly `env` plus PATH.
 */
export async function runBundle(bundle: string, events: unknown[], env: Record<string, string>): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'newspulse-run-'));
  const eventsFile = join(dir, 'events.json');
  const resultsFile = join(dir, 'results.json');
  writeFileSync(eventsFile, JSON.stringify(events));
  let stdout: string, stderr: string, results: BundleRun['results'];
  try {
    ({ stdout, stderr } = await run(process.execPath, [DRIVER, bundle, eventsFile, resultsFile], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    }));
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BundleRun['results'];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Lambda sends stdout and stderr (Powertools writes warnings and errors there) to the same log group.
  const lines = `${stdout}\n${stderr}`
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);
  return { results, lines, stderr };
}

/** The EMF documents among a run's lines, as `{metric name: [values...]}` per namespace and service. */
export function emittedMetrics(lines: Record<string, any>[], namespace: string, service: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const line of lines) {
    const meta = line._aws?.CloudWatchMetrics?.[0];
    if (!meta || meta.Namespace !== namespace || line.service !== service) continue;
    for (const { Name } of meta.Metrics as { Name: string }[]) {
      const value = line[Name] as number | number[];
      (out[Name] ??= []).push(...(Array.isArray(value) ? value : [value]));
    }
  }
  return out;
}
