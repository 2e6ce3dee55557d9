import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { Key } from '../store/partitions.ts';
import { isConditionFailed } from '../store/store-errors.ts';
import { HOUR_MS, MINUTE_MS, toEpochSeconds } from '../time.ts';
import { putEngagementInput, putViewInput, viewStoredInput, viewsBetweenInputs } from '../window/trail-item.ts';
import type { EngageEvent, IngestEvent, ViewEvent } from './events.ts';
import { forgetSeenInput, markSeenInput, restoreSeenInput, seenKey } from './seen-item.ts';

/**
 * Where a view is counted. The one implementation of the counting rules, used by live ingest (Lambda and the
 * local server) and by `newspulse import`:
 * - a view by a session that viewed the same article less than REPEAT_WINDOW_MS before is a repeat, ignored;
 * - a counted view is two single-item writes: the session's "seen" marker (dedup) and one item in the
 *   session's trail for that hour, which the rank job reads to count views and find co-reads;
 * - engagement keeps the running totals of one page view; an older flush never overwrites a newer one.
 */

export const REPEAT_WINDOW_MS = 30 * MINUTE_MS;
/** Dedup markers only need to outlive the repeat window. */
export const SEEN_TTL_MS = REPEAT_WINDOW_MS + HOUR_MS;

/**
 * An event with the time it happened (server time for live ingest, `ts` for imports). For live ingest the
 * sessionId is the server's visitor id (shared/ingest/visitor.ts) and addressHash the day's address hash;
 * imported histories carry their own session ids and no address.
 */
export type TimedEvent = IngestEvent & { ts: number; addressHash?: string };

export type Outcome = 'counted' | 'repeat' | 'recorded' | 'stale' | 'bot';

export interface RecordResult {
  accepted: number;
  ignored: number;
  outcomes: Outcome[];
  /** Write units DynamoDB reported for this call (ReturnConsumedCapacity). */
  writeUnits: number;
}

interface RecordOptions {
  /** Bots are accepted and ignored: nothing is written for them. */
  isBot: boolean;
}

export async function recordEvents(db: Db, site: string, events: TimedEvent[], options: RecordOptions): Promise<RecordResult> {
  const meter = { writeUnits: 0 };
  let outcomes: Outcome[];
  if (options.isBot) {
    outcomes = events.map(() => 'bot');
  } else {
    const settled = await Promise.allSettled(
      events.map((event) =>
        event.type === 'view' ? recordView(db, site, event, meter) : recordEngage(db, site, event, meter),
      ),
    );
    const failure = settled.find((result) => result.status === 'rejected');
    // Each failed event has already undone its own writes; the client retries the whole request, and the
    // events that did succeed are then repeats (views) or no-ops (engagement totals): nothing counts twice.
    if (failure) throw failure.reason;
    outcomes = settled.map((result) => (result as PromiseFulfilledResult<Outcome>).value);
  }
  const accepted = outcomes.filter((o) => o === 'counted' || o === 'recorded').length;
  return { accepted, ignored: outcomes.length - accepted, outcomes, writeUnits: meter.writeUnits };
}

type TimedView = ViewEvent & { ts: number; addressHash?: string };

interface Meter {
  writeUnits: number;
}

/**
 * Views of a pair that failed here earlier (see failedViews) are decided one at a time in this process, so that
 * none is decided while another is still between its marker and its trail write. Other pairs never wait.
 */
async function recordView(db: Db, site: string, event: TimedView, meter: Meter): Promise<Outcome> {
  const key = failureKey(db, site, event);
  if (!failedViews.has(key)) return decideView(db, site, event, meter);
  const before = pairLocks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const chain = before.then(() => new Promise<void>((resolve) => (release = resolve)));
  pairLocks.set(key, chain);
  await before;
  try {
    return await decideView(db, site, event, meter);
  } finally {
    release();
    if (pairLocks.get(key) === chain) pairLocks.delete(key);
  }
}

async function decideView(db: Db, site: string, event: TimedView, meter: Meter): Promise<Outcome> {
  const marker = seenKey(site, event.sessionId, event.articleId);
  // Unconditional update returning the previous time: one atomic write decides "first or repeat" even for
  // a thousand concurrent requests, costs the same 1 write unit either way, and reports its capacity.
  // `vid` tells this call's own write apart: when the SDK retried an attempt that was applied but whose answer
  // was lost (a timeout, a reset, a 500), the "previous view" returned is this very one.
  const vid = randomBytes(9).toString('base64url');
  const seen = await db.client
    .send(new UpdateCommand(markSeenInput(db.tableName, marker, { ts: event.ts, vid, expiresAt: toEpochSeconds(event.ts + SEEN_TTL_MS) })))
    .catch((error: unknown) => {
      // The update may have been applied before its answer was lost: remember that this time counted nothing.
      rememberFailure(db, site, event);
      throw error;
    });
  meter.writeUnits += seen.ConsumedCapacity?.CapacityUnits ?? 0;
  // Our own earlier attempt: what came before it is unknown (no undo can restore it), so the trail decides.
  const ownRetry = seen.Attributes?.vid === vid;
  const previous = ownRetry ? undefined : (seen.Attributes?.lastViewAt as number | undefined);
  if (ownRetry || (previous !== undefined && Math.abs(event.ts - previous) < REPEAT_WINDOW_MS)) {
    let first: boolean;
    try {
      first = ownRetry
        ? !(await countedBetween(db, site, event, event.ts - REPEAT_WINDOW_MS, event.ts))
        : await failedEarlier(db, site, event, previous!);
    } catch (error) {
      rememberFailure(db, site, event);
      throw error;
    }
    if (!first) return 'repeat';
  }

  try {
    const put = await db.client.send(new PutCommand(putViewInput(db.tableName, site, event)));
    meter.writeUnits += put.ConsumedCapacity?.CapacityUnits ?? 0;
    failedViews.delete(failureKey(db, site, event));
  } catch (error) {
    // The write may have been applied and only its answer lost: then the view is counted, and undoing the
    // marker would let the client's retry count it a second time.
    if (await trailStored(db, site, event).catch(() => false)) return 'counted';
    if (!(await undoMarker(db, marker, event.ts, previous))) rememberFailure(db, site, event);
    throw error;
  }
  return 'counted';
}

