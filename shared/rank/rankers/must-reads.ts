import type { CatalogArticle } from '../../catalog/article.ts';
import { DAY_MS } from '../../time.ts';
import type { RankSettings } from '../rank-settings.ts';
import { byScore, type RankedItem } from '../ranked-item.ts';
import type { WindowStats } from '../../window/window-stats.ts';

export interface ActivePin {
  articleId: string;
  until: string;
  createdAt: string;
}

/** How much engaged time and completion weigh in reading quality. */
const TIME_WEIGHT = 0.7;
const COMPLETION_WEIGHT = 0.3;

/**
 * Must-Reads: reading quality, i.e. engaged seconds and scroll completion per page view, each shrunk toward
 * the site's average with `priorViews` pseudo-views (a Bayesian average), so three long reads cannot beat
 * three hundred. Quality is relative to the site average (1 = average). Active editorial pins come first.
 */
export function rankMustReads(
  stats: WindowStats,
  catalog: Map<string, CatalogArticle>,
  pins: ActivePin[],
  at: number,
  settings: RankSettings['mustReads'],
): RankedItem[] {
  let totalViews = 0;
  let totalSeconds = 0;
  let totalDepth = 0;
  for (const [n, s, d] of stats.engagement.values()) {
    totalViews += n;
    totalSeconds += s;
    totalDepth += d;
  }
  const siteSeconds = totalViews ? totalSeconds / totalViews : 0;
  const siteDepth = totalViews ? totalDepth / totalViews : 0;

  const pinned = pins
    .filter((pin) => catalog.has(pin.articleId))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .map((pin, i): RankedItem => ({ articleId: pin.articleId, score: 1_000_000 - i, parts: { pinned: true, until: pin.until } }));
  const pinnedIds = new Set(pinned.map((p) => p.articleId));

  const ranked: RankedItem[] = [];
  if (siteSeconds > 0) {
    for (const [articleId, [n, s, d]] of stats.engagement) {
      const article = catalog.get(articleId);
      if (!article || pinnedIds.has(articleId) || n < settings.minEngagedViews) continue;
      const age = at - Date.parse(article.publishedAt);
      if (age < 0 || age > settings.maxArticleAgeDays * DAY_MS) continue;
      const prior = settings.priorViews;
      const seconds = (s + prior * siteSeconds) / (n + prior);
      const completion = (d + prior * siteDepth) / (n + prior);
      const timeScore = seconds / siteSeconds;
      const completionScore = siteDepth > 0 ? completion / siteDepth : 1;
      const quality = TIME_WEIGHT * timeScore + COMPLETION_WEIGHT * completionScore;
      ranked.push({
        articleId,
        score: quality,
        parts: { engagedViews: n, avgSeconds: s / n, avgScrollDepth: d / n, shrunkSeconds: seconds, shrunkCompletion: completion, siteAvgSeconds: siteSeconds },
      });
    }
  }
  return [...pinned, ...ranked.sort(byScore)];
}
