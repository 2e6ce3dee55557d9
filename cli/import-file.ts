import { Presets, SingleBar } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { NdjsonReport } from '../shared/import/ndjson-import.ts';

/** Thrown when an import rejected lines: the summary is printed, and the command exits 1 with the count. */
export class LinesRejectedError extends Error {
  constructor(report: NdjsonReport) {
    super(`${report.rejected} of ${report.lines} lines rejected`);
  }
}

/**
 * Runs an NDJSON import over a file with a progress bar (on a terminal) measured in bytes read, prints the
 * summary line the command gives and the first rejected lines, and fails the command when lines were rejected.
 * A missing file fails before anything is written.
 */
export async function importFile<R extends NdjsonReport>(
  file: string,
  noun: string,
  run: (lines: AsyncIterable<string>, onProgress: (linesDone: number) => void) => Promise<R>,
  summary: (report: R) => string[],
): Promise<R> {
  const size = statSync(file).size;
  const stream = createReadStream(file, { encoding: 'utf8' });
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: `importing [{bar}] {percentage}% | {done} ${noun}`, stream: process.stderr }, Presets.shades_classic)
    : undefined;
  bar?.start(size, 0, { done: 0 });
  let report: R;
  try {
    report = await run(createInterface({ input: stream, crlfDelay: Infinity }), (done) => bar?.update(stream.bytesRead, { done }));
  } finally {
    bar?.stop();
    stream.destroy();
  }
  for (const line of summary(report)) console.log(line);
  for (const r of report.rejections) console.log(`  line ${r.line}: ${r.reason}`);
  if (report.rejected > report.rejections.length) console.log(`  ... and ${report.rejected - report.rejections.length} more`);
  if (report.rejected > 0) throw new LinesRejectedError(report);
  return report;
}
