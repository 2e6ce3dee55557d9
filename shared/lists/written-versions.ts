import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { pendingDeletes, pendingPuts, toWrittenVersions, versionsPuts, versionsQueryInput } from './versions-item.ts';

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
  const { items, readUnits } = await queryAll(db, versionsQueryInput(db.tableName, site, group));
  return { ...toWrittenVersions(items), readUnits };
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
  const marker = pendingPuts(site, group, ids);
  let units = await batchWrite(db, marker);
  units += await write();
  units += await batchWrite(db, versionsPuts(site, group, next));
  return units + (await batchWrite(db, pendingDeletes(site, group, Math.max(marker.length, known.pendingChunks))));
}
