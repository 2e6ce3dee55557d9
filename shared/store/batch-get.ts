import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Key } from './partitions.ts';
import type { Db } from './db.ts';

/**
 * The items at these keys: BatchGetItem in groups of 100, retrying unprocessed keys with backoff. Missing
 * items are simply absent from the result. Returns the read units it cost.
 */
export async function batchGetAll(
  db: Db,
  keys: Key[],
  projection?: string,
): Promise<{ items: Record<string, unknown>[]; readUnits: number }> {
  const items: Record<string, unknown>[] = [];
  let readUnits = 0;
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100).map((key) => ({ pk: key.pk, sk: key.sk }));
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept keys unprocessed after 8 retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const result: BatchGetCommandOutput = await db.client.send(
        new BatchGetCommand({
          RequestItems: { [db.tableName]: { Keys: pending, ...(projection ? { ProjectionExpression: projection } : {}) } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      readUnits += (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      items.push(...(result.Responses?.[db.tableName] ?? []));
      pending = result.UnprocessedKeys?.[db.tableName]?.Keys;
    }
  }
  return { items, readUnits };
}
