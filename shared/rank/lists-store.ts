import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { listKey, relatedKey } from '../keys.ts';
import { batchWrite } from '../store/batch-write.ts';
import { readWrittenVersions, writeWrittenVersions } from './written-versions.ts';
import type { Db } from '../store/db.ts';
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

/** Writes the lists whose visible content changed since the last run, each as one whole item. */
export async function writeLists(db: Db, site: string, lists: ListToWrite[], generatedAt: string): Promise<WriteReport> {
  return writeChanged(
    db,
    site,
    'lists',
    lists.map(({ list, section, items }) => {
      const key = listKey(site, list, section);
      return { id: key.sk, key, stored: { site, list, section: section ?? null, generatedAt, version: contentVersion(items), items } };
    }),
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

async function writeChanged(
  db: Db,
  site: string,
  group: string,
  entries: { id: string; key: { pk: string; sk: string }; stored: StoredList; extra?: Record<string, unknown> }[],
): Promise<WriteReport> {
  const known = await readWrittenVersions(db, site, group);
  const report: WriteReport = { written: 0, unchanged: 0, writeUnits: 0, readUnits: known.readUnits };
  const next = { ...known.versions };
  const puts: Record<string, unknown>[] = [];
  for (const { id, key, stored, extra } of entries) {
    if (known.versions[id] === stored.version) {
      report.unchanged++;
      continue;
    }
    puts.push({ PutRequest: { Item: { ...key, ...extra, ...stored, items: JSON.stringify(stored.items) } } });
    next[id] = stored.version;
    report.written++;
  }
  report.writeUnits += await batchWrite(db, puts);
  if (puts.length > 0) report.writeUnits += await writeWrittenVersions(db, site, group, next);
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
  return result.Item ? parseStoredList(result.Item) : undefined;
}

/** A stored list or related item as the read API serves it. */
export function parseStoredList(item: Record<string, unknown>): StoredList {
  return {
    site: String(item.site),
    list: String(item.list),
    section: (item.section as string | null) ?? null,
    generatedAt: String(item.generatedAt),
    version: String(item.version),
    items: JSON.parse(String(item.items)) as ListItem[],
  };
}
