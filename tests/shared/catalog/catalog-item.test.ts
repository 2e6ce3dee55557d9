import { describe, expect, it } from 'vitest';
import type { Article } from '../../../shared/catalog/article.ts';
import { catalogQueryInput, putArticleInput, toCatalogArticle } from '../../../shared/catalog/catalog-item.ts';

const article: Article = { articleId: 'story-1', title: 'Harbour reopens', url: 'https://daily.example/story-1', section: 'city', tags: ['port'], publishedAt: '2026-11-28T09:00:00.000Z' };
const now = new Date('2026-11-28T12:00:00Z');

describe('catalog items', () => {
  it('never overwrite a more trusted source: one condition on the stored trust', () => {
    const feed = putArticleInput('t', 'daily', article, 'feed', now);
    expect(feed.Item).toEqual({ pk: 'CATALOG#daily', sk: 'story-1', ...article, source: 'feed', trust: 2, updatedAt: now.toISOString() });
    expect(feed.ConditionExpression).toBe('attribute_not_exists(pk) OR trust <= :trust');
    expect(feed.ExpressionAttributeValues).toEqual({ ':trust': 2 });
    expect(putArticleInput('t', 'daily', article, 'admin', now).ExpressionAttributeValues).toEqual({ ':trust': 3 });
    expect(putArticleInput('t', 'daily', article, 'beacon', now).ExpressionAttributeValues).toEqual({ ':trust': 1 });
  });

  it('are read whole per site with one Query', () => {
    // The touch token's item sorts after every article id: the catalog's Query stops before it.
    expect(catalogQueryInput('t', 'daily')).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk AND sk < :touched',
      ExpressionAttributeValues: { ':pk': 'CATALOG#daily', ':touched': '~touched' },
    });
  });

  it('read back as written', () => {
    const { Item } = putArticleInput('t', 'daily', article, 'feed', now);
    expect(toCatalogArticle(Item!)).toEqual({ ...article, image: undefined, source: 'feed', updatedAt: now.toISOString() });
  });
});
