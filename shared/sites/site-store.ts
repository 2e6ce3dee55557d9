import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { isConditionFailed } from '../store/store-errors.ts';
import { hashAdminKey, newAdminKey } from './admin-key.ts';
import { addOriginsInput, deleteSiteInput, getSiteInput, listSitesInput, noteDataSinceInput, putNewSiteInput, updateSiteInput, type SiteChanges } from './site-item.ts';
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

/** Registers a site and returns it with its admin key (the only time the key is available). */
export async function addSite(db: Db, input: NewSite, now: Date): Promise<{ site: Site; adminKey: string }> {
  const adminKey = newAdminKey();
  const site: Site = siteSchema.parse({
    site: input.site,
    origins: input.origins,
    feeds: input.feeds ?? [],
    adminKeyHash: hashAdminKey(adminKey),
    trustBeaconMetadata: input.trustBeaconMetadata ?? false,
    ...(input.sections?.length ? { sections: input.sections } : {}),
    ...(input.sectionPaths?.length ? { sectionPaths: input.sectionPaths } : {}),
    ...(input.imageHosts?.length ? { imageHosts: input.imageHosts } : {}),
    createdAt: now.toISOString(),
  });
  try {
    await db.client.send(new PutCommand(putNewSiteInput(db.tableName, site)));
  } catch (error) {
    if (isConditionFailed(error)) throw new SiteExistsError(site.site);
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

/** Removes the registration; recorded views expire with their TTLs. Returns whether it existed. */
export async function removeSite(db: Db, site: string): Promise<boolean> {
  const result = await db.client.send(new DeleteCommand(deleteSiteInput(db.tableName, site)));
  return result.Attributes !== undefined;
}
