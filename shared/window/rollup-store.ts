import { batchWrite } from '../store/batch-write.ts';
import { rollupKey, rollupPartition } from '../keys.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { createHash } from 'node:crypto';
import { DAY_MS, toEpochSeconds } from '../time.ts';
import type { ArticleIds } from './article-ids.ts';
import { encodeAggregate, type HourAggregate } from './hour-aggregate.ts';
import { decodeHourCounts, type HourCounts } from './hour-counts.ts';

/** Rollups cover the 7-day window plus a day of slack, like the trails they summarize. */
export const ROLLUP_TTL_MS = 8 * DAY_MS;
/** Item size limit is 400 KB; parts stay well below it. */
const MAX_PART_BYTES = 300_000;

export interface RollupRead {
  /** Hour → its counts, decoded against the run's article ids. */
  hours: Map<string, HourCounts>;
  readUnits: number;
}

/** Reads every complete hour rollup in [fromHour, toHour] with one ranged Query (paginated). */
export async function readRollups(db: Db, site: string, fromHour: string, toHour: string, nowMs: number, ids: ArticleIds): Promise<RollupRead> {
  const parts = new Map<string, Map<number, { total: number; write: string; d: string }>>();
  const { items, readUnits } = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': rollupPartition(site), ':from': `H#${fromHour}`, ':to': `H#${toHour}#~` },
  });
  for (const item of items) {
    if (typeof item.expiresAt === 'number' && item.expiresAt * 1000 < nowMs) continue;
    const [, hour = '', part = '0'] = String(item.sk).split('#');
    let chunks = parts.get(hour);
    if (!chunks) parts.set(hour, (chunks = new Map()));
    chunks.set(Number(part), { total: Number(item.parts), write: String(item.w), d: String(item.d ?? '') });
  }

  const hours = new Map<string, HourCounts>();
  for (const [hour, chunks] of parts) {
    // A run that died while writing leaves an incomplete or mixed rollup: treat it as missing, it is rebuilt.
    const first = chunks.get(0);
    if (!first) continue;
    const own = Array.from({ length: first.total }, (_, k) => chunks.get(k));
    if (own.some((chunk) => chunk?.write !== first.write)) continue;
    const lines = own.flatMap((chunk) => chunk!.d.split('\n').filter(Boolean));
    hours.set(hour, decodeHourCounts(hour, lines, ids));
  }
  return { hours, readUnits };
}

/** Writes an hour's rollup (overwriting any earlier one: same input, same content). Returns write units. */
export async function writeRollup(db: Db, site: string, aggregate: HourAggregate, hourStartMs: number): Promise<number> {
  const chunks: string[] = [];
  let current = '';
  for (const line of encodeAggregate(aggregate)) {
    if (current.length + line.length + 1 > MAX_PART_BYTES && current) {
      chunks.push(current);
      current = '';
    }
    current += `${line}\n`;
  }
  chunks.push(current);
  const expiresAt = toEpochSeconds(hourStartMs + ROLLUP_TTL_MS);
  // Which write a part belongs to, so parts of two different writes are never mixed.
  const w = createHash('sha256').update(chunks.join('')).digest('base64url').slice(0, 12);
  const requests = chunks.map((d, part) => ({
    PutRequest: { Item: { ...rollupKey(site, aggregate.hour, part), parts: chunks.length, w, d, expiresAt } },
  }));
  return batchWrite(db, requests);
}


/**
 * Forgets the rollups of these hours (after an import added events to them), so the next rank run
 * aggregates them again from their trails.
 */
export async function deleteRollups(db: Db, site: string, hours: Iterable<string>): Promise<number> {
  const deletes: Record<string, unknown>[] = [];
  for (const hour of hours) {
    const { items } = await queryAll(db, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': rollupPartition(site), ':prefix': `H#${hour}#` },
      ProjectionExpression: 'pk, sk',
    });
    for (const item of items) deletes.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
  }
  await batchWrite(db, deletes);
  return deletes.length;
}
