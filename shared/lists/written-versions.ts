import { versionsKey } from '../keys.ts';
import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';

/** Ids per chunk item (an id and a 16-character hash each: far below the 400 KB item limit). */
const CHUNK = 4000;

export interface WrittenVersions {
  /** id → content hash of what the item holds now, for every item a completed run vouches for. */
  versions: Record<string, string>;
  /** Chunk items of a rewrite marker a killed run left behind (removed by the next rewriteItems or lists transaction). */
  pendingChunks: number;
  readUnits: number;
}

/**
 * What the rank job last wrote, per group (`lists`, `related`, `stats`): id → content hash. A run writes only
 * the items whose hash changed, then records the new hashes. Before it overwrites items it marks their ids
 * as being rewritten (rewriteItems): a run that dies midway leaves every item old or new, and the marked
 * ids are not trusted by the next run, which rewrites them even when it computes their old content again
 * (a replay of an earlier hour, a list that changes back).
 */
export async function readWrittenVersions(db: Db, site: string, group: string): Promise<WrittenVersions> {
  const { items, readUnits } = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': versionsKey(site, '').pk, ':prefix': `${group}#` },
  });
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
  return { versions, pendingChunks, readUnits };
}

/**
 * Overwrites the items with these ids the way a killed run cannot leave untrustworthy: their ids first, in a
 * rewrite marker; then `write` (which returns its write units); then the group's versions (`next`, every id
 * the group now vouches for); then the marker goes, with any a killed run left (`known.pendingChunks`).
 * Returns write units.
 */
export async function rewriteItems(
  db: Db,
  site: string,
  group: string,
  known: WrittenVersions,
  ids: string[],
  next: Record<string, string>,
  write: () => Promise<number>,
): Promise<number> {
  const marker = chunks(ids).map((chunk, i) => ({ PutRequest: { Item: { ...pendingKey(site, group, i), rewriting: chunk } } }));
  let units = await batchWrite(db, marker);
  units += await write();
  units += await batchWrite(db, versionsPuts(site, group, next));
  return units + (await batchWrite(db, pendingDeletes(site, group, Math.max(marker.length, known.pendingChunks))));
}

/** The PutRequests that record a group's versions (all of them, in sorted chunks). */
export function versionsPuts(site: string, group: string, versions: Record<string, string>) {
  const ids = Object.keys(versions).sort();
  return (ids.length ? chunks(ids) : [[]]).map((chunk, i) => ({
    PutRequest: { Item: { ...versionsKey(site, `${group}#${String(i).padStart(4, '0')}`), versions: Object.fromEntries(chunk.map((id) => [id, versions[id]])) } },
  }));
}

/** The DeleteRequests that remove a rewrite marker of `count` chunks. */
export function pendingDeletes(site: string, group: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({ DeleteRequest: { Key: pendingKey(site, group, i) } }));
}

function pendingKey(site: string, group: string, i: number) {
  return versionsKey(site, `${group}#rewriting#${String(i).padStart(4, '0')}`);
}

function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(ids.slice(i, i + CHUNK));
  return out;
}
