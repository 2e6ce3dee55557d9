import type { CatalogArticle } from '../catalog/article.ts';
import { readCatalog } from '../catalog/catalog-store.ts';
import { readPins } from '../catalog/pins-store.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { ArticleIds } from '../window/article-ids.ts';
import type { PairsWanted } from '../window/hour-counts.ts';
import { loadWindow, readRecentTrails, type RankWindow, type RecentTrails } from '../window/load-window.ts';
import type { RollupMemory } from '../window/rollup-store.ts';
import type { CatalogMemory } from './rank-cache.ts';
import type { Pin } from '../catalog/pin-item.ts';
import type { RankSettings } from './rank-settings.ts';
import type { ActivePin } from './rankers/must-reads.ts';

/** What a rank run reads before ranking: the catalog and pins as of `at`, and the window counted against them. */

/**
 * The catalog as of `at` (articles published by then) and the pins active at `at`. With `memory` holding the
 * site's catalog under the touch token read this run (a warm rank process, rank-cache.ts), nothing is read.
 */
export async function readCatalogInput(db: Db, site: Site, at: number, memory?: CatalogMemory) {
  const kept = memory?.get();
  let read: { articles: CatalogArticle[]; pins: Pin[]; readUnits: number };
  if (memory?.token !== undefined && kept?.token === memory.token) read = { ...kept, readUnits: 0 };
  else {
    const [catalogRead, storedPins] = await Promise.all([readCatalog(db, site.site), readPins(db, site.site)]);
    read = { articles: catalogRead.articles, pins: storedPins, readUnits: catalogRead.readUnits };
    if (memory?.token !== undefined) memory.set({ token: memory.token, articles: read.articles, pins: read.pins });
  }
  const catalog = new Map<string, CatalogArticle>();
  for (const article of read.articles) if (Date.parse(article.publishedAt) <= at) catalog.set(article.articleId, article);
  const pins: ActivePin[] = read.pins.filter((pin) => Date.parse(pin.createdAt) <= at && Date.parse(pin.until) > at);
  return { catalog, pins, readUnits: read.readUnits };
}

/** How many hours up to a run's time its rankings look at: the longest of Weekly Best's days and Popular Now's window. */
export function windowHours(settings: RankSettings): number {
  return Math.max(settings.weeklyBest.days * 24, settings.popularNow.windowHours);
}

/**
 * The window's hours up to `recent.at`, counted by the site's rules against the catalog (its articles only,
 * the cap per session). Co-read pairs only when `pairs`: all (`true`), or those touching an article it accepts.
 */
export async function readWindow(
  db: Db,
  site: Site,
  settings: RankSettings,
  catalog: Map<string, CatalogArticle>,
  recent: RecentTrails,
  pairs: boolean | ((articleId: string) => boolean),
  memory?: RollupMemory,
): Promise<RankWindow> {
  const ids = ArticleIds.of(catalog.keys());
  let wanted: PairsWanted = pairs === true;
  if (typeof pairs === 'function') {
    const touches = Uint8Array.from(ids.ids, (id) => (pairs(id) ? 1 : 0));
    wanted = (a, b) => touches[a] === 1 || touches[b] === 1;
  }
  return loadWindow(db, site.site, recent, windowHours(settings), {
    dataSince: Date.parse(site.dataSince ?? site.createdAt),
    ids,
    rules: {
      listed: (articleId) => catalog.has(articleId),
      maxArticlesPerSession: settings.sessions.maxArticlesPerHour,
      maxViewsPerAddressAndArticle: settings.sessions.maxViewsPerAddressAndArticle,
    },
    pairs: wanted,
    ...(memory ? { memory } : {}),
  });
}

interface RankInput {
  /** Catalog articles published by `at`. */
  catalog: Map<string, CatalogArticle>;
  /** Pins active at `at`. */
  pins: ActivePin[];
  window: RankWindow;
  /** Read units of the catalog, pins and window. */
  readUnits: number;
}

/** Everything a run ranks from, as of `at`, co-read pairs included (what the bench times the pure ranking on). */
export async function readRankInput(db: Db, site: Site, at: number, settings: RankSettings): Promise<RankInput> {
  const [{ catalog, pins, readUnits }, recent] = await Promise.all([readCatalogInput(db, site, at), readRecentTrails(db, site.site, at, Date.parse(site.dataSince ?? site.createdAt))]);
  const window = await readWindow(db, site, settings, catalog, recent, true);
  return { catalog, pins, window, readUnits: readUnits + window.readUnits };
}

