import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TestTable } from './test-table.ts';

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'ExecuteStatementCommand',
  'BatchExecuteStatementCommand',
  'ExecuteTransactionCommand',
]);

/**
 * Counts the write commands a client sends (it still sends them, to the real DynamoDB Local: this only
 * watches). A rejected request must not even try to write, which a table snapshot alone cannot tell when a
 * write was undone afterwards.
 */
export function watchWrites(client: DynamoDBDocumentClient): { count(): number; names: string[] } {
  const names: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName && WRITE_COMMANDS.has(context.commandName)) names.push(context.commandName);
      return next(args);
    },
    { step: 'initialize', name: 'newspulseTestWatchWrites' },
  );
  return { count: () => names.length, names };
}

/**
 * Every item of the test table, in a stable order, as one string: compare two to see that nothing changed.
 * Items whose TTL (`expiresAt`) passes within the next 15 minutes are left out: DynamoDB Local 3.x deletes
 * expired items in the background (within seconds, unlike what docs/toolchain notes say), which no request did.
 */
export async function tableSnapshot(table: TestTable): Promise<string> {
  const soon = Date.now() / 1000 + 15 * 60;
  const items = (await table.items()).filter((item) => !(typeof item.expiresAt === 'number' && item.expiresAt < soon));
  return items.map(stableJson).sort().join('\n');
}

function stableJson(value: unknown): string {
  if (value instanceof Set) return `set${stableJson([...value].sort())}`;
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('base64')}`;
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
