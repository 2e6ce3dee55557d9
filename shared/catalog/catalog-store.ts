import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { catalogKey, catalogPartition } from '../keys.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { ARTICLE_SOURCES, type Article, type ArticleSource, type CatalogArticle } from './article.ts';

/**
 * Writes an article's metadata unless a more trusted source already provided it. Returns whether it was
 * written. Idempotent: writing the same article again from the same source just refreshes it.
 */
export async function upsertArticle(db: Db, site: string, article: Article, source: ArticleSource, now: Date): Promise<boolean> {
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...catalogKey(site, article.articleId), ...article, source, trust: ARTICLE_SOURCES[source], updatedAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk) OR trust <= :trust',
        ExpressionAttributeValues: { ':trust': ARTICLE_SOURCES[source] },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export async function getArticle(db: Db, site: string, articleId: string): Promise<CatalogArticle | undefined> {
  const result = await db.client.send(new GetCommand({ TableName: db.tableName, Key: catalogKey(site, articleId) }));
  return result.Item ? toArticle(result.Item) : undefined;
}

/** Every catalog article of a site (one partition, paginated Query). */
export async function readCatalog(db: Db, site: string): Promise<{ articles: CatalogArticle[]; readUnits: number }> {
  const { items, readUnits } = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': catalogPartition(site) },
  });
  return { articles: items.map(toArticle), readUnits };
}

function toArticle(item: Record<string, unknown>): CatalogArticle {
  return {
    articleId: String(item.articleId),
    title: String(item.title),
    url: String(item.url),
    section: item.section === undefined ? undefined : String(item.section),
    tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
    publishedAt: String(item.publishedAt),
    image: item.image === undefined ? undefined : String(item.image),
    source: item.source as ArticleSource,
    updatedAt: String(item.updatedAt),
  };
}
