import { catalogKey } from '../catalog/catalog-item.ts';
import { listKey, parseStoredList, relatedKey, type StoredList, type WidgetSources } from './list-item.ts';
import type { ItemsReader } from '../store/item-cache.ts';
import type { Key } from '../store/partitions.ts';

/**
 * The keys of what one article page needs, read in one BatchGetItem: the site-wide lists, the article (for its
 * section) and its related stories, and the section's latest stories when the page names its section.
 */
export function widgetSourceKeys(site: string, articleId: string | undefined, section: string | undefined): Key[] {
  return [
    listKey(site, 'popular-now', undefined),
    listKey(site, 'weekly-best', undefined),
    listKey(site, 'must-reads', undefined),
    listKey(site, 'latest', undefined),
    ...(articleId ? [catalogKey(site, articleId), relatedKey(site, articleId)] : []),
    ...(section ? [listKey(site, 'latest', section)] : []),
  ];
}

/**
 * Everything one article page needs (widgetSourceKeys), with the versions that make its ETag, read through
 * `readItems` (a BatchGetItem, or the read function's cache of one: shared/store/item-cache.ts).
 */
export async function readWidgetSources(readItems: ItemsReader, site: string, articleId: string | undefined, sectionParam: string | undefined) {
  const keys = widgetSourceKeys(site, articleId, sectionParam);
  const { items, readUnits: batchUnits } = await readItems(keys);
  let readUnits = batchUnits;
  const byKey = new Map(items.map((item) => [`${item.pk}\n${item.sk}`, item]));
  const get = (key: Key) => byKey.get(`${key.pk}\n${key.sk}`);
  const list = (key: Key): StoredList | undefined => {
    const item = get(key);
    return item ? parseStoredList(item) : undefined;
  };

  const article = articleId ? get(catalogKey(site, articleId)) : undefined;
  const section = sectionParam ?? (typeof article?.section === 'string' ? article.section : undefined);
  let latestInSection = sectionParam ? list(listKey(site, 'latest', sectionParam)) : undefined;
  if (!sectionParam && section) {
    // The page did not say its section (widgets.js always does): one more read, now that it is known.
    const extra = await readItems([listKey(site, 'latest', section)]);
    readUnits += extra.readUnits;
    latestInSection = extra.items[0] ? parseStoredList(extra.items[0]) : undefined;
  }
  const sources = {
    related: articleId ? list(relatedKey(site, articleId)) : undefined,
    latestInSection,
    latest: list(listKey(site, 'latest', undefined)),
    popularNow: list(listKey(site, 'popular-now', undefined)),
    weeklyBest: list(listKey(site, 'weekly-best', undefined)),
    mustReads: list(listKey(site, 'must-reads', undefined)),
  };
  const related = sources.related;
  const lists: WidgetSources = {};
  const versions: Record<string, string | null> = {};
  for (const [name, stored] of Object.entries(sources)) {
    lists[name as keyof WidgetSources] = stored?.items;
    versions[name] = stored?.version ?? null;
  }
  return { section, lists, versions, readUnits, inCatalog: article !== undefined, related };
}
