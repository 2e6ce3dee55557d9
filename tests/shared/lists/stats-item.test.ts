import { describe, expect, it } from 'vitest';
import { totalViews, updateStatsInput } from '../../../shared/lists/stats-item.ts';

describe('stats items', () => {
  it('set the covered days and views7d, leaving older days, and sum every day for the total', () => {
    const input = updateStatsInput('t', 'daily', 'story-1', { days: { d20261127: 4, d20261128: 2 }, views7d: 6 }, '2026-11-28T12:00:00.000Z');
    expect(input).toMatchObject({
      Key: { pk: 'STATS#daily', sk: 'story-1' },
      UpdateExpression: 'SET views7d = :w, updatedAt = :u, #d0 = :d0, #d1 = :d1',
      ExpressionAttributeNames: { '#d0': 'd20261127', '#d1': 'd20261128' },
      ExpressionAttributeValues: { ':w': 6, ':u': '2026-11-28T12:00:00.000Z', ':d0': 4, ':d1': 2 },
    });
    expect(totalViews({ pk: 'STATS#daily', d20261101: 10, d20261127: 4, d20261128: 2, views7d: 6, dX: 3 })).toBe(16);
  });
});
