import { describe, expect, it } from 'vitest';
import {
  TRAIL_SHARDS,
  TRAIL_TTL_MS,
  parseTrailItem,
  putEngagementInput,
  putViewInput,
  trailShard,
  trailShardQueryInput,
  viewStoredInput,
  viewsBetweenInputs,
} from '../../../shared/window/trail-item.ts';

// Offline: the shapes of the trail's requests, no DynamoDB needed (the connected tests are in tests/shared/ingest).
const T = Date.parse('2026-11-28T10:20:00Z');
const view = { sessionId: 'reader-0001', articleId: 'story-1', ts: T };
const shard = String(trailShard('reader-0001')).padStart(2, '0');

describe('trail items', () => {
  it('put a view in its session hour shard, sorted by session, article and time, expiring after the window', () => {
    const input = putViewInput('t', 'daily', view);
    expect(input.Item).toEqual({
      pk: `TRAIL#daily#2026-11-28T10#${shard}`,
      sk: `reader-0001#V#story-1#${T}`,
      a: 'story-1',
      t: T,
      expiresAt: (Date.parse('2026-11-28T10:00:00Z') + TRAIL_TTL_MS) / 1000,
    });
    expect(input.ConditionExpression).toBeUndefined();
  });

  it('keep the largest running engagement total of a page view, with scroll depth rounded for DynamoDB', () => {
    const input = putEngagementInput('t', 'daily', { ...view, seconds: 40, scrollDepth: 1e-200 });
    expect(input.Key).toEqual({ pk: `TRAIL#daily#2026-11-28T10#${shard}`, sk: 'reader-0001#E#story-1' });
    expect(input.ConditionExpression).toBe('attribute_not_exists(s) OR s <= :s');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':s': 40, ':d': 0, ':a': 'story-1', ':t': T });
  });

  it('look up one view by its key, strongly consistent, reading nothing but the key', () => {
    expect(viewStoredInput('t', 'daily', view)).toEqual({
      TableName: 't',
      Key: { pk: `TRAIL#daily#2026-11-28T10#${shard}`, sk: `reader-0001#V#story-1#${T}` },
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    });
  });

  it('find a view between two times with one bounded Query per hour the span touches', () => {
    const within = viewsBetweenInputs('t', 'daily', 'reader-0001', 'story-1', T - 10 * 60_000, T);
    expect(within).toHaveLength(1);
    expect(within[0]).toMatchObject({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ConsistentRead: true, Limit: 1, ProjectionExpression: 'pk' });
    expect(within[0]!.ExpressionAttributeValues).toEqual({
      ':pk': `TRAIL#daily#2026-11-28T10#${shard}`,
      ':from': `reader-0001#V#story-1#${T - 10 * 60_000}`,
      ':to': `reader-0001#V#story-1#${T}`,
    });
    const across = viewsBetweenInputs('t', 'daily', 'reader-0001', 'story-1', T - 30 * 60_000, T);
    expect(across.map((q) => q.ExpressionAttributeValues![':pk'])).toEqual([`TRAIL#daily#2026-11-28T09#${shard}`, `TRAIL#daily#2026-11-28T10#${shard}`]);
  });

  it('spread sessions over every shard, each session always in the same one', () => {
    const shards = new Set(Array.from({ length: 2000 }, (_, i) => trailShard(`session-${i}`)));
    expect(shards.size).toBe(TRAIL_SHARDS);
    expect(trailShard('reader-0001')).toBe(trailShard('reader-0001'));
    expect(trailShardQueryInput('t', 'daily', '2026-11-28T10', 3).ExpressionAttributeValues).toEqual({ ':pk': 'TRAIL#daily#2026-11-28T10#03' });
  });

  it('read back what they wrote, and nothing once expired', () => {
    const put = putViewInput('t', 'daily', view).Item!;
    expect(parseTrailItem(put, T)).toEqual({ view });
    const engage = putEngagementInput('t', 'daily', { ...view, seconds: 40, scrollDepth: 0.5 });
    const item = { ...engage.Key, a: 'story-1', s: 40, d: 0.5, t: T, expiresAt: engage.ExpressionAttributeValues![':exp'] };
    expect(parseTrailItem(item, T)).toEqual({ engagement: { ...view, seconds: 40, scrollDepth: 0.5 } });
    expect(parseTrailItem(put, T + TRAIL_TTL_MS + 3_600_000)).toBeUndefined();
  });
});
