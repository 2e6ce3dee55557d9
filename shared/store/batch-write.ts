import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { forEachLimited } from '../concurrency.ts';
import type { Db } from './db.ts';
import type { WriteRequest } from './transact-write.ts';

/**
 * Batches in flight at once. A rank run of a big site writes thousands of related items: one batch after the
 * other, its write phase is round trips end to end; a few in flight keep the connection busy without
 * inviting throttling (each batch still retries its unprocessed items with backoff).
 */
const IN_FLIGHT = 4;

/** BatchWriteItem in groups of 25, a few groups at a time, retrying unprocessed items with backoff. Returns write units. */
export async function batchWrite(db: Db, requests: WriteRequest[]): Promise<number> {
  const groups: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) groups.push(requests.slice(i, i + 25));
  let units = 0;
  await forEachLimited(groups, IN_FLIGHT, async (group) => {
    let pending: WriteRequest[] | undefined = group;
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      const result: BatchWriteCommandOutput = await db.client.send(
        new BatchWriteCommand({ RequestItems: { [db.tableName]: pending as never }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      units += (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      pending = result.UnprocessedItems?.[db.tableName] as WriteRequest[] | undefined;
    }
  });
  return units;
}
