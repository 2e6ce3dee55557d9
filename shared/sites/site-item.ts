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

/** What `sites set` may change on a site: each given field replaces the stored one; an empty one removes it. */
export interface SiteChanges {
  origins?: string[];
  settings?: Record<string, unknown>;
  sections?: string[];
  sectionPaths?: { path: string; section: string }[];
  feeds?: string[];
}

/** Replaces the given fields of an existing site (ConditionalCheckFailed when there is none), returning it. */
export function updateSiteInput(table: string, site: string, changes: SiteChanges): UpdateCommandInput {
  const set: string[] = [];
  const remove: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    // origins and feeds are always lists (feeds possibly empty); the optional fields are absent rather than empty.
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    if (empty && field !== 'feeds' && field !== 'origins') remove.push(`#${field}`);
    else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  const expression = [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean).join(' ');
  return {
    TableName: table,
    Key: siteKey(site),
    UpdateExpression: expression,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    ReturnValues: 'ALL_NEW',
  };
}

/** Drops the admin key hash older versions kept on the site item (its own item now holds it). */
export function removeLegacyKeyHashInput(table: string, site: string): UpdateCommandInput {
  return { TableName: table, Key: siteKey(site), UpdateExpression: 'REMOVE adminKeyHash', ConditionExpression: 'attribute_exists(pk)' };
}

/** Removes the registration, returning it (so the caller knows whether it existed). */
export function deleteSiteInput(table: string, site: string): DeleteCommandInput {
  return { TableName: table, Key: siteKey(site), ReturnValues: 'ALL_OLD' };
}
