import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { listKey, relatedKey } from '../keys.ts';
import { batchWrite } from '../store/batch-write.ts';
import { pendingDeletes, readWrittenVersions, rewriteItems, versionsPuts } from './written-versions.ts';
import type { Db } from '../store/db.ts';
import type { ListItem } from '../rank/ranked-item.ts';

export const LIST_NAMES = ['popular-now', 'weekly-best', 'must-reads', 'latest'] as const;
export type ListName = (typeof LIST_NAMES)[number];

/** A precomputed list as stored: one item, written whole, so a reader sees one run or the other. */
export interface StoredList {
  site: string;
  list: string;
  section: string | null;
  generatedAt: string;
  /** Content hash: the ETag of the list, and how a run knows it need not rewrite it. */
  version: string;
  items: ListItem[];
}

export interface ListToWrite {
  list: ListName;
  section: string | undefined;
  items: ListItem[];
}

/** Hash of what a reader sees of a list (ids, order, metadata); scores alone changing do not rewrite it. */
export function contentVersion(items: ListItem[]): string {
  const visible = items.map((i) => [i.articleId, i.title, i.url, i.section, i.image, i.publishedAt]);
  return createHash('sha256').update(JSON.stringify(visible)).digest('base64url').slice(0, 16);
}

/** Items encoded and written at a time (a few batches of 25, all in flight together). */
const WRITE_SLICE = 500;

export interface WriteReport {
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

/** DynamoDB's limit on the items of one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;

type Entry = { id: string; key: { pk: string; sk: string }; stored: StoredList; extra?: Record<string, unknown> };

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

  const toPut = ({ key, stored, extra }: Entry) => ({ PutRequest: { Item: { ...key, ...extra, ...stored, items: encodeItems(stored.items) } } });
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

/** One TransactWriteItems of BatchWriteItem-shaped requests: all applied, or none. Returns write units. */
async function transactWrite(db: Db, requests: { PutRequest?: { Item: object }; DeleteRequest?: { Key: object } }[]): Promise<number> {
  const result = await db.client.send(
    new TransactWriteCommand({
      TransactItems: requests.map((r) =>
        r.PutRequest
          ? { Put: { TableName: db.tableName, Item: r.PutRequest.Item as Record<string, unknown> } }
          : { Delete: { TableName: db.tableName, Key: r.DeleteRequest!.Key as Record<string, unknown> } },
      ),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

export async function readList(db: Db, site: string, list: string, section?: string): Promise<StoredList | undefined> {
  return readStored(db, listKey(site, list, section));
}

export async function readRelated(db: Db, site: string, articleId: string): Promise<StoredList | undefined> {
  return readStored(db, relatedKey(site, articleId));
}

async function readStored(db: Db, key: { pk: string; sk: string }): Promise<StoredList | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: key }));
  return result.Item ? parseStoredList(result.Item) : undefined;
}

/**
 * A list's items as stored: JSON, deflated, in a binary attribute. Related stories are written for every read
 * article, and their JSON (ids, titles, URLs, scores and parts of 20 stories) deflates to about a third:
 * a third of the write units of a run and of the read units of a page, and the SDK sends binary as base64
 * instead of escaping a long string character by character.
 */
export function encodeItems(items: ListItem[]): Uint8Array {
  // Copied out: zlib's result is a view of a 16 KB chunk, which a run holding thousands of them would keep.
  return new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(items))));
}

/** A stored list or related item as the read API serves it (items as written now, or as a JSON string before). */
export function parseStoredList(item: Record<string, unknown>): StoredList {
  const items = item.items instanceof Uint8Array ? inflateRawSync(item.items).toString('utf8') : String(item.items);
  return {
    site: String(item.site),
    list: String(item.list),
    section: (item.section as string | null) ?? null,
    generatedAt: String(item.generatedAt),
    version: String(item.version),
    items: JSON.parse(items) as ListItem[],
  };
}
