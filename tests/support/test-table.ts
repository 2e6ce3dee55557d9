import { DeleteTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../shared/store/dynamo-client.ts';
import { ensureTable } from '../../shared/store/ensure-table.ts';
import { tableDefinition } from '../../shared/store/table-definition.ts';

export interface TestTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  endpoint: string;
  /** Every item in the table (tests only: the service itself never scans). */
  items(): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** A fresh table `t-<uuid>` in the shared DynamoDB Local, so test files run in parallel without interfering. */
export async function createTestTable(options: { deleteExpired?: boolean } = {}): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const client = createDocumentClient({ endpoint, region: 'us-east-1' });
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  // DynamoDB Local 3.x deletes items whose TTL has passed within seconds (older versions never did). Tests run
  // clocks of fixed past dates, whose dedup markers and trails would vanish mid-test; the code never relies on
  // the deletion (readers skip expired items themselves), so test tables keep everything.
  // `deleteExpired` keeps the deletion on, as npm start and AWS run it, for tests of what survives it.
  if (!options.deleteExpired) await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: false } }));
  return {
    client,
    tableName,
    endpoint,
    items: () => scanAll(client, tableName),
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}

/** Every item of a table, page after page (tests only: the service itself never scans). */
export async function scanAll(client: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    all.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return all;
}
