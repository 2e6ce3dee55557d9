import type { GetCommandInput, PutCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { PARTITIONS, expiresAtFor, type Key } from '../store/partitions.ts';
import { DAY_MS } from '../time.ts';

/**
 * An hour rollup: what the rank job needs of one closed hour (the text of rollup-format.ts), in parts below the
 * item size limit. One partition per site, so a week of them is one ranged Query.
 *
 *   pk ROLLUP#{site}   sk H#{YYYY-MM-DDTHH}#{part, 3 digits}   parts (how many), w (which write), d (text), expiresAt
 *   pk ROLLUP#{site}   sk ~invalidated                         token: replaced whenever rollups are deleted
 *
 * Rollups are written once per hour and only ever deleted (an import into past hours): the token tells a rank
 * run that keeps rollups in memory between runs (shared/rank/rank-cache.ts) that some it holds are gone.
 */

/** Rollups cover the 7-day window plus a day of slack, like the trails they summarize. */
export const ROLLUP_TTL_MS = 8 * DAY_MS;
/** Item size limit is 400 KB; parts stay well below it. */
const MAX_PART_BYTES = 300_000;

function rollupPartition(site: string): string {
  return `${PARTITIONS.rollups}${site}`;
}

function rollupKey(site: string, hour: string, part: number): Key {
  return { pk: rollupPartition(site), sk: `H#${hour}#${part.toString().padStart(3, '0')}` };
}

/** Sorts after every `H#` key, so no ranged Query of hours reaches it. */
const INVALIDATED = '~invalidated';

/** Replaces the site's rollup token: rollups were deleted. */
export function invalidateRollupsInput(table: string, site: string, token: string): PutCommandInput {
  return { TableName: table, Item: { pk: rollupPartition(site), sk: INVALIDATED, token } };
}

export function getRollupsTokenInput(table: string, site: string): GetCommandInput {
  return { TableName: table, Key: { pk: rollupPartition(site), sk: INVALIDATED }, ReturnConsumedCapacity: 'TOTAL' };
}

/** Every part of every rollup of the hours fromHour..toHour (paginate with queryAll). */
export function rollupRangeQueryInput(table: string, site: string, fromHour: string, toHour: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': rollupPartition(site), ':from': `H#${fromHour}`, ':to': `H#${toHour}#~` },
  };
}

/** The keys of one hour's rollup parts. */
export function rollupKeysQueryInput(table: string, site: string, hour: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': rollupPartition(site), ':prefix': `H#${hour}#` },
    ProjectionExpression: 'pk, sk',
  };
}

/**
 * The PutRequests of an hour's rollup (its text lines, split into parts at line ends). Every part names the
 * write it belongs to (a hash of the whole text), so parts of two different writes are never mixed.
 */
export function rollupPutRequests(site: string, hour: string, hourStartMs: number, lines: Iterable<string>, writtenAtMs: number) {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current.length + line.length + 1 > MAX_PART_BYTES && current) {
      chunks.push(current);
      current = '';
    }
    current += `${line}\n`;
  }
  chunks.push(current);
  const expiresAt = expiresAtFor(hourStartMs, ROLLUP_TTL_MS, writtenAtMs);
  const w = createHash('sha256').update(chunks.join('')).digest('base64url').slice(0, 12);
  return chunks.map((d, part) => ({ PutRequest: { Item: { ...rollupKey(site, hour, part), parts: chunks.length, w, d, expiresAt } } }));
}

/** A rollup part read back: its hour, its place among the parts, and its share of the text. */
export function toRollupPart(item: Record<string, unknown>): { hour: string; part: number; parts: number; write: string; text: string } {
  const [, hour = '', part = '0'] = String(item.sk).split('#');
  return { hour, part: Number(part), parts: Number(item.parts), write: String(item.w), text: String(item.d ?? '') };
}
