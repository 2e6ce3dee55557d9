import type { CatalogArticle } from '../../catalog/article.ts';
import { HOUR_MS } from '../../time.ts';
import { byScore, type RankedItem } from '../ranked-item.ts';

/** Latest Stories: newest first by publish time; articles dated after `at` are not out yet. */
export function rankLatest(catalog: Map<string, CatalogArticle>, at: number): RankedItem[] {
  const out: RankedItem[] = [];
  for (const article of catalog.values()) {
    const published = Date.parse(article.publishedAt);
    if (published > at) continue;
    const ageHours = (at - published) / HOUR_MS;
    out.push({ articleId: article.articleId, score: -ageHours, parts: { ageHours } });
  }
  return out.sort(byScore);
}
