import { TRAIL_SHARDS, trailPartition } from '../keys.ts';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';

/** A counted view as read back from a session trail. */
export interface TrailView {
  sessionId: string;
  articleId: string;
  ts: number;
}

/** Engagement totals of a session with an article within one hour. */
export interface TrailEngagement {
  sessionId: string;
  articleId: string;
  seconds: number;
  scrollDepth: number;
  ts: number;
}

export interface HourTrail {
  views: TrailView[];
  engagements: TrailEngagement[];
  readUnits: number;
}

/**
 * Reads every shard of one hour of a site's trails: TRAIL_SHARDS queries, never a scan. Items past their
 * TTL are skipped, because DynamoDB (and DynamoDB Local, never) deletes them only eventually.
 */
export async function readHourTrail(db: Db, site: string, hour: string, nowMs: number): Promise<HourTrail> {
  const out: HourTrail = { views: [], engagements: [], readUnits: 0 };
  const nowSeconds = Math.floor(nowMs / 1000);
  await Promise.all(
    Array.from({ length: TRAIL_SHARDS }, async (_, shard) => {
      const page = await queryAll(db, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': trailPartition(site, hour, shard) },
      });
      out.readUnits += page.readUnits;
      for (const item of page.items) {
        if (typeof item.expiresAt === 'number' && item.expiresAt < nowSeconds) continue;
        const [sessionId = '', kind] = String(item.sk).split('#');
        if (kind === 'V') {
          out.views.push({ sessionId, articleId: String(item.a), ts: Number(item.t) });
        } else if (kind === 'E') {
          out.engagements.push({
            sessionId,
            articleId: String(item.a),
            seconds: Number(item.s),
            scrollDepth: Number(item.d),
            ts: Number(item.t),
          });
        }
      }
    }),
  );
  return out;
}
