import { describe, expect, it } from 'vitest';
import type { CatalogArticle } from '../../../shared/catalog/article.ts';
import { parseRankSettings } from '../../../shared/rank/rank-settings.ts';
import { rankLatest } from '../../../shared/rank/rankers/latest.ts';
import { rankMustReads } from '../../../shared/rank/rankers/must-reads.ts';
import { rankPopularNow } from '../../../shared/rank/rankers/popular-now.ts';
import { rankRelated } from '../../../shared/rank/rankers/related.ts';
import type { WindowStats } from '../../../shared/window/window-stats.ts';

const AT = Date.parse('2026-11-28T12:00:00Z');
const settings = parseRankSettings({});

function article(articleId: string, hoursAgo: number, section = 'world', tags: string[] = [], title = `Story ${articleId}`): CatalogArticle {
  return { articleId, title, url: `https://news.example/${articleId}`, section, tags, publishedAt: new Date(AT - hoursAgo * 3_600_000).toISOString(), source: 'admin', updatedAt: '' };
}
function catalogOf(...articles: CatalogArticle[]) {
  return new Map(articles.map((a) => [a.articleId, a]));
}
function stats(partial: Partial<WindowStats>): WindowStats {
  return { weeklyViews: new Map(), recentViews: new Map(), decayedViews: new Map(), engagement: new Map(), coReads: new Map(), ...partial };
}

describe('Popular Now', () => {
  it('ranks by decayed views, drops articles under the floor, too old or unknown to the catalog', () => {
    const s = stats({
      decayedViews: new Map([['hot', 50], ['warm', 20], ['rare', 2], ['old', 90], ['ghost', 99]]),
      recentViews: new Map([['hot', 60], ['warm', 80], ['rare', 2], ['old', 100], ['ghost', 100]]),
    });
    const ranked = rankPopularNow(s, catalogOf(article('hot', 1), article('warm', 5), article('rare', 1), article('old', 72)), AT, settings.popularNow);
    expect(ranked.map((r) => r.articleId)).toEqual(['hot', 'warm']);
    expect(ranked[0]!.parts).toMatchObject({ decayedViews: 50, views: 60 });
  });
});

describe('Must-Reads', () => {
  it('shrinks toward the site average so a handful of long reads cannot win, and puts pins first', () => {
    const s = stats({
      engagement: new Map<string, [number, number, number]>([
        ['few-long', [3, 3 * 500, 3 * 1]], // 3 page views, 500 s each
        ['many-good', [300, 300 * 200, 300 * 0.9]], // 300 page views, 200 s each
        ['many-poor', [400, 400 * 20, 400 * 0.2]],
      ]),
    });
    const catalog = catalogOf(article('few-long', 5), article('many-good', 5), article('many-poor', 5), article('pinned', 100));
    const ranked = rankMustReads(s, catalog, [{ articleId: 'pinned', until: '2026-12-01T00:00:00Z', createdAt: '2026-11-27T00:00:00Z' }], AT, settings.mustReads);
    expect(ranked.map((r) => r.articleId)).toEqual(['pinned', 'many-good', 'few-long', 'many-poor']);
    expect(ranked[0]!.parts.pinned).toBe(true);
  });
});

describe('Latest', () => {
  it('orders by publish time and hides articles dated after the ranking time', () => {
    const ranked = rankLatest(catalogOf(article('older', 5), article('newer', 1), article('future', -2)), AT);
    expect(ranked.map((r) => r.articleId)).toEqual(['newer', 'older']);
  });
});

describe('You May Also Like', () => {
  const catalog = catalogOf(
    article('target', 10, 'asia', ['china', 'trade'], 'China trade talks resume'),
    article('coread', 20, 'business', ['markets'], 'Markets rally'),
    article('popular', 2, 'sport', ['football'], 'Cup final tonight'),
    article('sibling', 30, 'asia', ['china'], 'China exports climb on trade'),
    article('fresh', 1, 'asia', [], 'New story in Asia'),
  );

  it('prefers co-reads, damps merely popular articles, never recommends the article itself', () => {
    const s = stats({
      weeklyViews: new Map([['target', 100], ['coread', 40], ['popular', 5000], ['sibling', 10]]),
      coReads: new Map([
        ['target', new Map([['coread', 30], ['popular', 40]])],
        ['coread', new Map([['target', 30]])],
        ['popular', new Map([['target', 40]])],
      ]),
    });
    const related = new Map(rankRelated(s, catalog, AT, settings.related)).get('target')!;
    expect(related[0]!.articleId).toBe('coread');
    const ids = related.map((r) => r.articleId);
    expect(ids).not.toContain('target');
    expect(ids.indexOf('popular')).toBeGreaterThan(ids.indexOf('coread'));
    expect(related[0]!.parts).toHaveProperty('coRead', 1);
  });

  it('gives a brand-new article with no reads related stories from its section', () => {
    const related = new Map(rankRelated(stats({}), catalog, AT, settings.related)).get('fresh')!;
    expect(related.map((r) => r.articleId).slice(0, 2).sort()).toEqual(['sibling', 'target']);
  });
});
