import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import type { Key } from '../store/partitions.ts';
import { TRANSACTION_ITEMS, transactWrite } from '../store/transact-write.ts';
import { contentVersion, getListInput, listKey, listPutRequest, parseStoredList, relatedKey, type ListItem, type ListName, type StoredList } from './list-item.ts';
import { bucketOf, bucketVersionsWrites, legacyDeletes } from './versions-item.ts';
import { readWrittenVersions, writeBucketed, type WrittenVersions } from './written-versions.ts';

export interface ListToWrite {
  list: ListName;
  section: string | undefined;
  items: ListItem[];
}

/** Items encoded and written at a time (a few batches of 25, all in flight together). */
const WRITE_SLICE = 500;
/**
 * Buckets of the related group's versions: each is written with its items, so a run that stops midway keeps
 * the buckets it finished. Never change it for existing data (a bucket's ids would move).
 */
export const RELATED_BUCKETS = 32;

export interface WriteReport {
  written: number;
  unchanged: number;
  writeUnits: number;
  readUnits: number;
}

type Entry = { id: string; version: string; key: Key; stored: StoredList; extra?: Record<string, unknown> };

/**
 * Writes the lists whose visible content changed since the last run, each as one whole item, and all of them
 * in one transaction with their versions when they fit in one (100 items: up to 23 sections): a run that dies
 * midway leaves readers every previous list, never Popular Now of one run beside Weekly Best of another.
 */
export async function writeLists(db: Db, site: string, lists: ListToWrite[], generatedAt: string): Promise<WriteReport> {
  const entries: Entry[] = lists.map(({ list, section, items }) => {
    const key = listKey(site, list, section);
    const version = contentVersion(items);
    return { id: key.sk, version, key, stored: { site, list, section: section ?? null, generatedAt, version, items } };
  });
  const known = await readWrittenVersions(db, site, 'lists');
  const changed = entries.filter((entry) => known.versions.get(entry.id) !== entry.version);
  const report: WriteReport = { written: 0, unchanged: entries.length - changed.length, writeUnits: 0, readUnits: known.readUnits };
  if (changed.length === 0 && known.legacy.length === 0) return report;

  const versions = new Map(known.versions);
  for (const { id, version } of changed) versions.set(id, version);
  const all = [...changed.map(toPut), ...bucketVersionsWrites(site, 'lists', 0, versions, known.chunks.get(0) ?? 0), ...legacyDeletes(known.legacy)];
  if (all.length <= TRANSACTION_ITEMS) {
    report.writeUnits = await transactWrite(db, all);
    report.written = changed.length;
    return report;
  }
  // Too many for one transaction (a site of many sections): each list whole, and nothing the next run would trust wrongly.
  const bucketed = await writeBucketed(db, site, 'lists', 1, known, changed, (items) => batchWrite(db, items.map(toPut)));
  return { ...report, written: bucketed.written, writeUnits: bucketed.writeUnits };
}

/**
 * Writes the related stories of every article whose list changed since the last run (bucket by bucket: a run
 * that stops midway keeps what it finished, and the next run continues). Articles not in `related` keep
 * their stored lists.
 */
export async function writeRelated(db: Db, site: string, related: Map<string, ListItem[]>, generatedAt: string, known?: WrittenVersions): Promise<WriteReport> {
  // Without the group's versions at hand, only the buckets these articles fall in are read.
  const versions = known ?? (await readWrittenVersions(db, site, 'related', new Set([...related.keys()].map((id) => bucketOf(id, RELATED_BUCKETS)))));
  const entries = (function* (): Generator<Entry> {
    for (const [articleId, items] of related) {
      const version = contentVersion(items);
      yield { id: articleId, version, key: relatedKey(site, articleId), stored: { site, list: 'related', section: null, generatedAt, version, items }, extra: { articleId } };
    }
  })();
  const result = await writeBucketed(db, site, 'related', RELATED_BUCKETS, versions, entries, async (items) => {
    let units = 0;
    // Encoded a slice at a time: a first run of a big site writes every related item, and holding all of
    // them encoded at once would cost hundreds of MB.
    for (let i = 0; i < items.length; i += WRITE_SLICE) units += await batchWrite(db, items.slice(i, i + WRITE_SLICE).map(toPut));
    return units;
  });
  return { ...result, readUnits: known ? 0 : versions.readUnits };
}

function toPut({ key, stored, extra }: Entry) {
  return listPutRequest(key, stored, extra);
}

export async function readList(db: Db, site: string, list: string, section?: string): Promise<StoredList | undefined> {
  return readStored(db, listKey(site, list, section));
}

export async function readRelated(db: Db, site: string, articleId: string): Promise<StoredList | undefined> {
  return readStored(db, relatedKey(site, articleId));
}

async function readStored(db: Db, key: Key): Promise<StoredList | undefined> {
  const result = await db.client.send(new GetCommand(getListInput(db.tableName, key)));
  return result.Item ? parseStoredList(result.Item) : undefined;
}
