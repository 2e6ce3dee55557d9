import type { GetCommandInput, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';

/**
 * The daily salt for hashing pixel visitors who carry no session id: random, one per UTC day, gone two days
 * later, so yesterday's hashes cannot be recomputed.
 *
 *   pk SALT   sk {YYYY-MM-DD}   salt, expiresAt
 */
function saltKey(day: string): Key {
  return { pk: PARTITIONS.salt, sk: day };
}

export function getSaltInput(table: string, day: string): GetCommandInput {
  return { TableName: table, Key: saltKey(day), ConsistentRead: true };
}

/** Creates the day's salt; the first writer wins (ConditionalCheckFailed for the others, who read it). */
export function putSaltInput(table: string, day: string, salt: string, expiresAt: number): PutCommandInput {
  return { TableName: table, Item: { ...saltKey(day), salt, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' };
}
