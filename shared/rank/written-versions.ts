import { versionsKey } from '../keys.ts';
import { batchWrite } from '../store/batch-write.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';

/** Versions per chunk item (an id and a 16-character hash each: far below the 400 KB item limit). */
const CHUNK = 4000;

/**
 * What the rank job last wrote, per group (`lists`, `related`, `stats`): id → content hash. A run writes only
 * the items whose hash changed, then records the new hashes. Items first, versions last: a run that dies
 * midway leaves every item old or new, and the next run rewrites whatever the versions do not vouch for.
 */
export async function readWrittenVersions(db: Db, site: string, group: string): Promise<{ versions: Record<string, string>; readUnits: number }> {
  const { items, readUnits } = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': versionsKey(site, '').pk, ':prefix': `${group}#` },
  });
  const versions: Record<string, string> = {};
  for (const item of items) Object.assign(versions, item.versions);
  return { versions, readUnits };
}

/** Records the versions of a group (all of them, in sorted chunks). Returns write units. */
export async function writeWrittenVersions(db: Db, site: string, group: string, versions: Record<string, string>): Promise<number> {
  const ids = Object.keys(versions).sort();
  const puts = [];
  for (let i = 0; i < Math.max(1, ids.length); i += CHUNK) {
    const chunk = Object.fromEntries(ids.slice(i, i + CHUNK).map((id) => [id, versions[id]]));
    puts.push({ PutRequest: { Item: { ...versionsKey(site, `${group}#${String(puts.length).padStart(4, '0')}`), versions: chunk } } });
  }
  return batchWrite(db, puts);
}
