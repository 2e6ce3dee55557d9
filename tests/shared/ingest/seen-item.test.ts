import { describe, expect, it } from 'vitest';
import { forgetSeenInput, markSeenInput, restoreSeenInput, seenKey } from '../../../shared/ingest/seen-item.ts';

const key = seenKey('daily', 'reader-0001', 'story-1');

describe('seen markers', () => {
  it('are keyed by session and article, with no time in the key', () => {
    expect(key).toEqual({ pk: 'SEEN#daily#reader-0001', sk: 'story-1' });
  });

  it('are set unconditionally, returning the previous view time and the write id', () => {
    expect(markSeenInput('t', key, { ts: 5, vid: 'v1', expiresAt: 9 })).toEqual({
      TableName: 't',
      Key: key,
      UpdateExpression: 'SET lastViewAt = :ts, vid = :vid, expiresAt = :exp',
      ExpressionAttributeValues: { ':ts': 5, ':vid': 'v1', ':exp': 9 },
      ReturnValues: 'UPDATED_OLD',
      ReturnConsumedCapacity: 'TOTAL',
    });
  });

  it('are undone only while they still hold this view', () => {
    expect(forgetSeenInput('t', key, 5)).toMatchObject({ ConditionExpression: 'lastViewAt = :ts', ExpressionAttributeValues: { ':ts': 5 } });
    expect(restoreSeenInput('t', key, 5, 2)).toMatchObject({
      UpdateExpression: 'SET lastViewAt = :previous',
      ConditionExpression: 'lastViewAt = :ts',
      ExpressionAttributeValues: { ':ts': 5, ':previous': 2 },
    });
  });
});
