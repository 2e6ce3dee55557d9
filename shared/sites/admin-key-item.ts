import type { GetCommandInput, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';

/**
 * A site's admin key, as its hash, apart from the site item: every function reads sites (origins, settings),
 * but only the admin function and ingest (server-side beacon senders authenticate with the key) may read
 * these (infra/table-access.ts), so the read function cannot see a key hash at all.
 *
 *   pk ADMINKEY#{site}   sk key   hash (SHA-256 hex of the key), createdAt
 */
export function adminKeyKey(site: string): Key {
  return { pk: `${PARTITIONS.adminKeys}${site}`, sk: 'key' };
}

export function putAdminKeyInput(table: string, site: string, hash: string, now: Date): PutCommandInput {
  return { TableName: table, Item: { ...adminKeyKey(site), hash, createdAt: now.toISOString() } };
}

export function getAdminKeyInput(table: string, site: string): GetCommandInput {
  return { TableName: table, Key: adminKeyKey(site), ConsistentRead: true };
}
