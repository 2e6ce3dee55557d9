import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { config } from '../shared/config.ts';
import { connectDb } from '../shared/store/dynamo-client.ts';
import { ensureTable } from '../shared/store/ensure-table.ts';
import type { Db } from '../shared/store/db.ts';

export interface StoreOptions {
  aws?: boolean;
  endpoint?: string;
  table?: string;
}

/** Adds the options that pick the store, shared by every command that touches it. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--aws', 'use DynamoDB on AWS (the usual credential chain) instead of the local one')
    .option('--endpoint <url>', 'DynamoDB endpoint (default: DYNAMODB_ENDPOINT, else the local one npm start runs)')
    .option('--table <name>', 'table name (default: NEWSPULSE_TABLE, else "newspulse")');
}

/**
 * A table of its own beside the store's, for work that must not touch the store (`evaluate`), dropped after.
 * Local endpoints only: creating tables on AWS is not a side effect a command should have.
 */
export async function openScratchDb(options: StoreOptions, purpose: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  refuseAws(options, purpose);
  const db = await openDb(options, `newspulse-${purpose}-${randomUUID().slice(0, 8)}`);
  return { db, drop: async () => void (await db.client.send(new DeleteTableCommand({ TableName: db.tableName })).catch(() => undefined)) };
}

/** For commands that make a scratch table (openScratchDb): say so before doing anything else. */
export function refuseAws(options: StoreOptions, purpose: string): void {
  if (options.aws) throw new Error(`${purpose} runs on DynamoDB Local or --endpoint, not --aws: it creates and drops a table of its own`);
}

/**
 * The table the CLI talks to: local DynamoDB by default (the one `npm start` runs), AWS with `--aws`.
 * Against a local endpoint the table is created when missing, so a fresh checkout just works.
 */
export async function openDb(options: StoreOptions, tableName?: string): Promise<Db> {
  const settings = config();
  const endpoint = options.aws ? undefined : (options.endpoint ?? settings.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${settings.DYNAMODB_PORT}`);
  const db = connectDb({ endpoint, tableName: tableName ?? options.table ?? settings.NEWSPULSE_TABLE, region: settings.AWS_REGION });
  if (endpoint) {
    try {
      await ensureTable(db.client, db.tableName);
    } catch (error) {
      throw new Error(`cannot reach DynamoDB at ${endpoint} (${(error as Error).message}): start it with "npm start", or pass --endpoint or --aws`);
    }
  }
  return db;
}
