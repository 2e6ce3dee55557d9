import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { isConditionFailed } from '../store/store-errors.ts';
import { putEngagementInput, putViewInput } from '../window/trail-item.ts';
import type { EngageEvent, IngestEvent, ViewEvent } from './events.ts';

/**
 * Where a view is counted. The one implementation of the counting rules, used by live ingest (Lambda and the
 * local server) and by `newspulse import`:
 * - a session's views of one article count once per half hour of the clock (VIEW_SLOT_MS, :00-:29 and
 *   :30-:59 UTC); the others are repeats, ignored;
 * - a counted view is one write: its item in the session's trail for that hour, keyed by its slot, which the
 *   rank job reads to count views and find co-reads; a repeat is that same write, refused;
 * - engagement keeps the running totals of one page view; an older flush never overwrites a newer one.
 */

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
    // Each event is one write; the client retries the whole request, and the events that did succeed are then
    // repeats (views) or no-ops (engagement totals): nothing counts twice.
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
 * One conditional PutItem decides and records: the first view of a visitor, article and slot creates its trail
 * item, any later one is refused by DynamoDB (a repeat). Nothing else is written, so nothing can be half
 * written: a request that fails either stored the view (the client's retry is then a repeat) or did not (the
 * retry counts it). Exactly once across retries, outages and lost answers, with no state in this process.
 */
async function recordView(db: Db, site: string, event: TimedView, meter: Meter): Promise<Outcome> {
  const writeId = randomBytes(6).toString('base64url');
  try {
    const put = await db.client.send(new PutCommand(putViewInput(db.tableName, site, event, Date.now(), writeId)));
    meter.writeUnits += put.ConsumedCapacity?.CapacityUnits ?? 0;
    return 'counted';
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    // A refused conditional write is billed like a write (1 unit for a small item) but its answer carries no
    // ConsumedCapacity: counted here so that the bench's write units include repeats.
    meter.writeUnits += 1;
    // The SDK retried an attempt that DynamoDB applied but whose answer was lost: the item is this very write.
    // (The document client leaves the exception's Item marshalled: `w` is `{ S: "..." }`.)
    const storedBy = (error as { Item?: { w?: { S?: string } } }).Item?.w?.S;
    return storedBy === writeId ? 'counted' : 'repeat';
  }
}

async function recordEngage(db: Db, site: string, event: EngageEvent & { ts: number }, meter: Meter): Promise<Outcome> {
  try {
    const engagement = { sessionId: event.sessionId, articleId: event.articleId, seconds: event.seconds, scrollDepth: event.scrollDepth ?? 0, ts: event.ts };
    const result = await db.client.send(new UpdateCommand(putEngagementInput(db.tableName, site, engagement, Date.now())));
    meter.writeUnits += result.ConsumedCapacity?.CapacityUnits ?? 0;
    return 'recorded';
  } catch (error) {
    if (isConditionFailed(error)) return 'stale';
    throw error;
  }
}
