import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { isConditionFailed } from '../store/store-errors.ts';
import type { Article, ArticleSource, CatalogArticle } from './article.ts';
import { catalogQueryInput, fillSectionInput, getArticleInput, getCatalogTouchInput, putArticleInput, toCatalogArticle, touchCatalogInput } from './catalog-item.ts';

/**
 * Writes an article's metadata unless a more trusted source already provided it. Returns whether it was
 * written. Idempotent: writing the same article again from the same source just refreshes it.
 */
export async function upsertArticle(db: Db, site: string, article: Article, source: ArticleSource, now: Date): Promise<boolean> {
  try {
    await db.client.send(new PutCommand(putArticleInput(db.tableName, site, article, source, now)));
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
  await touchCatalog(db, site);
  return true;
}

/** A page's section for an article that has none yet (catalog-item.ts fillSectionInput); whether it was written. */
export async function fillSection(db: Db, site: string, articleId: string, section: string): Promise<boolean> {
  try {
    await db.client.send(new UpdateCommand(fillSectionInput(db.tableName, site, articleId, section)));
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
  await touchCatalog(db, site);
  return true;
}

/**
 * Tells the rank job that the catalog or the pins changed (a new token: see catalog-item.ts), so its next run
 * ranks even when no reader came since the last one.
 */
export async function touchCatalog(db: Db, site: string): Promise<void> {
  await db.client.send(new PutCommand(touchCatalogInput(db.tableName, site, randomUUID())));
}

/** The catalog's touch token, and the read units of asking. */
export async function readCatalogTouch(db: Db, site: string): Promise<{ token: string | undefined; readUnits: number }> {
  const result = await db.client.send(new GetCommand(getCatalogTouchInput(db.tableName, site)));
  return { token: typeof result.Item?.touch === 'string' ? result.Item.touch : undefined, readUnits: result.ConsumedCapacity?.CapacityUnits ?? 0 };
}

export async function getArticle(db: Db, site: string, articleId: string): Promise<CatalogArticle | undefined> {
  const result = await db.client.send(new GetCommand(getArticleInput(db.tableName, site, articleId)));
  return result.Item ? toCatalogArticle(result.Item) : undefined;
}

/** Every catalog article of a site (one partition, paginated Query). */
export async function readCatalog(db: Db, site: string): Promise<{ articles: CatalogArticle[]; readUnits: number }> {
  const { items, readUnits } = await queryAll(db, catalogQueryInput(db.tableName, site));
  return { articles: items.map(toCatalogArticle), readUnits };
}
