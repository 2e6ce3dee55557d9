import type { CatalogArticle } from '../catalog/article.ts';
import { readCatalog } from '../catalog/catalog-store.ts';
import { readPins } from '../catalog/pins-store.ts';
import { pollFeeds, type FeedPollResult } from '../catalog/feed-poller.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { loadWindow } from './load-window.ts';
import { articleStats, writeArticleStats } from './article-stats.ts';
import { writeLists, writeRelated, type ListToWrite } from './lists-store.ts';
import { parseRankSettings, type RankSettings } from './rank-settings.ts';
import { toListItem, type ListItem, type RankedItem } from './ranked-item.ts';
import { rankLatest } from './rankers/latest.ts';
import { rankMustReads, type ActivePin } from './rankers/must-reads.ts';
import { rankPopularNow } from './rankers/popular-now.ts';
import { rankRelated } from './rankers/related.ts';
import { rankWeeklyBest } from './rankers/weekly-best.ts';
import { windowStats } from './window-stats.ts';

export interface RankReport {
  site: string;
  at: string;
  durationMs: number;
  catalogArticles: number;
  hoursRead: number;
  rollupsWritten: number;
  listsWritten: number;
  listsUnchanged: number;
  relatedWritten: number;
  relatedUnchanged: number;
  /** Articles whose view counts (the read API's stats) were updated. */
  statsWritten: number;
  readUnits: number;
  writeUnits: number;
  /** What each feed gave (live runs only); a failing feed is reported here and does not stop the run. */
  feeds: FeedPollResult[];
}

export interface RankOptions {
  /** Overrides of the site's ranking settings (backtests). */
  settings?: unknown;
  /** Poll the site's feeds into the catalog first (live runs; a replay with --at does not). */
  pollFeeds?: boolean;
  /** How feeds are fetched (tests inject one). */
  fetch?: typeof fetch;
  /** Injected for tests and for the job's own timing; never used for ranking (that is `at`). */
  clock?: () => number;
}

/**
 * The rank job for one site, as of `at`: every list, site-wide and per section, and related stories, from the
 * catalog, the editorial pins and the window's views. Events after `at` are ignored, so history can be
 * replayed. Idempotent: running it twice at the same `at` writes nothing new the second time.
 */
export async function rankSite(db: Db, site: Site, at: number, options: RankOptions = {}): Promise<RankReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const settings = parseRankSettings(merge(site.settings, options.settings));

  const feeds = options.pollFeeds && site.feeds.length > 0 ? await pollFeeds(db, site, new Date(at), options.fetch) : [];
  const catalogRead = await readCatalog(db, site.site);
  const catalog = new Map<string, CatalogArticle>();
  for (const article of catalogRead.articles) if (Date.parse(article.publishedAt) <= at) catalog.set(article.articleId, article);
  const pins: ActivePin[] = (await readPins(db, site.site)).filter(
    (pin) => Date.parse(pin.createdAt) <= at && Date.parse(pin.until) > at,
  );

  const hours = Math.max(settings.weeklyBest.days * 24, settings.popularNow.windowHours);
  const window = await loadWindow(db, site.site, at, hours, Date.parse(site.dataSince ?? site.createdAt));
  const stats = windowStats(window, settings);

  const lists = computeLists(stats, catalog, pins, at, settings);
  const generatedAt = new Date(at).toISOString();
  const listReport = await writeLists(db, site.site, lists, generatedAt);
  const related = new Map<string, ListItem[]>();
  for (const [id, items] of rankRelated(stats, catalog, at, settings.related)) related.set(id, decorate(items, catalog, settings.related.count));
  const relatedReport = await writeRelated(db, site.site, related, generatedAt);
  const statsReport = await writeArticleStats(db, site.site, articleStats(window, stats.weeklyViews), generatedAt);

  return {
    site: site.site,
    at: generatedAt,
    durationMs: clock() - started,
    catalogArticles: catalog.size,
    hoursRead: window.hours.length,
    rollupsWritten: window.rollupsWritten,
    listsWritten: listReport.written,
    listsUnchanged: listReport.unchanged,
    relatedWritten: relatedReport.written,
    relatedUnchanged: relatedReport.unchanged,
    statsWritten: statsReport.written,
    readUnits: catalogRead.readUnits + window.readUnits + listReport.readUnits + relatedReport.readUnits + statsReport.readUnits,
    writeUnits: window.writeUnits + listReport.writeUnits + relatedReport.writeUnits + statsReport.writeUnits,
    feeds,
  };
}

/** Pure: every list of the site, site-wide (section undefined) and for each section in the catalog. */
export function computeLists(
  stats: ReturnType<typeof windowStats>,
  catalog: Map<string, CatalogArticle>,
  pins: ActivePin[],
  at: number,
  settings: RankSettings,
): ListToWrite[] {
  const ranked = {
    'popular-now': rankPopularNow(stats, catalog, at, settings.popularNow),
    'weekly-best': rankWeeklyBest(stats, catalog, at, settings.weeklyBest),
    'must-reads': rankMustReads(stats, catalog, pins, at, settings.mustReads),
    latest: rankLatest(catalog, at),
  } as const;
  const sections = [...new Set([...catalog.values()].map((a) => a.section).filter((s): s is string => Boolean(s)))].sort();
  const out: ListToWrite[] = [];
  for (const [list, items] of Object.entries(ranked) as [keyof typeof ranked, RankedItem[]][]) {
    out.push({ list, section: undefined, items: decorate(items, catalog, settings.listLength) });
    for (const section of sections) {
      const inSection = items.filter((item) => catalog.get(item.articleId)?.section === section);
      out.push({ list, section, items: decorate(inSection, catalog, settings.listLength) });
    }
  }
  return out;
}

function decorate(items: RankedItem[], catalog: Map<string, CatalogArticle>, limit: number): ListItem[] {
  return items.slice(0, limit).map((item) => toListItem(item, catalog.get(item.articleId)!));
}

function merge(stored: unknown, overrides: unknown): unknown {
  if (!isObject(stored)) return overrides ?? stored;
  if (!isObject(overrides)) return stored;
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(overrides)) out[k] = merge(stored[k], v);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

