import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogArticle } from '../catalog/article.ts';
import { readCatalogTouch } from '../catalog/catalog-store.ts';
import type { ListItem } from '../lists/list-item.ts';
import { writeLists, writeRelated, type ListToWrite } from '../lists/lists-store.ts';
import type { ArticleStats } from '../lists/stats-item.ts';
import { writeArticleStats } from '../lists/stats-store.ts';
import { readWrittenVersions } from '../lists/written-versions.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { HOUR_MS, MINUTE_MS } from '../time.ts';
import { readRecentTrails, type RankWindow, type RecentTrails } from '../window/load-window.ts';
import { windowStats } from '../window/window-stats.ts';
import { articleStats, changedSince } from './article-stats.ts';
import { readCatalogInput, readWindow } from './rank-input.ts';
import type { RankCache } from './rank-cache.ts';
import { readRollupsToken } from '../window/rollup-store.ts';
import { mergeSettings, parseRankSettings, type RankSettings } from './rank-settings.ts';
import { hourlyViews } from './hourly-views.ts';
import { writeHourlyViews } from '../lists/dashboard-store.ts';
import { decorate, type RankedItem } from './ranked-item.ts';
import { rankLatest } from './rankers/latest.ts';
import { rankMustReads, type ActivePin } from './rankers/must-reads.ts';
import { rankPopularNow } from './rankers/popular-now.ts';
import { rankRelated } from './rankers/related.ts';
import { rankWeeklyBest } from './rankers/weekly-best.ts';
import { relatedShards, type RelatedTask } from './related-shards.ts';
import { completeRunInput, getRunStateInput, startRunInput, toRunState, type RunState } from './run-state-item.ts';

export interface RankReport {
  site: string;
  at: string;
  durationMs: number;
  /**
   * Nothing happened since the last run (no view, no engagement, no catalog or pin change, within the hour):
   * the run read only that and wrote nothing. Readers would see the same lists.
   */
  quiet: boolean;
  catalogArticles: number;
  hoursRead: number;
  rollupsWritten: number;
  /** Views left out as automation in the window (beyond sessions.maxArticlesPerHour or sessions.maxViewsPerAddressAndArticle). */
  ignoredViews: number;
  listsWritten: number;
  listsUnchanged: number;
  /** Whether every article's related stories were ranked (related.everyMinutes), or only those of new ones. */
  relatedInFull: boolean;
  /** How many shards of related stories this run queued as tasks of their own (a big site), or 0. */
  relatedShardsQueued: number;
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
  /**
   * Where a big site's related stories go when they are due in full: one task per shard of its articles
   * (shared/rank/related-shards.ts), each ranked by an invocation of its own (the rank Lambda queues them).
   * Without it, they are ranked in this run.
   */
  queueRelated?: (tasks: RelatedTask[]) => Promise<void>;
  /** Catalog articles per related shard (default RELATED_SHARD_ARTICLES; tests split small sites). */
  relatedShardArticles?: number;
  /**
   * What this process kept from its last run of the site (rank-cache.ts): the rank Lambda's container and the
   * local server pass one, so a scheduled run reads only the rollups and catalog that changed.
   */
  cache?: RankCache;
}

/** A site with nothing new is still ranked this often (time alone moves articles out of Popular Now). */
const QUIET_REFRESH_MS = HOUR_MS;

/**
 * The rank job for one site, as of `at`: every list, site-wide and per section, related stories and view
 * counts, from the catalog, the editorial pins and the window's views. Events after `at` are ignored, so
 * history can be replayed. It writes only what a reader would see change, and what it started and did not
 * finish (a killed run), the next run finishes. It reads the catalog and never writes it: live runs poll the
 * feeds before (shared/catalog/feed-poller.ts, by the callers).
 */
