import type { z } from 'zod';
import { fnv1a } from '../fnv.ts';
import { isStoreUnavailable } from '../store/store-errors.ts';

/** A line longer than this is not one record (and is not held in memory to parse). */
export const MAX_LINE_CHARS = 16 * 1024;
/** How many rejected lines a report lists; the rest are counted. */
export const SHOWN_REJECTIONS = 10;
/** Parallel lanes: records of one lane key always go to the same lane, so they are applied in file order. */
const LANES = 32;
/** Records read ahead of the writes at most, so a big file keeps memory flat. */
const QUEUED = LANES * 8;
/** Attempts per record while the store is unavailable or throttling (the SDK has retried each already). */
const MAX_ATTEMPTS = 6;

interface LineRejection {
  line: number;
  reason: string;
}

/** What an import did with the lines of its file: blank lines are not counted. */
export interface NdjsonReport {
  lines: number;
  rejected: number;
  /** The first SHOWN_REJECTIONS rejected lines, with why. */
  rejections: LineRejection[];
}

/** A line's verdict: the record to apply, or why the line is rejected. */
export type LineVerdict<T> = { value: T } | { reason: string };

interface NdjsonImport<T> {
  /** Turns a line's JSON into a record or a reason (zodLine gives one from a schema). */
  validate(json: unknown): LineVerdict<T>;
  /** Records with the same key are applied one after the other, in file order (a session, an article id). */
  laneKey(value: NoInfer<T>): string;
  /** Runs in file order, before the record is queued (say, a note every later write relies on). */
  beforeQueue?(value: NoInfer<T>): Promise<void>;
  /** Writes one record; retried with backoff while the store is unavailable, so it must be idempotent. */
  apply(value: NoInfer<T>): Promise<void>;
  /** After each line is decided (applied or rejected): how many lines are done. */
  onProgress?(linesDone: number): void;
}

/**
 * The one NDJSON importer (`newspulse articles import`, `newspulse import`): reads lines, rejects the bad ones
 * with a reason (never fatal), and applies the good ones in parallel lanes. A store failure that outlasts
 * the retries stops the import and is thrown once the records in flight have settled.
 */
export async function importNdjson<T>(lines: AsyncIterable<string>, job: NdjsonImport<T>): Promise<NdjsonReport> {
  const report: NdjsonReport = { lines: 0, rejected: 0, rejections: [] };
  const lanes: Promise<void>[] = Array.from({ length: LANES }, () => Promise.resolve());
  let done = 0;
  let queued = 0;
  let failure: { error: unknown } | undefined;
  let wakeReader: (() => void) | undefined;
  const progress = () => job.onProgress?.(++done);

  const reject = (line: number, reason: string) => {
    report.rejected++;
    if (report.rejections.length < SHOWN_REJECTIONS) report.rejections.push({ line, reason });
    progress();
  };

  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber++;
    if (failure) break;
    if (text.trim() === '') continue;
    report.lines++;
    if (text.length > MAX_LINE_CHARS) {
      reject(lineNumber, `longer than ${MAX_LINE_CHARS} characters`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      reject(lineNumber, 'not valid JSON');
      continue;
    }
    const verdict = job.validate(json);
    if ('reason' in verdict) {
      reject(lineNumber, verdict.reason);
      continue;
    }
    const value = verdict.value;
    await job.beforeQueue?.(value);
    const lane = fnv1a(job.laneKey(value)) % LANES;
    queued++;
    lanes[lane] = lanes[lane]!.then(async () => {
      if (failure) return;
      try {
        await withRetries(() => job.apply(value));
      } catch (error) {
        failure ??= { error };
      } finally {
        queued--;
        wakeReader?.();
        progress();
      }
    });
    while (queued > QUEUED) await new Promise<void>((resolve) => (wakeReader = resolve));
  }
  await Promise.all(lanes);
  if (failure) throw failure.error;
  return report;
}

/** A validate function from a zod schema: the reason names the first bad field. */
export function zodLine<S extends z.ZodType>(schema: S): (json: unknown) => LineVerdict<z.output<S>> {
  return (json) => {
    const parsed = schema.safeParse(json);
    if (parsed.success) return { value: parsed.data };
    const issue = parsed.error.issues[0];
    return { reason: `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}` };
  };
}


async function withRetries(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isStoreUnavailable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)));
    }
  }
}
