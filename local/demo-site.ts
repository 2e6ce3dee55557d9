import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { getArticle, upsertArticle } from '../shared/catalog/catalog-store.ts';
import { forEachLimited } from '../shared/concurrency.ts';
import { addSite, allowOrigins, getSite } from '../shared/sites/site-store.ts';
import type { Db } from '../shared/store/db.ts';
import { MARKUP_ARTICLE_ID, demoCatalog } from './demo/demo-catalog.ts';

export const DEMO_SITE = 'demo';

/**
 * Makes sure the `demo` site exists, allows the local server's own origins (on this run's port) and has the demo catalog (source
 * 'admin', published in the days before `now`), so the demo pages at `/demo/` have articles from the start.
 * Its admin key is kept in the data directory (local use only) so that later runs and the demo tools can use it.
 * A demo site made before the demo catalog existed gets the catalog on its next start.
 */
export async function ensureDemoSite(
  db: Db,
  port: number,
  dataDir: string,
  now: Date,
): Promise<{ created: boolean; adminKey?: string; articlesLoaded: number }> {
  const keyFile = demoKeyFile(dataDir);
  let created = false;
  let adminKey: string | undefined;
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const existing = await getSite(db, DEMO_SITE);
  if (existing) {
    adminKey = savedDemoKey(dataDir);
    // Started on another PORT than before: the demo pages' beacons come from the new origin.
    await allowOrigins(db, existing, origins);
  } else {
    ({ adminKey } = await addSite(db, { site: DEMO_SITE, origins, trustBeaconMetadata: true }, now));
    created = true;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(keyFile, `${adminKey}\n`, { mode: 0o600 });
  }
  let articlesLoaded = 0;
  if (created || !(await getArticle(db, DEMO_SITE, MARKUP_ARTICLE_ID))) {
    const articles = demoCatalog(`http://127.0.0.1:${port}/demo`, now.getTime());
    await forEachLimited(articles, 8, async (article) => {
      if (await upsertArticle(db, DEMO_SITE, article, 'admin', now)) articlesLoaded++;
    });
  }
  return { created, ...(adminKey ? { adminKey } : {}), articlesLoaded };
}

/** Where `npm start` keeps the demo site's admin key (shown once when the site is created). */
export function demoKeyFile(dataDir: string): string {
  return join(dataDir, 'demo-admin-key');
}

/** The demo site's admin key as `npm start` saved it, if it did. */
export function savedDemoKey(dataDir: string): string | undefined {
  const file = demoKeyFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
