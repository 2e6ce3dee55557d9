import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import type { Key } from '../store/partitions.ts';
import { TRANSACTION_ITEMS, transactWrite } from '../store/transact-write.ts';
import { contentVersion, getListInput, listKey, listPutRequest, parseStoredList, relatedKey, type ListItem, type ListName, type StoredList } from './list-item.ts';
import { pendingDeletes, versionsPuts } from './versions-item.ts';
import { readWrittenVersions, rewriteItems } from './written-versions.ts';

export interface ListToWrite {
  list: ListName;
  section: string | undefined;
  items: ListItem[];
}

/** Items encoded and written at a time (a few batches of 25, all in flight together). */
const WRITE_SLICE = 500;

interface WriteReport {
  written: number;
  unchanged: number;
  writeUnits: number;
  readUnits: number;
}

/**
 * Writes the lists whose visible content changed since the last run, each as one whole item, and all of them
 * in one transaction with their versions when they fit in one (100 items: up to 23 sections): a run that dies
 * midway leaves readers every previous list, never Popular Now of one run beside Weekly Best of another.
 */
export async function writeLists(db: Db, site: string, lists: ListToWrite[], generatedAt: string): Promise<WriteReport> {
  return writeChanged(
    db,
    site,
    'lists',
    lists.map(({ list, section, items }) => {
      const key = listKey(site, list, section);
      return { id: key.sk, key, stored: { site, list, section: section ?? null, generatedAt, version: contentVersion(items), items } };
    }),
    { atomic: true },
  );
}

/** Writes the related stories of every article whose list changed since the last run. */
export async function writeRelated(db: Db, site: string, related: Map<string, ListItem[]>, generatedAt: string): Promise<WriteReport> {
  return writeChanged(
    db,
    site,
    'related',
    [...related].map(([articleId, items]) => ({
      id: articleId,
      key: relatedKey(site, articleId),
      stored: { site, list: 'related', section: null, generatedAt, version: contentVersion(items), items },
      extra: { articleId },
    })),
  );
}

type Entry = { id: string; key: Key; stored: StoredList; extra?: Record<string, unknown> };

async function writeChanged(db: Db, site: string, group: string, entries: Entry[], options: { atomic?: boolean } = {}): Promise<WriteReport> {
  const known = await readWrittenVersions(db, site, group);
  const report: WriteReport = { written: 0, unchanged: 0, writeUnits: 0, readUnits: known.readUnits };
  const next = { ...known.versions };
  const changed: Entry[] = [];
  for (const entry of entries) {
    if (known.versions[entry.id] === entry.stored.version) report.unchanged++;
    else changed.push(entry);
  }
  if (changed.length === 0 && known.pendingChunks === 0) return report;
  for (const { id, stored } of changed) next[id] = stored.version;

  const toPut = ({ key, stored, extra }: Entry) => listPutRequest(key, stored, extra);
  const versions = versionsPuts(site, group, next);
  const deletes = pendingDeletes(site, group, known.pendingChunks);
  if (options.atomic && changed.length + versions.length + deletes.length <= TRANSACTION_ITEMS) {
    report.writeUnits += await transactWrite(db, [...changed.map(toPut), ...versions, ...deletes]);
    report.written = changed.length;
    return report;
  }

  // Too many items for one transaction: each item whole, and nothing the next run would wrongly trust.
  report.writeUnits += await rewriteItems(db, site, group, known, changed.map((e) => e.id), next, async () => {
    let units = 0;
    // Encoded a slice at a time: a first run of a big site writes every related item, and holding all of
    // them encoded at once would cost hundreds of MB.
    for (let i = 0; i < changed.length; i += WRITE_SLICE) {
      const puts = changed.slice(i, i + WRITE_SLICE).map(toPut);
      units += await batchWrite(db, puts);
      report.written += puts.length;
    }
    return units;
  });
  return report;
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
