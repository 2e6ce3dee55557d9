import type { CatalogArticle } from '../catalog/article.ts';
import { readCatalog } from '../catalog/catalog-store.ts';
import { readPins } from '../catalog/pins-store.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { loadWindow, type RankWindow } from '../window/load-window.ts';
import { writeArticleStats } from '../lists/stats-store.ts';
import type { ArticleStats } from '../lists/stats-item.ts';
import type { ListItem } from '../lists/list-item.ts';
import { articleStats } from './article-stats.ts';
import { writeLists, writeRelated, type ListToWrite } from '../lists/lists-store.ts';
import { parseRankSettings, type RankSettings } from './rank-settings.ts';
import { toListItem, type RankedItem } from './ranked-item.ts';
import { rankLatest } from './rankers/latest.ts';
import { rankMustReads, type ActivePin } from './rankers/must-reads.ts';
import { rankPopularNow } from './rankers/popular-now.ts';
import { rankRelated } from './rankers/related.ts';
import { rankWeeklyBest } from './rankers/weekly-best.ts';
import { windowStats } from '../window/window-stats.ts';

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
  /**
   * Where the time went (by the injected clock): reading the catalog and window, ranking, then writing, where
   * the three groups are written at the same time (each from the end of ranking until its last write).
   */
  phasesMs: { read: number; rank: number; writeLists: number; writeRelated: number; writeStats: number };
  readUnits: number;
  writeUnits: number;
}

export interface RankOptions {
  /** Overrides of the site's ranking settings (backtests). */
  settings?: unknown;
  /** Injected for tests and for the job's own timing; never used for ranking (that is `at`). */
  clock?: () => number;
}

/**
 * The rank job for one site, as of `at`: every list, site-wide and per section, and related stories, from the
 * catalog, the editorial pins and the window's views. Events after `at` are ignored, so history can be
 * replayed. Idempotent: running it twice at the same `at` writes nothing new the second time. It reads the
 * catalog and never writes it: live runs poll the feeds before (shared/catalog/feed-poller.ts, by the callers).
 */
export async function rankSite(db: Db, site: Site, at: number, options: RankOptions = {}): Promise<RankReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const settings = parseRankSettings(merge(site.settings, options.settings));

  const input = await readRankInput(db, site, at, settings);
  const { catalog, pins, window } = input;
  const read = clock();

  const ranked = rankWindow(window, catalog, pins, at, settings);
  const ranking = clock();

  const generatedAt = new Date(at).toISOString();
  // The three groups are independent (each writes its items, then its own versions): written together.
  const timed = async <T>(write: Promise<T>) => {
    const report = await write;
    return { report, ms: clock() - ranking };
  };
  const [lists, related, stats] = await Promise.all([
    timed(writeLists(db, site.site, ranked.lists, generatedAt)),
    timed(writeRelated(db, site.site, ranked.related, generatedAt)),
    timed(writeArticleStats(db, site.site, ranked.articleStats, generatedAt)),
  ]);
  const written = clock();
  const [listReport, relatedReport, statsReport] = [lists.report, related.report, stats.report];

  return {
    site: site.site,
    at: generatedAt,
    durationMs: written - started,
    phasesMs: { read: read - started, rank: ranking - read, writeLists: lists.ms, writeRelated: related.ms, writeStats: stats.ms },
    catalogArticles: catalog.size,
    hoursRead: window.hours.length,
    rollupsWritten: window.rollupsWritten,
    listsWritten: listReport.written,
    listsUnchanged: listReport.unchanged,
    relatedWritten: relatedReport.written,
    relatedUnchanged: relatedReport.unchanged,
    statsWritten: statsReport.written,
    readUnits: input.readUnits + listReport.readUnits + relatedReport.readUnits + statsReport.readUnits,
    writeUnits: window.writeUnits + listReport.writeUnits + relatedReport.writeUnits + statsReport.writeUnits,
  };
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

/** What a run reads before ranking: the catalog, the pins and the window's hours, all as of `at`. */
export async function readRankInput(db: Db, site: Site, at: number, settings: RankSettings): Promise<RankInput> {
  const hours = Math.max(settings.weeklyBest.days * 24, settings.popularNow.windowHours);
  // Three independent reads, in flight together: a big site's catalog and window take seconds each.
  const [catalogRead, storedPins, window] = await Promise.all([
    readCatalog(db, site.site),
    readPins(db, site.site),
    loadWindow(db, site.site, at, hours, Date.parse(site.dataSince ?? site.createdAt)),
  ]);
  const catalog = new Map<string, CatalogArticle>();
  for (const article of catalogRead.articles) if (Date.parse(article.publishedAt) <= at) catalog.set(article.articleId, article);
  const pins: ActivePin[] = storedPins.filter((pin) => Date.parse(pin.createdAt) <= at && Date.parse(pin.until) > at);
  return { catalog, pins, window, readUnits: catalogRead.readUnits + window.readUnits };
}

interface RankedWindow {
  lists: ListToWrite[];
  /** You May Also Like per article, decorated for serving. */
  related: Map<string, ListItem[]>;
  /** The read API's view counts per article. */
  articleStats: Map<string, ArticleStats>;
}

/**
 * Pure: everything a run computes from what it read (the window, the catalog as of `at`, the active pins).
 * The rank job's CPU time is spent here; the rest of a run is I/O.
 */
export function rankWindow(window: RankWindow, catalog: Map<string, CatalogArticle>, pins: ActivePin[], at: number, settings: RankSettings): RankedWindow {
  const stats = windowStats(window, settings);
  const lists = computeLists(stats, catalog, pins, at, settings);
  const related = new Map<string, ListItem[]>();
  // One article at a time: a big site has hundreds of thousands of these lists, each let go once decorated.
  for (const [id, items] of rankRelated(stats, catalog, at, settings.related)) related.set(id, decorate(items, catalog, settings.related.count));
  return { lists, related, articleStats: articleStats(window, stats.weeklyViews) };
}

/** Pure: every list of the site, site-wide (section undefined) and for each section in the catalog. */
function computeLists(
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
    // One pass per list, until every section has its first listLength items (the head of a long list).
    const bySection = new Map<string, RankedItem[]>(sections.map((section) => [section, []]));
    let full = 0;
    for (let k = 0; k < items.length && full < sections.length; k++) {
      const inSection = bySection.get(catalog.get(items[k]!.articleId)?.section ?? '');
      if (!inSection || inSection.length >= settings.listLength) continue;
      inSection.push(items[k]!);
      if (inSection.length === settings.listLength) full++;
    }
    for (const section of sections) out.push({ list, section, items: decorate(bySection.get(section)!, catalog, settings.listLength) });
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

