import { batchGetAll } from './batch-get.ts';
import type { Db } from './db.ts';
import type { Key } from './partitions.ts';

/** Reads the items at some keys: absent items are left out; `readUnits` is what DynamoDB charged. */
export type ItemsReader = (keys: Key[]) => Promise<{ items: Record<string, unknown>[]; readUnits: number }>;

/** A reader that asks DynamoDB every time (a BatchGetItem): the apps' default, and what tests and the local server use. */
export function directItemsReader(db: Db): ItemsReader {
  return (keys) => batchGetAll(db, keys);
}

/**
 * A BatchGetItem reader that remembers each key's item (or its absence) for `ttlMs` in this process: a warm
 * read function then reads a site's lists once a minute instead of once a page view, and only what changes per
 * page (the article's related stories) more often. The same staleness as the CDN's s-maxage, never more.
 * Bounded: past `maxEntries` it starts over, so ids a client invents cannot grow it.
 */
export function cachedItemsReader(db: Db, clock: () => number, ttlMs: number, maxEntries = 20_000): ItemsReader {
  const cache = new Map<string, { at: number; item: Record<string, unknown> | undefined }>();
  const id = (key: Key) => `${key.pk}\n${key.sk}`;
  return async (keys) => {
    const now = clock();
    const items: Record<string, unknown>[] = [];
    const missing: Key[] = [];
    for (const key of keys) {
      const hit = cache.get(id(key));
      if (hit && now - hit.at < ttlMs) {
        if (hit.item) items.push(hit.item);
      } else missing.push(key);
    }
    if (missing.length === 0) return { items, readUnits: 0 };
    const read = await batchGetAll(db, missing);
    if (cache.size + missing.length > maxEntries) cache.clear();
    const found = new Map(read.items.map((item) => [`${String(item.pk)}\n${String(item.sk)}`, item]));
    for (const key of missing) cache.set(id(key), { at: now, item: found.get(id(key)) });
    return { items: [...items, ...read.items], readUnits: read.readUnits };
  };
}
