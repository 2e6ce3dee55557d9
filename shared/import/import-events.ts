import { isbot } from 'isbot';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { isStoreUnavailable } from '../store/store-errors.ts';
import { importLineSchema } from './import-line.ts';
import { trailShard } from '../window/trail-item.ts';
import { deleteRollups } from '../window/rollup-store.ts';
import { hourKey } from '../time.ts';
import { eventIngester } from '../ingest/ingest-events.ts';
import { noteDataSince } from '../sites/site-store.ts';
import type { TimedEvent } from '../ingest/record-events.ts';

/** Parallel lanes; one session always goes to the same lane, so its events keep their order. */
const LANES = 32;
const MAX_ATTEMPTS = 6;

export interface ImportSummary {
  lines: number;
  accepted: number;
  ignored: number;
  rejected: number;
  /** The first rejected lines, with why. */
  rejections: { line: number; reason: string }[];
  rollupsInvalidated: number;
}

/**
 * Imports historical events (`newspulse import`) through the live ingest path, so the counting rules are
 * the same code: a repeat within 30 minutes is ignored, bots are ignored, trusted metadata fills the
 * catalog. Each event is retried with backoff while the store is unavailable (a retried view that had been
 * counted is a repeat, never counted twice). Hours that received events lose their rollups, so the next
 * rank run counts them again.
 */
export async function importEvents(
  db: Db,
  site: Site,
  lines: AsyncIterable<string>,
  now: Date,
  onProgress: (linesDone: number) => void = () => {},
): Promise<ImportSummary> {
  const ingest = eventIngester(db);
  const summary: ImportSummary = { lines: 0, accepted: 0, ignored: 0, rejected: 0, rejections: [], rollupsInvalidated: 0 };
  const touchedHours = new Set<string>();
  const lanes: Promise<void>[] = Array.from({ length: LANES }, () => Promise.resolve());
  let inFlight = 0;
  let failure: unknown;
  let wakeReader: (() => void) | undefined;
  let earliest = Infinity;

  const reject = (line: number, reason: string) => {
    summary.rejected++;
    if (summary.rejections.length < 20) summary.rejections.push({ line, reason });
  };

  for await (const text of lines) {
    const lineNumber = ++summary.lines;
    if (failure) break;
    if (text.trim() === '') {
      summary.lines--;
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      reject(lineNumber, 'not valid JSON');
      continue;
    }
    const parsed = importLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      reject(lineNumber, `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
      continue;
    }
    const { userAgent, ts, ...event } = parsed.data;
    const timed = { ...event, ts: Date.parse(ts) } as TimedEvent;
    if (timed.ts > now.getTime()) {
      reject(lineNumber, 'ts: in the future');
      continue;
    }
    touchedHours.add(hourKey(timed.ts));
    if (timed.ts < earliest) {
      earliest = timed.ts;
      // Before the events land, so a rank run never skips hours that already hold some.
      await noteDataSince(db, site.site, new Date(earliest));
    }
    const lane = trailShard(event.sessionId + '#import') % LANES;
    inFlight++;
    lanes[lane] = lanes[lane]!.then(async () => {
      if (failure) return;
      try {
        const result = await withRetries(() => ingest(site, [timed], { isBot: isbot(userAgent ?? ''), now }));
        summary.accepted += result.accepted;
        summary.ignored += result.ignored;
      } catch (error) {
        failure = error;
      } finally {
        inFlight--;
        wakeReader?.();
        onProgress(summary.accepted + summary.ignored + summary.rejected);
      }
    });
    // Keep memory flat on big files: wait when many events are queued.
    while (inFlight > LANES * 8) await new Promise<void>((resolve) => (wakeReader = resolve));
  }
  await Promise.all(lanes);
  if (failure) throw failure;
  summary.rollupsInvalidated = await deleteRollups(db, site.site, touchedHours);
  onProgress(summary.accepted + summary.ignored + summary.rejected);
  return summary;
}

async function withRetries<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isStoreUnavailable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)));
    }
  }
}
