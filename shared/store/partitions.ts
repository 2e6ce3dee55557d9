import { hourStart, toEpochSeconds } from '../time.ts';

/**
 * How every partition key of the one table begins: one entry per item type (docs/data-model.md). The item
 * modules (`*-item.ts`) build their keys from these, and infra/table-access.ts grants IAM access by them
 * (`dynamodb:LeadingKeys`), so a key and the permission to touch it cannot drift apart. A value ending in `#`
 * is followed by the site (and more); the others are whole partition keys.
 */
export const PARTITIONS = {
  sites: 'SITES',
  adminKeys: 'ADMINKEY#',
  trail: 'TRAIL#',
  catalog: 'CATALOG#',
  pins: 'PINS#',
  rollups: 'ROLLUP#',
  lists: 'LIST#',
  related: 'RELATED#',
  versions: 'VERSIONS#',
  stats: 'STATS#',
  dashboard: 'DASHBOARD#',
} as const;

export type PartitionName = keyof typeof PARTITIONS;

/** An item's primary key. `#` separates its parts; ids are validated never to contain it (shared/ids.ts). */
export type Key = { pk: string; sk: string };

/**
 * The `expiresAt` TTL (epoch seconds) of an item about the hour of `eventMs`: `ttlMs` after that hour, but never
 * less than `ttlMs` after its write. History imported or replayed from long ago must not be expired the moment it
 * is written: DynamoDB deletes expired items within days, DynamoDB Local within seconds, so a backfill or a
 * backtest would melt away while it ranks. `writtenAtMs` is the store's clock (Date.now() where it writes), not
 * an event's or a replay's time.
 */
export function expiresAtFor(eventMs: number, ttlMs: number, writtenAtMs: number): number {
  return toEpochSeconds(hourStart(Math.max(eventMs, writtenAtMs)) + ttlMs);
}

/** Epoch seconds of the `expiresAt` TTL attribute; readers skip items past it (DynamoDB deletes them late). */
export function isExpired(item: Record<string, unknown>, nowMs: number): boolean {
  return typeof item.expiresAt === 'number' && item.expiresAt * 1000 < nowMs;
}
