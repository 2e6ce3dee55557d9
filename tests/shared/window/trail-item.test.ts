import { describe, expect, it } from 'vitest';
import {
  TRAIL_SHARDS,
  TRAIL_TTL_MS,
  parseTrailItem,
  putEngagementInput,
  putViewInput,
  trailShard,
  trailShardQueryInput,
  viewSlot,
} from '../../../shared/window/trail-item.ts';

// Offline: the shapes of the trail's requests, no DynamoDB needed (the connected tests are in tests/shared/ingest).
const T = Date.parse('2026-11-28T10:20:00Z');
const view = { sessionId: 'reader-0001', articleId: 'story-1', ts: T };
const shard = String(trailShard('reader-0001')).padStart(2, '0');

describe('trail items', () => {
  it('put a view in its session hour shard, keyed by session, article and half hour, only if the slot is new', () => {
    const input = putViewInput('t', 'daily', view, T);
    const slot = Date.parse('2026-11-28T10:00:00Z');
    expect(input.Item).toEqual({
      pk: `TRAIL#daily#2026-11-28T10#${shard}`,
      sk: `reader-0001#V#story-1#${slot}`,
      a: 'story-1',
      t: T,
      expiresAt: (Date.parse('2026-11-28T10:00:00Z') + TRAIL_TTL_MS) / 1000,
    });
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('expire no sooner than their time to live after the write: an imported history is never expired when written', () => {
    const now = Date.parse('2026-11-30T04:10:00Z');
    const old = putViewInput('t', 'daily', { ...view, ts: Date.parse('2026-01-15T09:20:00Z') }, now).Item!;
    expect(old.expiresAt).toBe((Date.parse('2026-11-30T04:00:00Z') + TRAIL_TTL_MS) / 1000);
    const engaged = putEngagementInput('t', 'daily', { ...view, ts: Date.parse('2026-01-15T09:20:00Z'), seconds: 5, scrollDepth: 0.5 }, now);
    expect(engaged.ExpressionAttributeValues![':exp']).toBe(old.expiresAt);
    expect(putViewInput('t', 'daily', view, Date.parse('2026-11-28T10:25:00Z')).Item!.expiresAt).toBe((Date.parse('2026-11-28T10:00:00Z') + TRAIL_TTL_MS) / 1000);
  });

  it('give views of one half hour of the clock the same slot, and the next half hour a new one', () => {
    const at = (time: string) => viewSlot(Date.parse(`2026-11-28T${time}Z`));
    expect(at('10:00:00')).toBe(at('10:29:59.999'));
    expect(at('10:30:00')).not.toBe(at('10:29:59.999'));
    expect(at('10:30:00')).toBe(at('10:59:59'));
    expect(putViewInput('t', 'd', { ...view, ts: T + 9 * 60_000 }, T).Item!.sk).toBe(putViewInput('t', 'd', view, T).Item!.sk);
    expect(putViewInput('t', 'd', { ...view, ts: T + 10 * 60_000 }, T).Item!.sk).not.toBe(putViewInput('t', 'd', view, T).Item!.sk);
  });

  it('keep the largest running engagement total of a page view, with scroll depth rounded for DynamoDB', () => {
    const input = putEngagementInput('t', 'daily', { ...view, seconds: 40, scrollDepth: 1e-200 }, T);
    expect(input.Key).toEqual({ pk: `TRAIL#daily#2026-11-28T10#${shard}`, sk: 'reader-0001#E#story-1' });
    expect(input.ConditionExpression).toBe('attribute_not_exists(s) OR s <= :s');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':s': 40, ':d': 0, ':a': 'story-1', ':t': T });
  });

  it('spread sessions over every shard, each session always in the same one', () => {
    const shards = new Set(Array.from({ length: 2000 }, (_, i) => trailShard(`session-${i}`)));
    expect(shards.size).toBe(TRAIL_SHARDS);
    expect(trailShard('reader-0001')).toBe(trailShard('reader-0001'));
    expect(trailShardQueryInput('t', 'daily', '2026-11-28T10', 3).ExpressionAttributeValues).toEqual({ ':pk': 'TRAIL#daily#2026-11-28T10#03' });
  });

  it('read back what they wrote, and nothing once expired', () => {
    const put = putViewInput('t', 'daily', view, T).Item!;
    expect(parseTrailItem(put, T)).toEqual({ view });
    const engage = putEngagementInput('t', 'daily', { ...view, seconds: 40, scrollDepth: 0.5 }, T);
    const item = { ...engage.Key, a: 'story-1', s: 40, d: 0.5, t: T, expiresAt: engage.ExpressionAttributeValues![':exp'] };
    expect(parseTrailItem(item, T)).toEqual({ engagement: { ...view, seconds: 40, scrollDepth: 0.5 } });
    expect(parseTrailItem(put, T + TRAIL_TTL_MS + 3_600_000)).toBeUndefined();
  });
});
