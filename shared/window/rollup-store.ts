import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import { isExpired } from '../store/partitions.ts';
import { queryAll } from '../store/query-all.ts';
import type { WriteRequest } from '../store/transact-write.ts';
import type { ArticleIds } from './article-ids.ts';
import type { HourAggregate } from './hour-aggregate.ts';
import { decodeHourCounts, type HourCounts, type PairsWanted } from './hour-counts.ts';
import { encodeRollup } from './rollup-format.ts';
import { pairDigestsPutRequests, pairDigestsRangeQueryInput, toPairDigestsPart } from './pair-digests-item.ts';
import { rollupKeysQueryInput, rollupPutRequests, rollupRangeQueryInput, toRollupPart } from './rollup-item.ts';

interface RollupRead {
  /** Hour → its counts, decoded against the run's article ids. */
  hours: Map<string, HourCounts>;
  readUnits: number;
}

/**
 * Reads every complete hour rollup in [fromHour, toHour] with one ranged Query (paginated), decoded against the
 * run's ids (pairs only when asked for).
 */
export async function readRollups(db: Db, site: string, fromHour: string, toHour: string, nowMs: number, ids: ArticleIds, pairs: PairsWanted): Promise<RollupRead> {
  const { items, readUnits } = await queryAll(db, rollupRangeQueryInput(db.tableName, site, fromHour, toHour));
  const hours = new Map<string, HourCounts>();
  for (const [hour, own] of completeWrites(items, nowMs, toRollupPart)) {
    const lines = own.flatMap((chunk) => chunk.text.split('\n').filter(Boolean));
    hours.set(hour, decodeHourCounts(hour, lines, ids, { pairs }));
  }
  return { hours, readUnits };
}

/** A part of an item written in parts (a rollup, an hour's digests), as its item module reads it back. */
interface WrittenPart {
  hour: string;
  part: number;
  parts: number;
  write: string;
}

/**
 * The parts of each hour's whole write, in order. A run that died while writing leaves an incomplete or mixed
 * set of parts: that hour is left out (treated as missing, and rebuilt). Expired items are skipped.
 */
function completeWrites<P extends WrittenPart>(items: Record<string, unknown>[], nowMs: number, toPart: (item: Record<string, unknown>) => P): Map<string, P[]> {
  const parts = new Map<string, Map<number, P>>();
  for (const item of items) {
    if (isExpired(item, nowMs)) continue;
    const part = toPart(item);
    let chunks = parts.get(part.hour);
    if (!chunks) parts.set(part.hour, (chunks = new Map()));
    chunks.set(part.part, part);
  }
  const complete = new Map<string, P[]>();
  for (const [hour, chunks] of parts) {
    const first = chunks.get(0);
    if (!first) continue;
    const own = Array.from({ length: first.parts }, (_, k) => chunks.get(k));
    if (own.some((chunk) => chunk?.write !== first.write)) continue;
    complete.set(hour, own as P[]);
  }
  return complete;
}

/** Writes an hour's rollup (overwriting any earlier one: same input, same content). Returns write units. */
export async function writeRollup(db: Db, site: string, aggregate: HourAggregate, hourStartMs: number): Promise<number> {
  return batchWrite(db, rollupPutRequests(site, aggregate.hour, hourStartMs, encodeRollup(aggregate)));
}

/**
 * Forgets the rollups of these hours (after an import added events to them), so the next rank run
 * aggregates them again from their trails.
 */
export async function deleteRollups(db: Db, site: string, hours: Iterable<string>): Promise<number> {
  const deletes: WriteRequest[] = [];
  for (const hour of hours) {
    const { items } = await queryAll(db, rollupKeysQueryInput(db.tableName, site, hour));
    for (const item of items) deletes.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
  }
  await batchWrite(db, deletes);
  return deletes.length;
}

/**
 * The co-read digests of the closed hours fromHour..toHour (pair-digests-item.ts), per hour as its parts'
 * arrays; an hour whose write is incomplete is left out (its pairs may then count again: never fewer than the
 * rules allow).
 */
export async function readPairDigests(db: Db, site: string, fromHour: string, toHour: string, nowMs: number): Promise<{ hours: Map<string, Uint32Array[]>; readUnits: number }> {
  const { items, readUnits } = await queryAll(db, pairDigestsRangeQueryInput(db.tableName, site, fromHour, toHour));
  const hours = new Map<string, Uint32Array[]>();
  for (const [hour, own] of completeWrites(items, nowMs, toPairDigestsPart)) hours.set(hour, own.map((chunk) => chunk.digests));
  return { hours, readUnits };
}

/** Writes the co-read digests of a closed hour. Returns write units. */
export async function writePairDigests(db: Db, site: string, hour: string, hourStartMs: number, digests: readonly number[]): Promise<number> {
  return batchWrite(db, pairDigestsPutRequests(site, hour, hourStartMs, digests));
}
