import type { CatalogArticle } from '../catalog/article.ts';
import type { ListItem } from '../lists/list-item.ts';

/** Every list entry carries the parts of its score, so a list can be explained. */
export interface RankedItem {
  articleId: string;
  score: number;
  parts: Record<string, number | boolean | string>;
}

/** A list entry as stored and served: the ranked item plus the catalog metadata a page renders. */
export function toListItem(item: RankedItem, article: CatalogArticle): ListItem {
  // A loop, not Object.entries/fromEntries: a big site decorates hundreds of thousands of related entries a run.
  const parts: RankedItem['parts'] = {};
  for (const key in item.parts) {
    const value = item.parts[key]!;
    parts[key] = typeof value === 'number' ? round(value) : value;
  }
  return {
    articleId: item.articleId,
    title: article.title,
    url: article.url,
    section: article.section,
    image: article.image,
    publishedAt: article.publishedAt,
    score: round(item.score),
    parts,
  };
}

/** The first `limit` items, with the catalog metadata a page renders. */
export function decorate(items: RankedItem[], catalog: Map<string, CatalogArticle>, limit: number): ListItem[] {
  return items.slice(0, limit).map((item) => toListItem(item, catalog.get(item.articleId)!));
}

/** Highest score first; ties broken by id so that two runs give the same order. */
export function byScore(a: RankedItem, b: RankedItem): number {
  return b.score - a.score || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
