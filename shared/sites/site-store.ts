import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { isConditionFailed } from '../store/store-errors.ts';
import { hashAdminKey, newAdminKey } from './admin-key.ts';
import { adminKeyKey, getAdminKeyInput, putAdminKeyInput } from './admin-key-item.ts';
import { addOriginsInput, deleteSiteInput, removeLegacyKeyHashInput, getSiteInput, listSitesInput, noteDataSinceInput, putNewSiteInput, updateSiteInput, type SiteChanges } from './site-item.ts';
import { siteSchema, type Site } from './site.ts';

export interface NewSite {
  site: string;
  origins: string[];
  feeds?: string[];
  trustBeaconMetadata?: boolean;
  sections?: string[];
  sectionPaths?: { path: string; section: string }[];
  imageHosts?: string[];
}

class SiteExistsError extends Error {
  constructor(site: string) {
    super(`site "${site}" already exists`);
  }
}

/**
 * Registers a site and returns it with its admin key (the only time the key is available): the site item and
 * the key's hash (an item of its own, shared/sites/admin-key-item.ts) in one transaction.
 */
export async function addSite(db: Db, input: NewSite, now: Date): Promise<{ site: Site; adminKey: string }> {
  const adminKey = newAdminKey();
  const site: Site = siteSchema.parse({
    site: input.site,
    origins: input.origins,
    feeds: input.feeds ?? [],
    trustBeaconMetadata: input.trustBeaconMetadata ?? false,
    ...(input.sections?.length ? { sections: input.sections } : {}),
    ...(input.sectionPaths?.length ? { sectionPaths: input.sectionPaths } : {}),
    ...(input.imageHosts?.length ? { imageHosts: input.imageHosts } : {}),
    createdAt: now.toISOString(),
  });
  try {
    await db.client.send(
      new TransactWriteCommand({ TransactItems: [{ Put: putNewSiteInput(db.tableName, site) as never }, { Put: putAdminKeyInput(db.tableName, site.site, hashAdminKey(adminKey), now) as never }] }),
    );
  } catch (error) {
    if (transactionConditionFailed(error)) throw new SiteExistsError(site.site);
    throw error;
  }
  return { site, adminKey };
}

export async function getSite(db: Db, site: string): Promise<Site | undefined> {
  const result = await db.client.send(new GetCommand(getSiteInput(db.tableName, site)));
  return result.Item ? siteSchema.parse(result.Item) : undefined;
}

export async function listSites(db: Db): Promise<Site[]> {
  const { items } = await queryAll(db, listSitesInput(db.tableName));
  return items.map((item) => siteSchema.parse(item));
}

/**
 * Records that the site has events from `since` on (imports of history), so the rank job knows which hours
 * can hold data and skips reading the empty ones before it.
 */
export async function noteDataSince(db: Db, site: string, since: Date): Promise<void> {
  try {
    await db.client.send(new UpdateCommand(noteDataSinceInput(db.tableName, site, since.toISOString())));
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** Adds origins the site does not allow yet (the demo site, when `npm start` runs on another port). */
export async function allowOrigins(db: Db, site: Site, origins: string[]): Promise<void> {
  const missing = origins.filter((origin) => !site.origins.includes(origin));
  if (missing.length === 0) return;
  await db.client.send(new UpdateCommand(addOriginsInput(db.tableName, site.site, missing)));
}

/**
 * Changes an existing site (`newspulse sites set`): each given field replaces the stored one. Returns the site
 * as stored afterwards, or undefined when there is no such site. Running functions see it within their site
 * cache's minute (shared/sites/site-cache.ts).
 */
export async function updateSite(db: Db, site: string, changes: SiteChanges): Promise<Site | undefined> {
  if (Object.values(changes).every((value) => value === undefined)) return getSite(db, site);
  try {
    const result = await db.client.send(new UpdateCommand(updateSiteInput(db.tableName, site, changes)));
    return siteSchema.parse(result.Attributes);
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

/**
 * The hash of the site's admin key: its own item, or, for a site added before keys had one, the hash the site
 * item still carries. Undefined when neither exists.
 */
export async function readAdminKeyHash(db: Db, site: Site): Promise<string | undefined> {
  const result = await db.client.send(new GetCommand(getAdminKeyInput(db.tableName, site.site)));
  return typeof result.Item?.hash === 'string' ? result.Item.hash : site.adminKeyHash;
}

/**
 * A new admin key for a site (`sites rotate-key`): its hash replaces the old one, and a hash left on the site
 * item by older versions is removed, in one transaction. Returns the key (shown once), or undefined when there
 * is no such site. Running functions accept the old key until their key cache expires (a minute at most).
 */
export async function rotateAdminKey(db: Db, site: string, now: Date): Promise<string | undefined> {
  const adminKey = newAdminKey();
  try {
    await db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: removeLegacyKeyHashInput(db.tableName, site) as never },
          { Put: putAdminKeyInput(db.tableName, site, hashAdminKey(adminKey), now) as never },
        ],
      }),
    );
  } catch (error) {
    if (transactionConditionFailed(error)) return undefined;
    throw error;
  }
  return adminKey;
}

/** A transaction refused because one of its conditions did not hold. */
function transactionConditionFailed(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] } | null;
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
}

/** Removes the registration; recorded views expire with their TTLs. Returns whether it existed. */
export async function removeSite(db: Db, site: string): Promise<boolean> {
  const result = await db.client.send(new DeleteCommand(deleteSiteInput(db.tableName, site)));
  await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: adminKeyKey(site) })); // its key dies with it
  return result.Attributes !== undefined;
}
