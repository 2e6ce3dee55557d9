import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { fnv1a } from '../fnv.ts';
import { PARTITIONS, type Key } from '../store/partitions.ts';
import type { WriteRequest } from '../store/transact-write.ts';

/**
 * What the rank job last wrote, per group (`lists`, `related`): id → content hash, so a run rewrites only the
 * items whose content changed. A group's ids are spread over buckets (by a hash of the id), and each bucket's
 * versions are text, `id\thash` lines, split into items by bytes:
 *
 *   versions   pk VERSIONS#{site}   sk {group}#{bucket, 2 digits}#{chunk, 4 digits}   d: "id\thash\n..."
 *
 * Text, not a DynamoDB map: ids are whatever clients send (`constructor`, `toString`...), and a map keyed by
 * them breaks the SDK's marshalling; and a map item of 4,000 long ids passes the 400 KB item limit. A hash of
 * `?` marks an id whose item a run was overwriting when it stopped: nothing vouches for it, so the next run
 * rewrites it.
 */

/** Bytes of text per item: well below DynamoDB's 400 KB item limit with the key and attribute names. */
export const MAX_CHUNK_BYTES = 300_000;
/** The hash of an id whose item is being overwritten. */
export const PENDING = '?';

function versionsKey(site: string, sk: string): Key {
  return { pk: `${PARTITIONS.versions}${site}`, sk };
}

function chunkSk(group: string, bucket: number, chunk: number): string {
  return `${group}#${String(bucket).padStart(2, '0')}#${String(chunk).padStart(4, '0')}`;
}

/** The bucket of an id in a group of `buckets`. */
export function bucketOf(id: string, buckets: number): number {
  return fnv1a(id) % buckets;
}

/** Every versions item of a group, or of one bucket of it (paginate with queryAll). */
export function versionsQueryInput(table: string, site: string, group: string, bucket?: number): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': versionsKey(site, '').pk, ':prefix': bucket === undefined ? `${group}#` : `${group}#${String(bucket).padStart(2, '0')}#` },
  };
}

/** A group's versions as read back. */
export interface StoredVersions {
  /** id → hash of what its item holds now; ids marked pending are left out (nothing vouches for them). */
  versions: Map<string, string>;
  /** bucket → how many chunk items it has now, so a rewrite can delete the ones it no longer needs. */
  chunks: Map<number, number>;
  /** Items of an older layout (a map attribute, or a rewrite marker): deleted by the next write of the group. */
  legacy: Key[];
}

export function toStoredVersions(items: Record<string, unknown>[]): StoredVersions {
  const out: StoredVersions = { versions: new Map(), chunks: new Map(), legacy: [] };
  for (const item of items) {
    const [, bucket, chunk] = String(item.sk).split('#');
    if (typeof item.d !== 'string' || !/^\d{2}$/.test(bucket ?? '') || !/^\d{4}$/.test(chunk ?? '')) {
      out.legacy.push({ pk: String(item.pk), sk: String(item.sk) });
      continue;
    }
    out.chunks.set(Number(bucket), Math.max(out.chunks.get(Number(bucket)) ?? 0, Number(chunk) + 1));
    for (const line of item.d.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab <= 0) continue;
      const hash = line.slice(tab + 1);
      if (hash !== PENDING) out.versions.set(line.slice(0, tab), hash);
    }
  }
  return out;
}

/**
 * The writes that make a bucket's stored versions exactly `entries` (id → hash, PENDING allowed): its chunks,
 * each under MAX_CHUNK_BYTES, then deletes of the chunks it had beyond them.
 */
export function bucketVersionsWrites(site: string, group: string, bucket: number, entries: Iterable<[string, string]>, oldChunks: number): WriteRequest[] {
  const texts: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (const [id, hash] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const line = `${id}\t${hash}\n`;
    const size = Buffer.byteLength(line);
    if (lines.length > 0 && bytes + size > MAX_CHUNK_BYTES) {
      texts.push(lines.join(''));
      lines = [];
      bytes = 0;
    }
    lines.push(line);
    bytes += size;
  }
  texts.push(lines.join(''));
  const puts: WriteRequest[] = texts.map((d, chunk) => ({ PutRequest: { Item: { ...versionsKey(site, chunkSk(group, bucket, chunk)), d } } }));
  const deletes: WriteRequest[] = [];
  for (let chunk = texts.length; chunk < oldChunks; chunk++) deletes.push({ DeleteRequest: { Key: versionsKey(site, chunkSk(group, bucket, chunk)) } });
  return [...puts, ...deletes];
}

/** Deletes of the items of an older layout. */
export function legacyDeletes(keys: Key[]): WriteRequest[] {
  return keys.map((key) => ({ DeleteRequest: { Key: key } }));
}
