import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { listKey, relatedKey, versionsKey } from '../keys.ts';
import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import type { ListItem } from './ranked-item.ts';

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

export interface WriteReport {
  written: number;
  unchanged: number;
  writeUnits: number;
  readUnits: number;
}

/**
 * Writes the lists whose content changed since the last run, each as one whole item, then records the new
 * versions. Items first, versions last: a run that dies midway leaves every list either old or new, and the
 * next run rewrites whatever the versions item does not vouch for.
 */
export async function writeLists(db: Db, site: string, lists: ListToWrite[], generatedAt: string): Promise<WriteReport> {
  const key = versionsKey(site, 'lists');
  const previous = await db.client.send(new GetCommand({ TableName: db.tableName, Key: key, ReturnConsumedCapacity: 'TOTAL' }));
  const known = (previous.Item?.versions ?? {}) as Record<string, string>;
  const next: Record<string, string> = { ...known };
  const report: WriteReport = { written: 0, unchanged: 0, writeUnits: 0, readUnits: previous.ConsumedCapacity?.CapacityUnits ?? 0 };
  const puts: Record<string, unknown>[] = [];
  for (const { list, section, items } of lists) {
    const k = listKey(site, list, section);
    const version = contentVersion(items);
    if (known[k.sk] === version) {
      report.unchanged++;
      continue;
    }
    const stored: StoredList = { site, list, section: section ?? null, generatedAt, version, items };
    puts.push({ PutRequest: { Item: { ...k, ...stored, items: JSON.stringify(items) } } });
    next[k.sk] = version;
    report.written++;
  }
  report.writeUnits += await batchWrite(db, puts);
  if (puts.length > 0) {
    const put = await db.client.send(
      new PutCommand({ TableName: db.tableName, Item: { ...key, versions: next }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    report.writeUnits += put.ConsumedCapacity?.CapacityUnits ?? 0;
  }
  return report;
}

/** Related items are many (one per article): their versions are kept in chunks under the same partition. */
const RELATED_VERSION_CHUNK = 4000;

export async function writeRelated(db: Db, site: string, related: Map<string, ListItem[]>, generatedAt: string): Promise<WriteReport> {
  const report: WriteReport = { written: 0, unchanged: 0, writeUnits: 0, readUnits: 0 };
  const known: Record<string, string> = {};
  const chunks = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': versionsKey(site, '').pk, ':prefix': 'related#' },
  });
  report.readUnits += chunks.readUnits;
  for (const item of chunks.items) Object.assign(known, item.versions);

  const next: Record<string, string> = { ...known };
  const puts: Record<string, unknown>[] = [];
  for (const [articleId, items] of [...related].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const version = contentVersion(items);
    if (known[articleId] === version) {
      report.unchanged++;
      continue;
    }
    const stored: StoredList = { site, list: 'related', section: null, generatedAt, version, items };
    puts.push({ PutRequest: { Item: { ...relatedKey(site, articleId), articleId, ...stored, items: JSON.stringify(items) } } });
    next[articleId] = version;
    report.written++;
  }
  report.writeUnits += await batchWrite(db, puts);
  if (puts.length > 0) {
    const ids = Object.keys(next).sort();
    const versionItems = [];
    for (let i = 0; i < ids.length; i += RELATED_VERSION_CHUNK) {
      const versions = Object.fromEntries(ids.slice(i, i + RELATED_VERSION_CHUNK).map((id) => [id, next[id]]));
      versionItems.push({ PutRequest: { Item: { ...versionsKey(site, `related#${String(versionItems.length).padStart(4, '0')}`), versions } } });
    }
    report.writeUnits += await batchWrite(db, versionItems);
  }
  return report;
}

export async function readList(db: Db, site: string, list: string, section?: string): Promise<StoredList | undefined> {
  return readStored(db, listKey(site, list, section));
}

export async function readRelated(db: Db, site: string, articleId: string): Promise<StoredList | undefined> {
  return readStored(db, relatedKey(site, articleId));
}

async function readStored(db: Db, key: { pk: string; sk: string }): Promise<StoredList | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: key }));
  if (!result.Item) return undefined;
  const item = result.Item;
  return {
    site: String(item.site),
    list: String(item.list),
    section: (item.section as string | null) ?? null,
    generatedAt: String(item.generatedAt),
    version: String(item.version),
    items: JSON.parse(String(item.items)) as ListItem[],
  };
}
