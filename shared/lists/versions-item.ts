import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';
import type { WriteRequest } from '../store/transact-write.ts';

/**
 * What the rank job last wrote, per group (`lists`, `related`, `stats`): id → content hash, in chunks; and the
 * rewrite marker of a run that is overwriting items (see written-versions.ts).
 *
 *   versions         pk VERSIONS#{site}   sk {group}#{n, 4 digits}             versions: {id: hash}
 *   rewrite marker   pk VERSIONS#{site}   sk {group}#rewriting#{n, 4 digits}   rewriting: [id]
 */

/** Ids per chunk item (an id and a 16-character hash each: far below the 400 KB item limit). */
const CHUNK = 4000;

function versionsKey(site: string, part: string): Key {
  return { pk: `${PARTITIONS.versions}${site}`, sk: part };
}

function pendingKey(site: string, group: string, i: number): Key {
  return versionsKey(site, `${group}#rewriting#${String(i).padStart(4, '0')}`);
}

/** Every versions and marker item of a group (paginate with queryAll). */
export function versionsQueryInput(table: string, site: string, group: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': versionsKey(site, '').pk, ':prefix': `${group}#` },
  };
}

/** The PutRequests that record a group's versions (all of them, in sorted chunks). */
export function versionsPuts(site: string, group: string, versions: Record<string, string>): WriteRequest[] {
  const ids = Object.keys(versions).sort();
  return (ids.length ? chunks(ids) : [[]]).map((chunk, i) => ({
    PutRequest: { Item: { ...versionsKey(site, `${group}#${String(i).padStart(4, '0')}`), versions: Object.fromEntries(chunk.map((id) => [id, versions[id]])) } },
  }));
}

/** The PutRequests of a rewrite marker naming these ids. */
export function pendingPuts(site: string, group: string, ids: string[]): WriteRequest[] {
  return chunks(ids).map((chunk, i) => ({ PutRequest: { Item: { ...pendingKey(site, group, i), rewriting: chunk } } }));
}

/** The DeleteRequests that remove a rewrite marker of `count` chunks. */
export function pendingDeletes(site: string, group: string, count: number): WriteRequest[] {
  return Array.from({ length: count }, (_, i) => ({ DeleteRequest: { Key: pendingKey(site, group, i) } }));
}

/** Reads a group's items back: the versions, with the ids of any rewrite marker taken out, and the marker's size. */
export function toWrittenVersions(items: Record<string, unknown>[]): { versions: Record<string, string>; pendingChunks: number } {
  const versions: Record<string, string> = {};
  const pending: string[] = [];
  let pendingChunks = 0;
  for (const item of items) {
    if (Array.isArray(item.rewriting)) {
      pending.push(...(item.rewriting as string[]));
      pendingChunks++;
    } else Object.assign(versions, item.versions);
  }
  for (const id of pending) delete versions[id];
  return { versions, pendingChunks };
}

function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(ids.slice(i, i + CHUNK));
  return out;
}
