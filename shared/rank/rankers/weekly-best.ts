import type { CatalogArticle } from '../../catalog/article.ts';
import type { RankSettings } from '../rank-settings.ts';
import { byScore, type RankedItem } from '../ranked-item.ts';
import type { WindowStats } from '../../window/window-stats.ts';

/** Weekly Best: counted views in the trailing `days` days. */
export function rankWeeklyBest(stats: WindowStats, catalog: Map<string, CatalogArticle>, at: number, settings: RankSettings['weeklyBest']): RankedItem[] {
  const out: RankedItem[] = [];
  for (const [articleId, views] of stats.weeklyViews) {
    const article = catalog.get(articleId);
    if (!article || Date.parse(article.publishedAt) > at) continue;
    out.push({ articleId, score: views, parts: { views, days: settings.days } });
  }
  return out.sort(byScore);
}