/**
 * The trail write failed after the marker said "first view": put the marker back, so that the client's retry
 * is counted instead of being taken for a repeat (nothing accepted is lost). Returns whether it did. When it
 * could not (the store is down for this too), or another view of the pair replaced the marker meanwhile (that
 * view saw this one's marker and was taken for a repeat of it), the failure is remembered (see failedEarlier),
 * so that the retry is decided by the trail.
 */
async function undoMarker(db: Db, key: Key, ts: number, previous: number | undefined): Promise<boolean> {
  try {
    if (previous === undefined) await db.client.send(new DeleteCommand(forgetSeenInput(db.tableName, key, ts)));
    else await db.client.send(new UpdateCommand(restoreSeenInput(db.tableName, key, ts, previous)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Pairs (`table|site|session|article`) with a view whose request failed here after its marker may have been
 * set, and not put back: the time of the earliest such failure, until a view of the pair is counted. The marker
 * may since have moved on (a reload of the same page, ignored while the failed view was in flight, extends it),
 * so every later marker time of the pair is suspect. In this process only (the local server, a warm Lambda;
 * another Lambda instance does not know), bounded.
 */
const failedViews = new Map<string, number>();
const pairLocks = new Map<string, Promise<void>>();
const FAILED_VIEWS_LIMIT = 10_000;

function failureKey(db: Db, site: string, event: ViewEvent): string {
  return `${db.tableName}\t${site}\t${event.sessionId}\t${event.articleId}`;
}

function rememberFailure(db: Db, site: string, event: TimedView): void {
  const key = failureKey(db, site, event);
  const since = failedViews.get(key);
  if (since !== undefined && since <= event.ts) return;
  if (since === undefined && failedViews.size >= FAILED_VIEWS_LIMIT) failedViews.clear();
  failedViews.set(key, event.ts);
}

/**
 * Whether the "previous view" a marker reports may stand for a view whose request failed here (store down
 * mid-view) and that counted nothing: then the trail decides, as that view should have been decided: first,
 * unless a view was counted within the window before it. Otherwise a store outage between the marker write and
 * the trail write would turn every retry of that view into an ignored repeat (tests/reliability/
 * store-outage-load.test.ts shows it). Views of the pair are decided one at a time here (recordView),
 * so no trail write of this process is pending; the reads are strongly consistent. (Reloads that only extended
 * the window are not in the trail: after such a failure one of them may count.)
 */
async function failedEarlier(db: Db, site: string, event: TimedView, previous: number): Promise<boolean> {
  const key = failureKey(db, site, event);
  const since = failedViews.get(key);
  if (since === undefined || previous < since) return false;
  if (event.ts - since > SEEN_TTL_MS) {
    failedViews.delete(key); // long over: the window has closed since
    return false;
  }
  return !(await countedBetween(db, site, event, previous - REPEAT_WINDOW_MS, previous));
}

/** Whether the trail item of exactly this view exists. */
async function trailStored(db: Db, site: string, event: TimedView): Promise<boolean> {
  return (await db.client.send(new GetCommand(viewStoredInput(db.tableName, site, event)))).Item !== undefined;
}

/** Whether a view of this session and article was counted between two times (the trail of those hours). */
async function countedBetween(db: Db, site: string, event: ViewEvent, from: number, to: number): Promise<boolean> {
  for (const input of viewsBetweenInputs(db.tableName, site, event.sessionId, event.articleId, from, to)) {
    if (((await db.client.send(new QueryCommand(input))).Items ?? []).length > 0) return true;
  }
  return false;
}

async function recordEngage(db: Db, site: string, event: EngageEvent & { ts: number }, meter: Meter): Promise<Outcome> {
  try {
    const engagement = { sessionId: event.sessionId, articleId: event.articleId, seconds: event.seconds, scrollDepth: event.scrollDepth ?? 0, ts: event.ts };
    const result = await db.client.send(new UpdateCommand(putEngagementInput(db.tableName, site, engagement)));
    meter.writeUnits += result.ConsumedCapacity?.CapacityUnits ?? 0;
    return 'recorded';
  } catch (error) {
    if (isConditionFailed(error)) return 'stale';
    throw error;
  }
}
