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
  const parts = new Map<string, Map<number, ReturnType<typeof toRollupPart>>>();
  const { items, readUnits } = await queryAll(db, rollupRangeQueryInput(db.tableName, site, fromHour, toHour));
  for (const item of items) {
    if (isExpired(item, nowMs)) continue;
    const part = toRollupPart(item);
    let chunks = parts.get(part.hour);
    if (!chunks) parts.set(part.hour, (chunks = new Map()));
    chunks.set(part.part, part);
  }

  const hours = new Map<string, HourCounts>();
  for (const [hour, chunks] of parts) {
    // A run that died while writing leaves an incomplete or mixed rollup: treat it as missing, it is rebuilt.
    const first = chunks.get(0);
    if (!first) continue;
    const own = Array.from({ length: first.parts }, (_, k) => chunks.get(k));
    if (own.some((chunk) => chunk?.write !== first.write)) continue;
    const lines = own.flatMap((chunk) => chunk!.text.split('\n').filter(Boolean));
    hours.set(hour, decodeHourCounts(hour, lines, ids, { pairs }));
  }
  return { hours, readUnits };
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
 * The co-read digests of the closed hours fromHour..toHour (pair-digests-item.ts), per hour; an hour whose
 * write is incomplete is left out (its pairs may then count again: never fewer than the rules allow).
 */
export async function readPairDigests(db: Db, site: string, fromHour: string, toHour: string, nowMs: number): Promise<{ hours: Map<string, Set<number>>; readUnits: number }> {
  const parts = new Map<string, Map<number, ReturnType<typeof toPairDigestsPart>>>();
  const { items, readUnits } = await queryAll(db, pairDigestsRangeQueryInput(db.tableName, site, fromHour, toHour));
  for (const item of items) {
    if (isExpired(item, nowMs)) continue;
    const part = toPairDigestsPart(item);
    let chunks = parts.get(part.hour);
    if (!chunks) parts.set(part.hour, (chunks = new Map()));
    chunks.set(part.part, part);
  }
  const hours = new Map<string, Set<number>>();
  for (const [hour, chunks] of parts) {
    const first = chunks.get(0);
    if (!first) continue;
    const own = Array.from({ length: first.parts }, (_, k) => chunks.get(k));
    if (own.some((chunk) => chunk?.write !== first.write)) continue;
    const set = new Set<number>();
    for (const chunk of own) for (const digest of chunk!.digests) set.add(digest);
    hours.set(hour, set);
  }
  return { hours, readUnits };
}

/** Writes the co-read digests of a closed hour. Returns write units. */
export async function writePairDigests(db: Db, site: string, hour: string, hourStartMs: number, digests: readonly number[]): Promise<number> {
  return batchWrite(db, pairDigestsPutRequests(site, hour, hourStartMs, digests));
}
