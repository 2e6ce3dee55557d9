import type { DeleteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';

/**
 * The seen marker: when this session last had a view of this article. Keyed by session and article with no
 * time in the key, so "repeated within the window" is decided by one atomic UpdateItem that returns the
 * previous time, even across an hour boundary and for a thousand concurrent requests.
 *
 *   pk SEEN#{site}#{sessionId}   sk {articleId}   lastViewAt (ms), vid (the write's own id), expiresAt
 */
export function seenKey(site: string, sessionId: string, articleId: string): Key {
  return { pk: `${PARTITIONS.seen}${site}#${sessionId}`, sk: articleId };
}

/**
 * Sets the marker to this view, returning what it held before (UPDATED_OLD). Unconditional: one write unit
 * either way. `vid` tells this call's own write apart when the SDK retried an attempt whose answer was lost.
 */
export function markSeenInput(table: string, key: Key, view: { ts: number; vid: string; expiresAt: number }): UpdateCommandInput {
  return {
    TableName: table,
    Key: key,
    UpdateExpression: 'SET lastViewAt = :ts, vid = :vid, expiresAt = :exp',
    ExpressionAttributeValues: { ':ts': view.ts, ':vid': view.vid, ':exp': view.expiresAt },
    ReturnValues: 'UPDATED_OLD',
    ReturnConsumedCapacity: 'TOTAL',
  };
}

/** Removes the marker this view set (there was none before), unless another view has replaced it since. */
export function forgetSeenInput(table: string, key: Key, ts: number): DeleteCommandInput {
  return { TableName: table, Key: key, ConditionExpression: 'lastViewAt = :ts', ExpressionAttributeValues: { ':ts': ts } };
}

/** Puts back the time the marker held before this view, unless another view has replaced it since. */
export function restoreSeenInput(table: string, key: Key, ts: number, previous: number): UpdateCommandInput {
  return {
    TableName: table,
    Key: key,
    UpdateExpression: 'SET lastViewAt = :previous',
    ConditionExpression: 'lastViewAt = :ts',
    ExpressionAttributeValues: { ':ts': ts, ':previous': previous },
  };
}
