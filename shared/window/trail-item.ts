import type { PutCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { fnv1a } from '../fnv.ts';
import { PARTITIONS, expiresAtFor, isExpired, type Key } from '../store/partitions.ts';
import { DAY_MS, MINUTE_MS, hourKey, hourStart, toEpochSeconds } from '../time.ts';

/**
 * The session trail: one item per counted view and one per page view's engagement, in the hour and shard of
 * its session. Ingest writes it, the rank job reads it; this file is the one definition of its format (keys,
 * attributes, the requests that touch it, and how an item is read back).
 *
 *   view        pk TRAIL#{site}#{YYYY-MM-DDTHH}#{shard}   sk {sessionId}#V#{articleId}#{slot ms}   a, t, h?
 *   engagement  same partition                             sk {sessionId}#E#{articleId}             a, s, d, t
 *
 * A view's key holds the half hour of the clock it fell in (its slot), so the key itself is the dedup: the
 * first view of a slot creates the item, every later one finds it (one conditional write, no marker).
 * Items written before slots existed end in the view's own ms; they read back the same.
 */

/**
 * Trail partitions are spread over this many shards by a hash of the session id, so one viral article's
 * views land on many partitions instead of one hot one. The rank job queries every shard of an hour.
 * Never change it for existing data: the ranker would miss shards.
 */
export const TRAIL_SHARDS = 16;

/** Trail items live long enough for a 7-day ranking plus a day of slack for late rank runs. */
export const TRAIL_TTL_MS = 8 * DAY_MS;

/** A counted view as read back from a session trail. */
export interface TrailView {
  /** The visitor (shared/ingest/visitor.ts) for live views; the history's session id for imported ones. */
  sessionId: string;
  articleId: string;
  ts: number;
  /** The day's hash of the client address (live views only): lets the rank job cap one address. */
  addressHash?: string;
}

/** Engagement totals of a session with an article within one hour. */
export interface TrailEngagement {
  sessionId: string;
  articleId: string;
  seconds: number;
  scrollDepth: number;
  ts: number;
}

/** Stable shard of a session, so one session's hour stays in one partition. */
export function trailShard(sessionId: string): number {
  return fnv1a(sessionId) % TRAIL_SHARDS;
}

/** Partition of one shard of one hour of a site's session trails: what the rank job queries. */
function trailPartition(site: string, hour: string, shard: number): string {
  return `${PARTITIONS.trail}${site}#${hour}#${shard.toString().padStart(2, '0')}`;
}

/**
 * How often one visitor's views of one article may count: once per half hour of the clock (UTC :00-:29 and
 * :30-:59). Slots divide the hour, so a view's slot and its trail partition never disagree.
 */
export const VIEW_SLOT_MS = 30 * MINUTE_MS;

/** Start of the slot a view falls in. */
export function viewSlot(epochMs: number): number {
  return Math.floor(epochMs / VIEW_SLOT_MS) * VIEW_SLOT_MS;
}

/**
 * A counted view, one item per visitor, article and slot, in its session's hour shard. Sorting by session then
 * article keeps a session's trail together for co-visitation.
 */
export function viewTrailKey(site: string, sessionId: string, articleId: string, epochMs: number): Key {
  return { pk: trailPartition(site, hourKey(epochMs), trailShard(sessionId)), sk: `${sessionId}#V#${articleId}#${viewSlot(epochMs)}` };
}

/** Engagement of a session with an article within one hour (running totals, newest flush wins). */
function engageTrailKey(site: string, sessionId: string, articleId: string, epochMs: number): Key {
  return { pk: trailPartition(site, hourKey(epochMs), trailShard(sessionId)), sk: `${sessionId}#E#${articleId}` };
}


/**
 * Counts a view: creates its slot's item unless it exists (then the view is a repeat: ConditionalCheckFailed,
 * with the item that was there). `w`, when given, is the write's own id: an SDK retry of a write whose answer
 * was lost is refused with the item that write stored, and tells it apart by `w` (shared/ingest/record-events.ts).
 */
export function putViewInput(table: string, site: string, view: TrailView, writtenAtMs: number, writeId?: string): PutCommandInput {
  return {
    TableName: table,
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    Item: {
      ...viewTrailKey(site, view.sessionId, view.articleId, view.ts),
      a: view.articleId,
      t: view.ts,
      ...(view.addressHash ? { h: view.addressHash } : {}),
      ...(writeId ? { w: writeId } : {}),
      expiresAt: expiresAtFor(view.ts, TRAIL_TTL_MS, writtenAtMs),
    },
    ReturnConsumedCapacity: 'TOTAL',
  };
}

/**
 * Keeps the running engagement totals of one page view: the beacon sends totals, so the item keeps the
 * largest, and a duplicate or late flush (ConditionalCheckFailed) never adds time twice.
 */
export function putEngagementInput(table: string, site: string, engagement: TrailEngagement, writtenAtMs: number): UpdateCommandInput {
  return {
    TableName: table,
    Key: engageTrailKey(site, engagement.sessionId, engagement.articleId, engagement.ts),
    UpdateExpression: 'SET a = :a, s = :s, d = :d, t = :t, expiresAt = :exp',
    ConditionExpression: 'attribute_not_exists(s) OR s <= :s',
    ExpressionAttributeValues: {
      ':a': engagement.articleId,
      ':s': engagement.seconds,
      ':d': storedDepth(engagement.scrollDepth),
      ':t': engagement.ts,
      ':exp': expiresAtFor(engagement.ts, TRAIL_TTL_MS, writtenAtMs),
    },
    ReturnConsumedCapacity: 'TOTAL',
  };
}

/**
 * Scroll depth as stored: to 1/10,000 of the page. DynamoDB numbers stop at 1E-130, so a tiny but valid
 * depth such as 1e-200 (or a subnormal) would make the write fail with a ValidationException, a 500.
 */
function storedDepth(depth: number): number {
  return Math.round(depth * 10_000) / 10_000;
}

/** Every item of one shard of one hour (paginate with queryAll). */
export function trailShardQueryInput(table: string, site: string, hour: string, shard: number): QueryCommandInput {
  return { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': trailPartition(site, hour, shard) } };
}

/** A trail item read back: a view, an engagement, or undefined for an expired or unknown item. */
export function parseTrailItem(
  item: Record<string, unknown>,
  nowMs: number,
): { view: TrailView } | { engagement: TrailEngagement } | undefined {
  if (isExpired(item, nowMs)) return undefined;
  const [sessionId = '', kind] = String(item.sk).split('#');
  if (kind === 'V') {
    const view: TrailView = { sessionId, articleId: String(item.a), ts: Number(item.t) };
    if (typeof item.h === 'string') view.addressHash = item.h;
    return { view };
  }
  if (kind === 'E') {
    return { engagement: { sessionId, articleId: String(item.a), seconds: Number(item.s), scrollDepth: Number(item.d), ts: Number(item.t) } };
  }
  return undefined;
}