export async function rankSite(db: Db, site: Site, at: number, options: RankOptions = {}): Promise<RankReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const settings = parseRankSettings(mergeSettings(site.settings, options.settings));
  const settingsPrint = createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 12);
  const dataSince = Date.parse(site.dataSince ?? site.createdAt);

  // The check every run makes: what the last run left, the catalog's touch token, and the last two hours' trails
  // (and, with a cache, the rollup token that says whether what it kept is still whole).
  const [state, touch, recent, rollupsToken] = await Promise.all([
    readRunState(db, site.site),
    readCatalogTouch(db, site.site),
    readRecentTrails(db, site.site, at, dataSince),
    options.cache ? readRollupsToken(db, site.site) : undefined,
  ]);
  const checkUnits = state.readUnits + touch.readUnits + recent.readUnits + (rollupsToken?.readUnits ?? 0);
  const nothingNew = nothingNewSince(state.state, touch.token, settingsPrint, recent, at);
  if (nothingNew && at - state.state.at! < QUIET_REFRESH_MS) return quietReport(site, at, clock() - started, checkUnits);
  // Ranked only because the hourly refresh is due: nothing new came, so the site's "last change" stays.
  const changedAt = nothingNew ? (state.state.changedAt ?? at) : at;

  let writeUnits = state.state.pending ? 0 : await startRun(db, site.site);
  const relatedInFull = relatedDue(state.state, at, settings, settingsPrint);
  // Related stories: every article's when due, ranked here or, for a big site, queued in shards; else only
  // those of articles new to the catalog since the last full ranking (their first).
  const { catalog, pins, readUnits: catalogUnits } = await readCatalogInput(db, site, at, options.cache?.catalog(db, site.site, touch.token));
  const shards = relatedInFull && options.queueRelated ? relatedShards(catalog.size, options.relatedShardArticles) : 1;
  const inFull = relatedInFull && shards === 1;
  const [window, relatedKnown] = await Promise.all([
    // The check counted the recent trails' units.
    readWindow(db, site, settings, catalog, { ...recent, readUnits: 0 }, inFull, rollupsToken && options.cache?.rollups(db, site.site, rollupsToken.token)),
    inFull ? readWrittenVersions(db, site.site, 'related') : undefined,
  ]);
  const read = clock();

  const since = state.state.relatedAt ?? -Infinity;
  const isNew = (articleId: string) => {
    const article = catalog.get(articleId)!;
    return Date.parse(article.publishedAt) > since || Date.parse(article.updatedAt) > since;
  };
  const ranked = rankWindow(window, catalog, pins, at, settings, {
    relatedFor: inFull ? undefined : relatedInFull ? () => false : isNew,
    statsSince: state.state.at,
  });
  const ranking = clock();
  if (shards > 1) await options.queueRelated!(Array.from({ length: shards }, (_, shard) => ({ site: site.site, at, shard, shards })));

  const generatedAt = new Date(at).toISOString();
  // The three groups are independent (each writes its items and its own versions): written together.
  const timed = async <T>(write: Promise<T>) => {
    const report = await write;
    return { report, ms: clock() - ranking };
  };
  const [lists, related, stats, dashboard] = await Promise.all([
    timed(writeLists(db, site.site, ranked.lists, generatedAt)),
    timed(writeRelated(db, site.site, ranked.related, generatedAt, relatedKnown)),
    timed(writeArticleStats(db, site.site, ranked.articleStats, generatedAt)),
    // What the editors' dashboard draws: views per hour over two days (one small item).
    writeHourlyViews(db, site.site, hourlyViews(window, (id) => catalog.get(id)), generatedAt),
  ]);
  writeUnits += dashboard;
  writeUnits += await completeRun(db, site.site, { at, relatedAt: relatedInFull ? at : (state.state.relatedAt ?? at), catalogTouch: touch.token, settings: settingsPrint, changedAt });
  const written = clock();
  const [listReport, relatedReport, statsReport] = [lists.report, related.report, stats.report];

  return {
    site: site.site,
    at: generatedAt,
    durationMs: written - started,
    quiet: false,
    phasesMs: { read: read - started, rank: ranking - read, writeLists: lists.ms, writeRelated: related.ms, writeStats: stats.ms },
    catalogArticles: catalog.size,
    hoursRead: window.hours.length,
    rollupsWritten: window.rollupsWritten,
    ignoredViews: window.ignoredViews,
    listsWritten: listReport.written,
    listsUnchanged: listReport.unchanged,
    relatedInFull,
    relatedShardsQueued: shards > 1 ? shards : 0,
    relatedWritten: relatedReport.written,
    relatedUnchanged: relatedReport.unchanged,
    statsWritten: statsReport.written,
    readUnits: checkUnits + catalogUnits + window.readUnits + (relatedKnown?.readUnits ?? 0) + listReport.readUnits + relatedReport.readUnits,
    writeUnits: writeUnits + window.writeUnits + listReport.writeUnits + relatedReport.writeUnits + statsReport.writeUnits,
  };
}

