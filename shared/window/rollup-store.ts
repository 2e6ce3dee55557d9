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
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { HOUR_MS, hourKey } from '../time.ts';
import { getRollupsTokenInput, invalidateRollupsInput, rollupKeysQueryInput, rollupPutRequests, rollupRangeQueryInput, toRollupPart } from './rollup-item.ts';

interface RollupRead {
  /** Hour → its counts, decoded against the run's article ids. */
  hours: Map<string, HourCounts>;
  readUnits: number;
}

/** The rollup lines a warm rank process kept from its last run of a site: hours fromHour..toHour as read then. */
export interface KeptRollups {
  from: string;
  to: string;
  /** The site's rollup token when they were read (rollup-item.ts): another one means some were deleted since. */
  token: string | undefined;
  hours: Map<string, string[]>;
}

/** Where a rank process keeps a site's rollups between runs (shared/rank/rank-cache.ts), with the token read this run. */
export interface RollupMemory {
  token: string | undefined;
  get(): KeptRollups | undefined;
  set(kept: KeptRollups): void;
}

/** The site's rollup token (replaced whenever rollups are deleted), and the read units of asking. */
export async function readRollupsToken(db: Db, site: string): Promise<{ token: string | undefined; readUnits: number }> {
  const result = await db.client.send(new GetCommand(getRollupsTokenInput(db.tableName, site)));
  return { token: typeof result.Item?.token === 'string' ? result.Item.token : undefined, readUnits: result.ConsumedCapacity?.CapacityUnits ?? 0 };
}

/**
 * Reads every complete hour rollup in [fromHour, toHour] with one ranged Query (paginated), decoded against the
 * run's ids (pairs only when asked for). With `memory` holding the same site's rollups from the run before
 * (same token, a window that only moved forward), only the hours after those are queried: rollups are written
 * once and only ever deleted, and a deletion replaces the token.
 */
export async function readRollups(
  db: Db,
  site: string,
  fromHour: string,
  toHour: string,
  nowMs: number,
  ids: ArticleIds,
  pairs: PairsWanted,
  memory?: RollupMemory,
): Promise<RollupRead> {
  const kept = memory?.get();
  const usable = kept !== undefined && kept.token === memory!.token && kept.from <= fromHour && fromHour <= kept.to && kept.to <= toHour;
  const lines = new Map<string, string[]>();
  let queryFrom = fromHour;
  if (usable) {
    for (const [hour, hourLines] of kept.hours) if (hour >= fromHour) lines.set(hour, hourLines);
    queryFrom = hourKey(Date.parse(`${kept.to}:00:00Z`) + HOUR_MS);
  }
  let readUnits = 0;
  if (queryFrom <= toHour) {
    const read = await queryAll(db, rollupRangeQueryInput(db.tableName, site, queryFrom, toHour));
    readUnits = read.readUnits;
    for (const [hour, own] of completeWrites(read.items, nowMs, toRollupPart)) lines.set(hour, own.flatMap((chunk) => chunk.text.split('\n').filter(Boolean)));
  }
  memory?.set({ from: fromHour, to: toHour, token: memory.token, hours: lines });
  const hours = new Map<string, HourCounts>();
  for (const [hour, hourLines] of lines) hours.set(hour, decodeHourCounts(hour, hourLines, ids, { pairs }));
  return { hours, readUnits };
}

/** Adds an hour this run just wrote to what `memory` keeps, so the next run need not read it. */
export function keepWrittenRollup(memory: RollupMemory | undefined, hour: string, lines: string[]): void {
  const kept = memory?.get();
  if (kept && kept.token === memory!.token && hour >= kept.from && hour <= kept.to) kept.hours.set(hour, lines);
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

/**
 * Writes an hour's rollup (overwriting any earlier one: same input, same content). Returns the write units and
 * the lines written, which a process that keeps rollups between runs adds to what it keeps (keepWrittenRollup).
 */
export async function writeRollup(db: Db, site: string, aggregate: HourAggregate, hourStartMs: number): Promise<{ writeUnits: number; lines: string[] }> {
  const lines = encodeRollup(aggregate);
  return { writeUnits: await batchWrite(db, rollupPutRequests(site, aggregate.hour, hourStartMs, lines, Date.now())), lines };
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
  // After the deletes: a rank run that read the token before them reads it again next time and drops what it kept.
  if (deletes.length > 0) await db.client.send(new PutCommand(invalidateRollupsInput(db.tableName, site, randomUUID())));
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
  return batchWrite(db, pairDigestsPutRequests(site, hour, hourStartMs, digests, Date.now()));
}
