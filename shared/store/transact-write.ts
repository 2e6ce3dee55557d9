import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';

/** A BatchWriteItem-shaped request: what the item modules build, for a batch or a transaction alike. */
export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const TRANSACTION_ITEMS = 100;

/** One TransactWriteItems of BatchWriteItem-shaped requests: all applied, or none. Returns write units. */
export async function transactWrite(db: Db, requests: WriteRequest[]): Promise<number> {
  const result = await db.client.send(
    new TransactWriteCommand({
      TransactItems: requests.map((r) =>
        'PutRequest' in r ? { Put: { TableName: db.tableName, Item: r.PutRequest.Item } } : { Delete: { TableName: db.tableName, Key: r.DeleteRequest.Key } },
      ),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}
