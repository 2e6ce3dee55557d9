import type { CatalogArticle } from '../../catalog/article.ts';
import { HOUR_MS } from '../../time.ts';
import type { RankSettings } from '../rank-settings.ts';
import { byScore, type RankedItem } from '../ranked-item.ts';
import type { WindowStats } from '../../window/window-stats.ts';

/**
 * Popular Now: views weighted by their age, 2^(-age / half-life), so what is read this hour beats what was
 * read this morning. Needs `minViews` views in the window; articles older than `maxArticleAgeHours` are out.
 */
export function rankPopularNow(stats: WindowStats, catalog: Map<string, CatalogArticle>, at: number, settings: RankSettings['popularNow']): RankedItem[] {
  const out: RankedItem[] = [];
  for (const [articleId, decayed] of stats.decayedViews) {
    const article = catalog.get(articleId);
    if (!article) continue;
    const views = stats.recentViews.get(articleId) ?? 0;
    const ageHours = (at - Date.parse(article.publishedAt)) / HOUR_MS;
    if (views < settings.minViews || ageHours > settings.maxArticleAgeHours || ageHours < 0) continue;
    out.push({ articleId, score: decayed, parts: { decayedViews: decayed, views, ageHours, halfLifeMinutes: settings.halfLifeMinutes } });
  }
  return out.sort(byScore);
}
