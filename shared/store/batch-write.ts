import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';

/** BatchWriteItem in groups of 25, retrying unprocessed items with backoff. Returns write units. */
export async function batchWrite(db: Db, requests: Record<string, unknown>[]): Promise<number> {
  let units = 0;
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      const result: BatchWriteCommandOutput = await db.client.send(
        new BatchWriteCommand({ RequestItems: { [db.tableName]: pending as never }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      units += (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      pending = result.UnprocessedItems?.[db.tableName] as Record<string, unknown>[] | undefined;
    }
  }
  return units;
}
