import { readCatalog } from '../catalog/catalog-store.ts';
import { listKey, parseStoredList, relatedKey, type ListItem, type WidgetSources } from '../lists/list-item.ts';
import { readList } from '../lists/lists-store.ts';
import { relatedWithFallback } from '../lists/related-fallback.ts';
import { rankSite } from '../rank/rank-site.ts';
import type { Site } from '../sites/site.ts';
import { batchGetAll } from '../store/batch-get.ts';
import type { Db } from '../store/db.ts';
import { HOUR_MS } from '../time.ts';
import { Baselines } from './baselines.ts';
import { nextReads, type ReplayView } from './replay-views.ts';
import { ScoreTally, type Score } from './scores.ts';

export interface EvaluateOptions {
  /** First step (epoch ms): the lists are computed as of it, then scored against what readers did next. */
  from: number;
  /** Steps stop before this. */
  to: number;
  /** Time between steps (the rank job's cadence being replayed). */
  everyMs: number;
  /** How many items of each list a reader is taken to see. */
  k: number;
  /** Ranking settings laid over the site's for this evaluation (`--set`). */
  settings?: unknown;
}

export interface EvaluateReport {
  steps: number;
  views: number;
  related: { newspulse: Score; coVisitation: Score; mostRead: Score };
  popularNow: { newspulse: Score; mostRead: Score };
}

/** The trailing window of the most-read baseline: Popular Now's own default window. */
const MOST_READ_WINDOW_MS = 24 * HOUR_MS;
/** Popular Now is scored against the views of the hour after each step. */
const POPULAR_HORIZON_MS = HOUR_MS;

/**
 * Scores what newspulse would have shown on a history, step by step: at each step the real rank job runs on the
 * real store as of that time (rankSite: later events are ignored), the lists are read back as the read API serves
 * them (related with its fallback), and they are scored against what readers did next: related stories against
 * the next article each session read, Popular Now against the articles read in the following hour. The
 * baselines (Baselines) answer the same requests from the same history. The history's events must already be
 * in `db` (imported by the live counting code); `views` are its human views, sorted by time.
 */
export async function evaluateHistory(db: Db, site: Site, views: readonly ReplayView[], options: EvaluateOptions, onStep: (done: number, total: number) => void = () => {}): Promise<EvaluateReport> {
  const { k } = options;
  const steps: number[] = [];
  for (let t = options.from; t < options.to; t += options.everyMs) steps.push(t);
  const { articles } = await readCatalog(db, site.site);
  const sectionOf = new Map(articles.map((a) => [a.articleId, a.section]));
  const pairs = nextReads(views);
  const tallies = {
    related: { newspulse: new ScoreTally(k), coVisitation: new ScoreTally(k), mostRead: new ScoreTally(k) },
    popularNow: { newspulse: new ScoreTally(k), mostRead: new ScoreTally(k) },
  };
  const baselines = new Baselines(MOST_READ_WINDOW_MS);
  let fed = 0;
  let pairAt = 0;
  let viewAt = 0;

  for (const [i, t] of steps.entries()) {
    await rankSite(db, site, t, { settings: options.settings });
    fed = baselines.feed(views, fed, t);

    // Popular Now as of t, against every view of the next hour.
    const lists = await readSiteLists(db, site.site);
    const popular = ids(lists.popularNow);
    const mostRead = baselines.mostRead(k);
    while (viewAt < views.length && views[viewAt]!.ts < t) viewAt++;
    for (let v = viewAt; v < views.length && views[v]!.ts < t + POPULAR_HORIZON_MS; v++) {
      tallies.popularNow.newspulse.add(popular, views[v]!.articleId);
      tallies.popularNow.mostRead.add(mostRead, views[v]!.articleId);
    }

    // Related stories as of t, for every view of this step that its session followed with another article.
    while (pairAt < pairs.length && pairs[pairAt]!.ts < t) pairAt++;
    const due = [];
    for (let p = pairAt; p < pairs.length && pairs[p]!.ts < t + options.everyMs; p++) due.push(pairs[p]!);
    const related = await readRelatedLists(db, site.site, [...new Set(due.map((pair) => pair.from))]);
    const sectionLatest = new Map<string, ListItem[] | undefined>();
    for (const pair of due) {
      const section = sectionOf.get(pair.from);
      if (section !== undefined && !sectionLatest.has(section)) sectionLatest.set(section, (await readList(db, site.site, 'latest', section))?.items);
      const sources: WidgetSources = { ...lists, related: related.get(pair.from), latestInSection: section === undefined ? undefined : sectionLatest.get(section) };
      const shown = relatedWithFallback(sources, { articleId: pair.from, section }, k).items;
      tallies.related.newspulse.add(ids(shown), pair.to);
      tallies.related.coVisitation.add(baselines.coVisited(pair.from, k), pair.to);
      tallies.related.mostRead.add(baselines.mostRead(k, pair.from), pair.to);
    }
    onStep(i + 1, steps.length);
  }
  return {
    steps: steps.length,
    views: views.length,
    related: { newspulse: tallies.related.newspulse.score(), coVisitation: tallies.related.coVisitation.score(), mostRead: tallies.related.mostRead.score() },
    popularNow: { newspulse: tallies.popularNow.newspulse.score(), mostRead: tallies.popularNow.mostRead.score() },
  };
}

function ids(items: readonly ListItem[] | undefined): string[] {
  return (items ?? []).map((item) => item.articleId);
}

async function readSiteLists(db: Db, site: string): Promise<WidgetSources> {
  const names = { popularNow: 'popular-now', latest: 'latest', weeklyBest: 'weekly-best', mustReads: 'must-reads' } as const;
  const { items } = await batchGetAll(db, Object.values(names).map((list) => listKey(site, list, undefined)));
  const bySortKey = new Map(items.map((item) => [String(item.sk), parseStoredList(item).items]));
  return Object.fromEntries(Object.entries(names).map(([key, list]) => [key, bySortKey.get(listKey(site, list, undefined).sk)]));
}

async function readRelatedLists(db: Db, site: string, articleIds: string[]): Promise<Map<string, ListItem[]>> {
  if (articleIds.length === 0) return new Map();
  const { items } = await batchGetAll(db, articleIds.map((id) => relatedKey(site, id)));
  return new Map(items.map((item) => [String(item.sk), parseStoredList(item).items]));
}
