import { PARTITIONS as PARTITION_PREFIXES, type PartitionName } from '../shared/store/partitions.ts';

/**
 * Which items each function may touch, as IAM patterns on the partition key (`dynamodb:LeadingKeys`, one
 * StringLike pattern per item type of shared/keys.ts; the numbers are the access patterns of
 * docs/data-model.md). Each function gets exactly the operations it performs on exactly the partitions it
 * performs them on: ingest cannot touch lists, read cannot write anything, rank cannot write sites or
 * sessions. tests/infra/bundles.test.ts runs every bundle and checks each DynamoDB call it made against the
 * synthesized policy, so a list here that is too short fails a test.
 */
export const PARTITIONS = Object.fromEntries(
  Object.entries(PARTITION_PREFIXES).map(([name, prefix]) => [name, prefix.endsWith('#') ? `${prefix}*` : prefix]),
) as { readonly [name in PartitionName]: string };

export type ItemAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';

/** Per DynamoDB operation, the partitions it may address. Scan is never granted: nothing in newspulse scans. */
export type TableAccess = Partial<Record<ItemAction, readonly string[]>>;

const P = PARTITIONS;

export const TABLE_ACCESS = {
  ingest: {
    GetItem: [P.sites, P.adminKeys, P.catalog], // A1 site, its key hash (server-side senders' bearer key), C2 is the article catalogued (and by whom)?
    BatchGetItem: [P.stats], // A5 the view count a beacon's answer carries
    UpdateItem: [P.trail, P.catalog], // A4 engagement; C2b a page's section for a feed article without one
    PutItem: [P.trail, P.catalog], // A3 counted view (conditional: its own dedup), C1 trusted beacon metadata
  },
  read: {
    GetItem: [P.sites, P.lists, P.related, P.catalog], // A1, S1, S2, is the article catalogued?
    BatchGetItem: [P.lists, P.related, P.catalog, P.stats], // /widgets, /stats
  },
  admin: {
    GetItem: [P.sites, P.adminKeys, P.catalog, P.dashboard], // the site, its key hash, an article, the dashboard's hourly views
    PutItem: [P.catalog, P.pins], // C1 admin metadata, a pin
    Query: [P.pins], // the site's pins
    DeleteItem: [P.pins], // a pin
  },
  rank: {
    GetItem: [P.sites, P.catalog, P.versions, P.rollups], // the site named by the queued message; the catalog's touch token; the run state; the rollup token (rank-cache.ts)
    Query: [P.trail, P.rollups, P.catalog, P.pins, P.versions], // A6, R1, C3, C4, R4
    BatchGetItem: [P.catalog], // feed articles already catalogued
    PutItem: [P.catalog, P.lists, P.versions, P.dashboard], // C1 feed articles and the touch token; R5 lists and their versions, in one transaction; the dashboard's hourly views
    UpdateItem: [P.stats, P.versions], // per-article view counts; the run state
    DeleteItem: [P.versions], // R5 versions chunks a list transaction no longer needs
    BatchWriteItem: [P.rollups, P.lists, P.related, P.versions], // R3, R5
  },
  rankScheduler: {
    Query: [P.sites], // A7 every site, for the fan-out
    BatchGetItem: [P.versions], // their run states: sites quiet for hours are queued hourly
  },
} as const satisfies Record<string, TableAccess>;
