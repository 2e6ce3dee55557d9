import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { PARTITIONS, expiresAtFor, type Key } from '../store/partitions.ts';
import { DAY_MS } from '../time.ts';

/**
 * The co-reads a closed hour counted, as 32-bit digests of `who\tpair` (who: the visitor, or the client
 * address when the view carried one): the hours after it on the same UTC day leave those out, so a visitor
 * counts a pair once a day (visitor ids change every day, shared/ingest/visitor.ts). In the rollups' partition,
 * beside them but outside their `H#` range, so the rank job's rollup Query never reads them; they are read only
 * when a closed hour is aggregated, once an hour.
 *
 *   pk ROLLUP#{site}   sk P#{YYYY-MM-DDTHH}#{part, 3 digits}   parts, w (which write), b (4 bytes per digest), expiresAt
 */

/** Digests matter for the rest of their UTC day; a day of slack for late runs. */
const DIGESTS_TTL_MS = 2 * DAY_MS;
/** 75,000 digests a part, well below the 400 KB item limit. */
const MAX_PART_DIGESTS = 75_000;

function digestsKey(site: string, hour: string, part: number): Key {
  return { pk: `${PARTITIONS.rollups}${site}`, sk: `P#${hour}#${part.toString().padStart(3, '0')}` };
}

/** Every part of the digests of the hours fromHour..toHour (paginate with queryAll). */
export function pairDigestsRangeQueryInput(table: string, site: string, fromHour: string, toHour: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `${PARTITIONS.rollups}${site}`, ':from': `P#${fromHour}`, ':to': `P#${toHour}#~` },
  };
}

/** The PutRequests of an hour's digests (at least one part, so "none" is stored too). */
export function pairDigestsPutRequests(site: string, hour: string, hourStartMs: number, digests: readonly number[], writtenAtMs: number) {
  const bytes = new Uint8Array(Uint32Array.from(digests).buffer);
  const parts = Math.max(1, Math.ceil(digests.length / MAX_PART_DIGESTS));
  const w = createHash('sha256').update(bytes).digest('base64url').slice(0, 12);
  const expiresAt = expiresAtFor(hourStartMs, DIGESTS_TTL_MS, writtenAtMs);
  return Array.from({ length: parts }, (_, part) => ({
    PutRequest: { Item: { ...digestsKey(site, hour, part), parts, w, b: bytes.slice(part * MAX_PART_DIGESTS * 4, (part + 1) * MAX_PART_DIGESTS * 4), expiresAt } },
  }));
}

/** A part read back: its hour, its place among the parts, the write it belongs to, and its digests. */
export function toPairDigestsPart(item: Record<string, unknown>): { hour: string; part: number; parts: number; write: string; digests: Uint32Array } {
  const [, hour = '', part = '0'] = String(item.sk).split('#');
  const raw = item.b instanceof Uint8Array ? item.b : new Uint8Array();
  const digests = new Uint32Array(raw.slice().buffer, 0, Math.floor(raw.length / 4));
  return { hour, part: Number(part), parts: Number(item.parts), write: String(item.w), digests };
}