/**
 * Nothing new since the last run: it completed, and since then no reader came (no trail item after it), nothing
 * touched the catalog or the pins, and the settings are the same. A replay of an earlier time is never so.
 * Within the hour (QUIET_REFRESH_MS) such a run is quiet: it does nothing.
 */
function nothingNewSince(state: RunState, touch: string | undefined, settings: string, recent: RecentTrails, at: number): boolean {
  if (state.at === undefined || state.pending || at < state.at || touch !== state.catalogTouch || settings !== state.settings) return false;
  const since = state.at;
  for (const trail of recent.hours.values()) {
    if (trail.views.some((v) => v.ts > since) || trail.engagements.some((e) => e.ts > since)) return false;
  }
  return true;
}

/** Whether this run ranks every article's related stories, or only gives new articles theirs. */
function relatedDue(state: RunState, at: number, settings: RankSettings, settingsPrint: string): boolean {
  return state.relatedAt === undefined || state.pending || settingsPrint !== state.settings || at < state.relatedAt || at - state.relatedAt >= settings.related.everyMinutes * MINUTE_MS;
}

function quietReport(site: Site, at: number, durationMs: number, readUnits: number): RankReport {
  return {
    site: site.site,
    at: new Date(at).toISOString(),
    durationMs,
    quiet: true,
    phasesMs: { read: durationMs, rank: 0, writeLists: 0, writeRelated: 0, writeStats: 0 },
    catalogArticles: 0,
    hoursRead: 0,
    rollupsWritten: 0,
    ignoredViews: 0,
    listsWritten: 0,
    listsUnchanged: 0,
    relatedInFull: false,
    relatedShardsQueued: 0,
    relatedWritten: 0,
    relatedUnchanged: 0,
    statsWritten: 0,
    readUnits,
    writeUnits: 0,
  };
}

async function readRunState(db: Db, site: string): Promise<{ state: RunState; readUnits: number }> {
  const result = await db.client.send(new GetCommand(getRunStateInput(db.tableName, site)));
  return { state: toRunState(result.Item), readUnits: result.ConsumedCapacity?.CapacityUnits ?? 0 };
}

async function startRun(db: Db, site: string): Promise<number> {
  return (await db.client.send(new UpdateCommand(startRunInput(db.tableName, site)))).ConsumedCapacity?.CapacityUnits ?? 0;
}

async function completeRun(db: Db, site: string, state: Parameters<typeof completeRunInput>[2]): Promise<number> {
  return (await db.client.send(new UpdateCommand(completeRunInput(db.tableName, site, state)))).ConsumedCapacity?.CapacityUnits ?? 0;
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

interface RankedWindow {
  lists: ListToWrite[];
  /** You May Also Like per article, decorated for serving. */
  related: Map<string, ListItem[]>;
  /** The read API's view counts of the articles whose counts changed. */
  articleStats: Map<string, ArticleStats>;
}

/**
 * Pure: everything a run computes from what it read (the window, the catalog as of `at`, the active pins).
 * The rank job's CPU time is spent here; the rest of a run is I/O. `relatedFor` narrows which articles get
 * related stories (default: every one); `statsSince` is the last completed run, whose counts need no rewrite.
 */
export function rankWindow(
  window: RankWindow,
  catalog: Map<string, CatalogArticle>,
  pins: ActivePin[],
  at: number,
  settings: RankSettings,
  options: { relatedFor?: ((articleId: string) => boolean) | undefined; statsSince?: number | undefined } = {},
): RankedWindow {
  const stats = windowStats(window, settings);
  const lists = computeLists(stats, catalog, pins, at, settings);
  const related = new Map<string, ListItem[]>();
  // One article at a time: a big site has hundreds of thousands of these lists, each let go once decorated.
  for (const [id, items] of rankRelated(stats, catalog, at, settings.related, options.relatedFor)) related.set(id, decorate(items, catalog, settings.related.count));
  const counts = articleStats(window, stats.weeklyViews);
  const changed = changedSince(window, options.statsSince, settings.weeklyBest.days);
  if (changed) for (const articleId of counts.keys()) if (!changed.has(articleId)) counts.delete(articleId);
  return { lists, related, articleStats: counts };
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



