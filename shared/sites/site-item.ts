import type { DeleteCommandInput, GetCommandInput, PutCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';
import type { Site } from './site.ts';

/**
 * A registered site. All sites live in one small partition, so `sites list` is a Query, never a Scan.
 *
 *   pk SITES   sk SITE#{site}   the Site's fields (shared/sites/site.ts)
 */
function siteKey(site: string): Key {
  return { pk: PARTITIONS.sites, sk: `SITE#${site}` };
}

/** Registers a new site; ConditionalCheckFailed when the id is taken. */
export function putNewSiteInput(table: string, site: Site): PutCommandInput {
  return { TableName: table, Item: { ...siteKey(site.site), ...site }, ConditionExpression: 'attribute_not_exists(pk)' };
}

export function getSiteInput(table: string, site: string): GetCommandInput {
  return { TableName: table, Key: siteKey(site) };
}

export function listSitesInput(table: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': PARTITIONS.sites, ':prefix': 'SITE#' },
  };
}

/** Moves `dataSince` back to `since` (never forward); ConditionalCheckFailed when it is already as early. */
export function noteDataSinceInput(table: string, site: string, since: string): UpdateCommandInput {
  return {
    TableName: table,
    Key: siteKey(site),
    UpdateExpression: 'SET dataSince = :since',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(dataSince) OR dataSince > :since)',
    ExpressionAttributeValues: { ':since': since },
  };
}

/** Appends origins to an existing site's list. */
export function addOriginsInput(table: string, site: string, origins: string[]): UpdateCommandInput {
  return {
    TableName: table,
    Key: siteKey(site),
    UpdateExpression: 'SET origins = list_append(origins, :missing)',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':missing': origins },
  };
}

/** Removes the registration, returning it (so the caller knows whether it existed). */
export function deleteSiteInput(table: string, site: string): DeleteCommandInput {
  return { TableName: table, Key: siteKey(site), ReturnValues: 'ALL_OLD' };
}
