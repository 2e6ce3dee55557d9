import { forEachLimited } from '../concurrency.ts';
import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import type { WriteRequest } from '../store/transact-write.ts';
import { PENDING, bucketOf, bucketVersionsWrites, legacyDeletes, toStoredVersions, versionsQueryInput, type StoredVersions } from './versions-item.ts';

/** Buckets written at once by writeBucketed. */
const BUCKETS_IN_FLIGHT = 4;

export interface WrittenVersions extends StoredVersions {
  readUnits: number;
}

/**
 * What the rank job last wrote of a group (see versions-item.ts), or of some of its buckets only (a run that
 * writes a few items need not read the versions of every one).
 */
export async function readWrittenVersions(db: Db, site: string, group: string, buckets?: ReadonlySet<number>): Promise<WrittenVersions> {
  const inputs = buckets ? [...buckets].map((bucket) => versionsQueryInput(db.tableName, site, group, bucket)) : [versionsQueryInput(db.tableName, site, group)];
  const pages = await Promise.all(inputs.map((input) => queryAll(db, input)));
  return { ...toStoredVersions(pages.flatMap((page) => page.items)), readUnits: pages.reduce((sum, page) => sum + page.readUnits, 0) };
}

/** An item of a group, with the hash of what it holds. */
export interface VersionedItem {
  id: string;
  version: string;
}

/**
 * Writes the items whose content differs from what `known` vouches for, bucket by bucket, so that a run that
 * stops midway keeps what it finished: for each bucket, its versions with the changed ids marked PENDING,
 * then the items (`write`, which returns its write units), then the bucket's versions with their new hashes.
 * A bucket left half-way has PENDING ids, which the next run does not trust and so rewrites. Items of the
 * group that `entries` does not name keep their versions. Returns the write units and how many items were
 * written.
 */
export async function writeBucketed<T extends VersionedItem>(
  db: Db,
  site: string,
  group: string,
  buckets: number,
  known: StoredVersions,
  entries: Iterable<T>,
  write: (items: T[]) => Promise<number>,
): Promise<{ written: number; unchanged: number; writeUnits: number }> {
  const changed = new Map<number, T[]>();
  let unchanged = 0;
  for (const entry of entries) {
    if (known.versions.get(entry.id) === entry.version) {
      unchanged++;
      continue;
    }
    const bucket = bucketOf(entry.id, buckets);
    let list = changed.get(bucket);
    if (!list) changed.set(bucket, (list = []));
    list.push(entry);
  }
  // Every id the group vouches for now, per bucket (the unchanged ones keep their hash).
  const byBucket = new Map<number, Map<string, string>>();
  for (const [id, version] of known.versions) {
    const bucket = bucketOf(id, buckets);
    if (!changed.has(bucket)) continue;
    let map = byBucket.get(bucket);
    if (!map) byBucket.set(bucket, (map = new Map()));
    map.set(id, version);
  }

  let writeUnits = known.legacy.length ? await batchWrite(db, legacyDeletes(known.legacy)) : 0;
  let written = 0;
  await forEachLimited([...changed], BUCKETS_IN_FLIGHT, async ([bucket, items]) => {
    const versions = byBucket.get(bucket) ?? new Map<string, string>();
    let chunks = known.chunks.get(bucket) ?? 0;
    const versionsWith = (hash: (item: T) => string): WriteRequest[] => {
      for (const item of items) versions.set(item.id, hash(item));
      const requests = bucketVersionsWrites(site, group, bucket, versions, chunks);
      chunks = Math.max(chunks, requests.filter((r) => 'PutRequest' in r).length);
      return requests;
    };
    writeUnits += await batchWrite(db, versionsWith(() => PENDING));
    writeUnits += await write(items);
    written += items.length;
    writeUnits += await batchWrite(db, versionsWith((item) => item.version));
  });
  return { written, unchanged, writeUnits };
}
