import { hourKey } from './time.ts';

/**
 * Every key newspulse writes, built by pure functions so that their shapes are testable and documented in one
 * place (docs/data-model.md). `#` separates parts; ids are validated never to contain it.
 */

export interface Key {
  pk: string;
  sk: string;
}

/** All sites live in one small partition, so `sites list` is a Query, never a Scan. */
export const SITES_PARTITION = 'SITES';

export function siteKey(site: string): Key {
  return { pk: SITES_PARTITION, sk: `SITE#${site}` };
}

/**
 * Trail partitions are spread over this many shards by a hash of the session id, so one viral article's
 * views land on many partitions instead of one hot one. The rank job queries every shard of an hour.
 * Never change it for existing data: the ranker would miss shards.
 */
export const TRAIL_SHARDS = 16;

/** Stable shard of a session (FNV-1a), so one session's hour stays in one partition. */
export function trailShard(sessionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % TRAIL_SHARDS;
}

/** Partition of one shard of one hour of a site's session trails: what the rank job queries. */
export function trailPartition(site: string, hour: string, shard: number): string {
  return `TRAIL#${site}#${hour}#${shard.toString().padStart(2, '0')}`;
}

/**
 * A counted view, one item per view, in its session's hour shard. Sorting by session then article keeps a
 * session's trail together for co-visitation; the time suffix keeps two views of one article apart.
 */
export function viewTrailKey(site: string, sessionId: string, articleId: string, epochMs: number): Key {
  return {
    pk: trailPartition(site, hourKey(epochMs), trailShard(sessionId)),
    sk: `${sessionId}#V#${articleId}#${epochMs}`,
  };
}

/** Engagement of a session with an article within one hour (running totals, newest flush wins). */
export function engageTrailKey(site: string, sessionId: string, articleId: string, epochMs: number): Key {
  return {
    pk: trailPartition(site, hourKey(epochMs), trailShard(sessionId)),
    sk: `${sessionId}#E#${articleId}`,
  };
}

/** The dedup marker: when this session last had a counted view of this article. */
export function seenKey(site: string, sessionId: string, articleId: string): Key {
  return { pk: `SEEN#${site}#${sessionId}`, sk: articleId };
}

/** The daily salt for hashing pixel visitors who carry no session id. */
export function saltKey(day: string): Key {
  return { pk: 'SALT', sk: day };
}

/** A site's article catalog: one partition, so the rank job reads it with one paginated Query. */
export function catalogPartition(site: string): string {
  return `CATALOG#${site}`;
}

export function catalogKey(site: string, articleId: string): Key {
  return { pk: catalogPartition(site), sk: articleId };
}

/** Editorial pins for must-reads: one small partition per site, read whole by the rank job. */
export function pinPartition(site: string): string {
  return `PINS#${site}`;
}

export function pinKey(site: string, articleId: string): Key {
  return { pk: pinPartition(site), sk: articleId };
}

/** Rollups of closed hours: one partition per site, so a week of them is one ranged Query. */
export function rollupPartition(site: string): string {
  return `ROLLUP#${site}`;
}

export function rollupKey(site: string, hour: string, part: number): Key {
  return { pk: rollupPartition(site), sk: `H#${hour}#${part.toString().padStart(3, '0')}` };
}

/** Precomputed lists: one item per list and section, written whole, so a reader never sees half a run. */
export function listKey(site: string, list: string, section: string | undefined): Key {
  return { pk: `LIST#${site}`, sk: `${list}#${section ?? '_all'}` };
}

/** "You may also like" of one article. */
export function relatedKey(site: string, articleId: string): Key {
  return { pk: `RELATED#${site}`, sk: articleId };
}

/** Content versions of the lists and related items last written, so unchanged ones are not rewritten. */
export function versionsKey(site: string, part: string): Key {
  return { pk: `VERSIONS#${site}`, sk: part };
}

/** View counts of one article (views per day as `dYYYYMMDD` attributes, and views in the last 7 days). */
export function statsKey(site: string, articleId: string): Key {
  return { pk: `STATS#${site}`, sk: articleId };
}
