import { describe, expect, it } from 'vitest';
import type { CatalogArticle } from '../../../shared/catalog/article.ts';
import { ContentFeatures, titleTerms } from '../../../shared/rank/rankers/content-features.ts';

const article = (articleId: string, section: string | undefined, tags: string[], title: string): CatalogArticle => ({
  articleId, title, url: `https://news.example/${articleId}`, section, tags, publishedAt: '2026-11-28T10:00:00.000Z', source: 'admin', updatedAt: '',
});

const jaccard = (a: Set<string>, b: Set<string>) => (a.size === 0 || b.size === 0 ? 0 : [...a].filter((x) => b.has(x)).length / new Set([...a, ...b]).size);

describe('ContentFeatures', () => {
  const articles = [
    article('a', 'asia', ['china', 'trade'], 'China trade talks resume'),
    article('b', 'asia', ['china'], 'China exports climb on trade'),
    article('c', 'sport', ['trade', 'football'], 'Trade window talks'),
    article('d', undefined, [], 'The'),
    article('e', undefined, ['china'], 'Resume'),
  ];
  const features = new ContentFeatures(articles);

  it('is 0.4 same section + 0.4 tag Jaccard + 0.2 title-term Jaccard, against the focused article', () => {
    for (let a = 0; a < articles.length; a++) {
      features.focus(a);
      for (let b = 0; b < articles.length; b++) {
        const x = articles[a]!;
        const y = articles[b]!;
        const same = x.section !== undefined && x.section === y.section ? 1 : 0;
        const expected = 0.4 * same + 0.4 * jaccard(new Set(x.tags), new Set(y.tags)) + 0.2 * jaccard(titleTerms(x.title), titleTerms(y.title));
        expect(features.similarity(b)).toBeCloseTo(expected, 12);
        expect(features.similarity(b)).toBeLessThanOrEqual(ContentFeatures.bound(features.sameSection(b)));
      }
    }
  });

  it('never counts two articles without a section as the same section', () => {
    features.focus(3);
    expect(features.sameSection(4)).toBe(0);
  });
});
