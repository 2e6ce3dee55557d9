import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { TRAIL_SHARDS, parseTrailItem, trailShardQueryInput, type TrailEngagement, type TrailView } from './trail-item.ts';

export interface HourTrail {
  views: TrailView[];
  engagements: TrailEngagement[];
  readUnits: number;
}

/**
 * Reads every shard of one hour of a site's trails: TRAIL_SHARDS queries, never a scan. Items past their
 * TTL are skipped, because DynamoDB deletes them only eventually.
 */
export async function readHourTrail(db: Db, site: string, hour: string, nowMs: number): Promise<HourTrail> {
  const out: HourTrail = { views: [], engagements: [], readUnits: 0 };
  await Promise.all(
    Array.from({ length: TRAIL_SHARDS }, async (_, shard) => {
      const page = await queryAll(db, trailShardQueryInput(db.tableName, site, hour, shard));
      out.readUnits += page.readUnits;
      for (const item of page.items) {
        const parsed = parseTrailItem(item, nowMs);
        if (parsed && 'view' in parsed) out.views.push(parsed.view);
        else if (parsed) out.engagements.push(parsed.engagement);
      }
    }),
  );
  return out;
}
