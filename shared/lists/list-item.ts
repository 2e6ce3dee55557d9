import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PARTITIONS, type Key } from '../store/partitions.ts';

/**
 * A precomputed list or an article's related stories, as stored and served: one item, written whole, so a
 * reader sees one run or the other.
 *
 *   list      pk LIST#{site}      sk {list}#{section or _all}   site, list, section, generatedAt, version, items
 *   related   pk RELATED#{site}   sk {articleId}                as a list, plus articleId
 */

export const LIST_NAMES = ['popular-now', 'weekly-best', 'must-reads', 'latest'] as const;
export type ListName = (typeof LIST_NAMES)[number];

/** A list entry as stored and served: the article's metadata, its score and the parts of the score. */
export interface ListItem {
  articleId: string;
  score: number;
  /** The parts of the score, so a list can be explained. */
  parts: Record<string, number | boolean | string>;
  title: string;
  url: string;
  section?: string | undefined;
  image?: string | undefined;
  publishedAt: string;
}

/** The precomputed lists one article page draws from (any may be missing on a new site or section). */
export interface WidgetSources {
  related?: ListItem[];
  latestInSection?: ListItem[];
  latest?: ListItem[];
  popularNow?: ListItem[];
  weeklyBest?: ListItem[];
  mustReads?: ListItem[];
}

export interface StoredList {
  site: string;
  list: string;
  section: string | null;
  generatedAt: string;
  /** Content hash: the ETag of the list, and how a run knows it need not rewrite it. */
  version: string;
  items: ListItem[];
}

/** `_all` names the site-wide lists, which is why sections never start with `_` (shared/catalog/article.ts). */
export function listKey(site: string, list: string, section: string | undefined): Key {
  return { pk: `${PARTITIONS.lists}${site}`, sk: `${list}#${section ?? '_all'}` };
}

/** "You May Also Like" of one article. */
export function relatedKey(site: string, articleId: string): Key {
  return { pk: `${PARTITIONS.related}${site}`, sk: articleId };
}

export function getListInput(table: string, key: Key): GetCommandInput {
  return { TableName: table, Key: key };
}

/** Hash of what a reader sees of a list (ids, order, metadata); scores alone changing do not rewrite it. */
export function contentVersion(items: ListItem[]): string {
  const visible = items.map((i) => [i.articleId, i.title, i.url, i.section, i.image, i.publishedAt]);
  return createHash('sha256').update(JSON.stringify(visible)).digest('base64url').slice(0, 16);
}

/** The whole item of a list: key, extra attributes (related: articleId), the list with its items encoded. */
export function listPutRequest(key: Key, stored: StoredList, extra: Record<string, unknown> = {}) {
  return { PutRequest: { Item: { ...key, ...extra, ...stored, items: encodeItems(stored.items) } } };
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
