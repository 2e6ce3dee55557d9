import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { pinKey, pinPartition } from '../keys.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { DAY_MS, toEpochSeconds } from '../time.ts';

/** An editorial pin: the article leads Must-Reads until `until`. */
export interface Pin {
  articleId: string;
  until: string;
  note?: string;
  createdAt: string;
}

export async function putPin(db: Db, site: string, pin: { articleId: string; until: string; note?: string }, now: Date): Promise<void> {
  const until = new Date(pin.until).toISOString();
  await db.client.send(
    new PutCommand({
      TableName: db.tableName,
      Item: {
        ...pinKey(site, pin.articleId),
        articleId: pin.articleId,
        until,
        ...(pin.note ? { note: pin.note } : {}),
        createdAt: now.toISOString(),
        // Kept a day past expiry so that a replay (`rank --at`) of the last day still sees it.
        expiresAt: toEpochSeconds(Date.parse(until) + DAY_MS),
      },
    }),
  );
}

export async function removePin(db: Db, site: string, articleId: string): Promise<boolean> {
  const result = await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: pinKey(site, articleId), ReturnValues: 'ALL_OLD' }));
  return result.Attributes !== undefined;
}

/** Every pin of a site, expired ones included: the rank job filters by its own `at`, so replays work. */
export async function readPins(db: Db, site: string): Promise<Pin[]> {
  const { items } = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pinPartition(site) } });
  return items.map((item) => ({
    articleId: String(item.articleId),
    until: String(item.until),
    ...(item.note ? { note: String(item.note) } : {}),
    createdAt: String(item.createdAt),
  }));
}
