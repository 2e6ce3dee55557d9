import { describe, expect, it } from 'vitest';
import { SQS_BATCH_LIMIT, rankMessageBatches, rankMessageSchema, relatedTaskBatches } from '../../../functions/rank-scheduler/rank-message.ts';

describe('the rank fan-out messages', () => {
  const sites = Array.from({ length: 25 }, (_, i) => `site-${i}`);
  const batches = rankMessageBatches(sites, '2026-11-28T16:00:00Z');

  it('queues every site once, in batches SQS accepts', () => {
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.every((b) => b.length <= SQS_BATCH_LIMIT)).toBe(true);
    expect(batches.flat().map((e) => rankMessageSchema.parse(JSON.parse(e.MessageBody)).site)).toEqual(sites);
  });

  it('gives entries ids unique within their batch', () => {
    for (const batch of batches) expect(new Set(batch.map((e) => e.Id)).size).toBe(batch.length);
  });

  it('carries the schedule time, and nothing at all for no sites', () => {
    expect(JSON.parse(batches[0]![0]!.MessageBody)).toEqual({ site: 'site-0', scheduledAt: '2026-11-28T16:00:00Z' });
    expect(rankMessageBatches([], 'x')).toEqual([]);
  });
});

describe('the related shard messages', () => {
  it('queue one message per shard, each a valid rank message naming its shard', () => {
    const tasks = Array.from({ length: 16 }, (_, shard) => ({ site: 'big', at: 1_795_000_000_000, shard, shards: 16 }));
    const batches = relatedTaskBatches(tasks);
    expect(batches.map((b) => b.length)).toEqual([10, 6]);
    expect(batches.flat().map((e) => rankMessageSchema.parse(JSON.parse(e.MessageBody)).related?.shard)).toEqual(tasks.map((t) => t.shard));
  });

  it('refuse a shard outside its shards', () => {
    expect(rankMessageSchema.safeParse({ site: 'big', related: { at: 1, shard: 4, shards: 4 } }).success).toBe(false);
  });
});
