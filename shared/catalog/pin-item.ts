import type { DeleteCommandInput, PutCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';
import { DAY_MS, toEpochSeconds } from '../time.ts';

/** An editorial pin: the article leads Must-Reads until `until`. */
export interface Pin {
  articleId: string;
  until: string;
  note?: string;
  createdAt: string;
}

/**
 * Editorial pins for Must-Reads: one small partition per site, read whole by the rank job.
 *
 *   pk PINS#{site}   sk {articleId}   articleId, until, note, createdAt, expiresAt (a day after until)
 */
function pinPartition(site: string): string {
  return `${PARTITIONS.pins}${site}`;
}

function pinKey(site: string, articleId: string): Key {
  return { pk: pinPartition(site), sk: articleId };
}

export function putPinInput(table: string, site: string, pin: Pin): PutCommandInput {
  return {
    TableName: table,
    Item: {
      ...pinKey(site, pin.articleId),
      articleId: pin.articleId,
      until: pin.until,
      ...(pin.note ? { note: pin.note } : {}),
      createdAt: pin.createdAt,
      // Kept a day past expiry so that a replay (`rank --at`) of the last day still sees it.
      expiresAt: toEpochSeconds(Date.parse(pin.until) + DAY_MS),
    },
  };
}

/** Removes a pin, returning it (so the caller knows whether there was one). */
export function deletePinInput(table: string, site: string, articleId: string): DeleteCommandInput {
  return { TableName: table, Key: pinKey(site, articleId), ReturnValues: 'ALL_OLD' };
}

export function pinsQueryInput(table: string, site: string): QueryCommandInput {
  return { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pinPartition(site) } };
}

export function toPin(item: Record<string, unknown>): Pin {
  return {
    articleId: String(item.articleId),
    until: String(item.until),
    ...(item.note ? { note: String(item.note) } : {}),
    createdAt: String(item.createdAt),
  };
}
