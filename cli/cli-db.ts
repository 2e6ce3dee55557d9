import type { Command } from 'commander';
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
 * The table the CLI talks to: local DynamoDB by default (the one `npm start` runs), AWS with `--aws`.
 * Against a local endpoint the table is created when missing, so a fresh checkout just works.
 */
export async function openDb(options: StoreOptions): Promise<Db> {
  const settings = config();
  const endpoint = options.aws ? undefined : (options.endpoint ?? settings.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${settings.DYNAMODB_PORT}`);
  const db = connectDb({ endpoint, tableName: options.table ?? settings.NEWSPULSE_TABLE, region: settings.AWS_REGION });
  if (endpoint) {
    try {
      await ensureTable(db.client, db.tableName);
    } catch (error) {
      throw new Error(`cannot reach DynamoDB at ${endpoint} (${(error as Error).message}): start it with "npm start", or pass --endpoint or --aws`);
    }
  }
  return db;
}
