import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';

/**
 * Every item of one Query (built by an item module, TableName included), following LastEvaluatedKey, with the
 * read units it cost. The only way the service reads many items: always one partition, never a Scan.
 */
export async function queryAll(
  db: Db,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'ReturnConsumedCapacity'>,
): Promise<{ items: Record<string, unknown>[]; readUnits: number }> {
  const items: Record<string, unknown>[] = [];
  let readUnits = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, ReturnConsumedCapacity: 'TOTAL' }));
    readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, readUnits };
}
