import type { GetCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';

/**
 * What the rank job knows of its own last runs of a site: when the last one completed (so the next knows
 * which counts changed since, and whether anything happened at all), when related stories were last ranked
 * in full, and whether a run started and never completed (its successor then redoes what it may have left).
 *
 *   pk VERSIONS#{site}   sk state   at, relatedAt (ms), catalogTouch (the catalog's touch token then), pending
 */
export interface RunState {
  /** The `at` of the last completed run. */
  at?: number;
  /** The `at` of the last completed run that ranked every article's related stories. */
  relatedAt?: number;
  /** The catalog's touch token (shared/catalog/catalog-item.ts) read by that run. */
  catalogTouch?: string;
  /** A fingerprint of the settings that run ranked with: a change (`sites set`, `rank --set`) ranks everything again. */
  settings?: string;
  /**
   * The `at` of the last run that found something new (a reader, a catalog, pins or settings change); the
   * scheduler queues a site quiet for long only hourly (functions/rank-scheduler).
   */
  changedAt?: number;
  /** A run started after it and did not complete. */
  pending: boolean;
}

/** A site's run state item (also the key of the scheduler's one BatchGetItem of every site's). */
export function runStateKey(site: string): Key {
  return { pk: `${PARTITIONS.versions}${site}`, sk: 'state' };
}

export function getRunStateInput(table: string, site: string): GetCommandInput {
  return { TableName: table, Key: runStateKey(site), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' };
}

/** Marks a run as started: until it completes, nothing it may have written half is trusted. */
export function startRunInput(table: string, site: string): UpdateCommandInput {
  return { TableName: table, Key: runStateKey(site), UpdateExpression: 'SET pending = :true', ExpressionAttributeValues: { ':true': true }, ReturnConsumedCapacity: 'TOTAL' };
}

export function completeRunInput(table: string, site: string, state: Required<Omit<RunState, 'pending' | 'catalogTouch'>> & { catalogTouch: string | undefined }): UpdateCommandInput {
  return {
    TableName: table,
    Key: runStateKey(site),
    UpdateExpression: 'SET #at = :at, relatedAt = :relatedAt, catalogTouch = :touch, settings = :settings, changedAt = :changedAt, pending = :false',
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: { ':at': state.at, ':relatedAt': state.relatedAt, ':touch': state.catalogTouch ?? '', ':settings': state.settings, ':changedAt': state.changedAt, ':false': false },
    ReturnConsumedCapacity: 'TOTAL',
  };
}

export function toRunState(item: Record<string, unknown> | undefined): RunState {
  if (!item) return { pending: false };
  return {
    ...(typeof item.at === 'number' ? { at: item.at } : {}),
    ...(typeof item.relatedAt === 'number' ? { relatedAt: item.relatedAt } : {}),
    ...(typeof item.catalogTouch === 'string' && item.catalogTouch ? { catalogTouch: item.catalogTouch } : {}),
    ...(typeof item.settings === 'string' ? { settings: item.settings } : {}),
    ...(typeof item.changedAt === 'number' ? { changedAt: item.changedAt } : {}),
    pending: item.pending === true,
  };
}

/**
 * Takes the site for one rank run until `untilMs`, unless another run holds it (ConditionalCheckFailed): two
 * queued messages of one site (SQS delivers at least once; a slow run overlaps the next schedule) never rank
 * it at once. Expires by itself, so a run killed with the lease never blocks the site for longer.
 */
export function takeLeaseInput(table: string, site: string, nowMs: number, untilMs: number, holder: string): UpdateCommandInput {
  return {
    TableName: table,
    Key: runStateKey(site),
    UpdateExpression: 'SET leaseUntil = :until, leaseHolder = :holder',
    ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now',
    ExpressionAttributeValues: { ':until': untilMs, ':now': nowMs, ':holder': holder },
  };
}

/** Gives the site back, if this run still holds it. */
export function releaseLeaseInput(table: string, site: string, holder: string): UpdateCommandInput {
  return {
    TableName: table,
    Key: runStateKey(site),
    UpdateExpression: 'REMOVE leaseUntil, leaseHolder',
    ConditionExpression: 'leaseHolder = :holder',
    ExpressionAttributeValues: { ':holder': holder },
  };
}
