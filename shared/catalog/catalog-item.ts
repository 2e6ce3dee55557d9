import type { GetCommandInput, PutCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';
import { ARTICLE_SOURCES, type Article, type ArticleSource, type CatalogArticle } from './article.ts';

/**
 * A catalog article: one partition per site, so the rank job reads the catalog with one paginated Query.
 *
 *   pk CATALOG#{site}   sk {articleId}   the Article's fields, source, trust (admin 3, feed 2, beacon 1), updatedAt
 *   pk CATALOG#{site}   sk ~touched      touch: a random token, replaced by every write to the catalog or pins
 *
 * The touch token lets the rank job tell, with one read, whether the catalog or the pins changed since its last
 * run. Its sort key sorts after every article id (they start with a letter or digit), so the catalog's Query
 * stops before it.
 */
const TOUCHED = '~touched';
function catalogPartition(site: string): string {
  return `${PARTITIONS.catalog}${site}`;
}

export function catalogKey(site: string, articleId: string): Key {
  return { pk: catalogPartition(site), sk: articleId };
}

/**
 * Writes an article's metadata unless a more trusted source already provided it (ConditionalCheckFailed):
 * `trust` makes "never overwrite a more trusted source" one condition.
 */
export function putArticleInput(table: string, site: string, article: Article, source: ArticleSource, now: Date): PutCommandInput {
  return {
    TableName: table,
    Item: { ...catalogKey(site, article.articleId), ...article, source, trust: ARTICLE_SOURCES[source], updatedAt: now.toISOString() },
    ConditionExpression: 'attribute_not_exists(pk) OR trust <= :trust',
    ExpressionAttributeValues: { ':trust': ARTICLE_SOURCES[source] },
  };
}

/**
 * Gives a catalogued article the section a page declares, only while it has none: a feed says nothing about
 * sections unless the site's rules name one, and a page's `article:section` is better than none.
 */
export function fillSectionInput(table: string, site: string, articleId: string, section: string): UpdateCommandInput {
  return {
    TableName: table,
    Key: catalogKey(site, articleId),
    UpdateExpression: 'SET #section = :section',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#section)',
    ExpressionAttributeNames: { '#section': 'section' },
    ExpressionAttributeValues: { ':section': section },
  };
}

export function getArticleInput(table: string, site: string, articleId: string): GetCommandInput {
  return { TableName: table, Key: catalogKey(site, articleId) };
}

/** The whole catalog of a site (paginate with queryAll). */
export function catalogQueryInput(table: string, site: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk < :touched',
    ExpressionAttributeValues: { ':pk': catalogPartition(site), ':touched': TOUCHED },
  };
}

/** Replaces the site's touch token: a write to the catalog or the pins happened. */
export function touchCatalogInput(table: string, site: string, token: string): PutCommandInput {
  return { TableName: table, Item: { pk: catalogPartition(site), sk: TOUCHED, touch: token } };
}

export function getCatalogTouchInput(table: string, site: string): GetCommandInput {
  return { TableName: table, Key: { pk: catalogPartition(site), sk: TOUCHED }, ReturnConsumedCapacity: 'TOTAL' };
}

/** A catalog item read back. */
export function toCatalogArticle(item: Record<string, unknown>): CatalogArticle {
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
