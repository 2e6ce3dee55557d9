import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { engageTrailKey, seenKey, viewTrailKey } from '../keys.ts';
import type { EngageEvent, IngestEvent, ViewEvent } from '../schemas/events.ts';
import type { Db } from '../store/db.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, hourStart, toEpochSeconds } from '../time.ts';

/**
 * Where a view is counted. The one implementation of the counting rules, used by live ingest (Lambda and the
 * local server) and by `newspulse import`:
 * - a view by a session that viewed the same article less than REPEAT_WINDOW_MS before is a repeat, ignored;
 * - a counted view is two single-item writes: the session's "seen" marker (dedup) and one item in the
 *   session's trail for that hour, which the rank job reads to count views and find co-reads;
 * - engagement keeps the running totals of one page view; an older flush never overwrites a newer one.
 */

export const REPEAT_WINDOW_MS = 30 * MINUTE_MS;
/** Trail items live long enough for a 7-day ranking plus a day of slack for late rank runs. */
export const TRAIL_TTL_MS = 8 * DAY_MS;
/** Dedup markers only need to outlive the repeat window. */
export const SEEN_TTL_MS = REPEAT_WINDOW_MS + HOUR_MS;

/** An event with the time it happened (server time for live ingest, `ts` for imports). */
export type TimedEvent = IngestEvent & { ts: number };

export type Outcome = 'counted' | 'repeat' | 'recorded' | 'stale' | 'bot';

export interface RecordResult {
  accepted: number;
  ignored: number;
  outcomes: Outcome[];
  /** Write units DynamoDB reported for this call (ReturnConsumedCapacity). */
  writeUnits: number;
}

export interface RecordOptions {
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

interface Meter {
  writeUnits: number;
}

async function recordView(db: Db, site: string, event: ViewEvent & { ts: number }, meter: Meter): Promise<Outcome> {
  const marker = seenKey(site, event.sessionId, event.articleId);
  // Unconditional update returning the previous time: one atomic write decides "first or repeat" even for
  // a thousand concurrent requests, costs the same 1 write unit either way, and reports its capacity.
  const seen = await db.client.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: marker,
      UpdateExpression: 'SET lastViewAt = :ts, expiresAt = :exp',
      ExpressionAttributeValues: { ':ts': event.ts, ':exp': toEpochSeconds(event.ts + SEEN_TTL_MS) },
      ReturnValues: 'UPDATED_OLD',
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  meter.writeUnits += seen.ConsumedCapacity?.CapacityUnits ?? 0;
  const previous = seen.Attributes?.lastViewAt as number | undefined;
  if (previous !== undefined && Math.abs(event.ts - previous) < REPEAT_WINDOW_MS) return 'repeat';

  try {
    const put = await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...viewTrailKey(site, event.sessionId, event.articleId, event.ts),
          a: event.articleId,
          t: event.ts,
          expiresAt: toEpochSeconds(hourStart(event.ts) + TRAIL_TTL_MS),
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    meter.writeUnits += put.ConsumedCapacity?.CapacityUnits ?? 0;
  } catch (error) {
    await undoMarker(db, marker, event.ts, previous);
    throw error;
  }
  return 'counted';
}

/**
 * The trail write failed after the marker said "first view": put the marker back, so that the client's retry
 * is counted instead of being taken for a repeat (nothing accepted is lost). Best effort: if the store is
 * down for this too, the marker expires after SEEN_TTL_MS.
 */
async function undoMarker(db: Db, key: { pk: string; sk: string }, ts: number, previous: number | undefined) {
  try {
    if (previous === undefined) {
      await db.client.send(
        new DeleteCommand({
          TableName: db.tableName,
          Key: key,
          ConditionExpression: 'lastViewAt = :ts',
          ExpressionAttributeValues: { ':ts': ts },
        }),
      );
    } else {
      await db.client.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: key,
          UpdateExpression: 'SET lastViewAt = :previous',
          ConditionExpression: 'lastViewAt = :ts',
          ExpressionAttributeValues: { ':ts': ts, ':previous': previous },
        }),
      );
    }
  } catch {
    // Another view replaced the marker meanwhile, or the store is still down: nothing more to do.
  }
}

async function recordEngage(db: Db, site: string, event: EngageEvent & { ts: number }, meter: Meter): Promise<Outcome> {
  try {
    const result = await db.client.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: engageTrailKey(site, event.sessionId, event.articleId, event.ts),
        UpdateExpression: 'SET a = :a, s = :s, d = :d, t = :t, expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(s) OR s <= :s',
        ExpressionAttributeValues: {
          ':a': event.articleId,
          ':s': event.seconds,
          ':d': event.scrollDepth ?? 0,
          ':t': event.ts,
          ':exp': toEpochSeconds(hourStart(event.ts) + TRAIL_TTL_MS),
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    meter.writeUnits += result.ConsumedCapacity?.CapacityUnits ?? 0;
    return 'recorded';
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'stale';
    throw error;
  }
}
