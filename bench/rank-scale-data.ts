import type { Article } from '../shared/catalog/article.ts';
import { viewSlot } from '../shared/window/trail-item.ts';
import type { TrailEngagement, TrailView } from '../shared/window/trail-item.ts';
import { HOUR_MS, MINUTE_MS, hourStart } from '../shared/time.ts';
import { syntheticEvents, type TrafficOptions } from '../sim/synthetic-traffic.ts';

/**
 * The synthetic site of the rank benchmark, as the counting rules of ingest would have left it: sim/'s readers
 * (power-law popularity with decaying interest, sessions of a few articles with topic affinity, bots,
 * refreshers), minus what ingest ignores (bots, a session's repeat of an article within 30 minutes), grouped
 * by the hour of each event. Pure and streaming: hours come out in order as soon as no later session can add
 * to them, so 5 million views never sit in memory at once.
 */

/** Counted views per session of sim/'s readers (mean 3 a session, fewer for refreshers and cut sessions), measured. */
export const COUNTED_VIEWS_PER_SESSION = 2.85;
/** Views per catalog article over the week: the 1M views on 20,000 articles. */
export const VIEWS_PER_ARTICLE = 50;
/** The bench ranks as of half past an hour: the previous hour is closed (rolled up), the current one is raw. */
export const BENCH_AT = Date.parse('2026-11-20T12:30:00Z');
/**
 * After the first run come STEADY_RUNS more, each this much later (a 5-minute schedule), with the readers of
 * those minutes ingested in between: what a scheduled run costs once lists change only a little.
 */
export const STEADY_STEP_MS = 5 * MINUTE_MS;
export const STEADY_RUNS = 3;
/**
 * Then the run an hour after the first, with the readers of the hour in between: the one that ranks every
 * article's related stories again (related.everyMinutes, 60 by default).
 */
export const HOURLY_AFTER_MS = 60 * MINUTE_MS;
/**
 * No session lasts longer than this: at most 15 views of at most 10 minutes each plus 45 s between them, or a
 * refresher's 30 reloads at most 2 minutes apart. An hour is complete once sessions start this long after it.
 */
const MAX_SESSION_MS = 3 * HOUR_MS;

/** What to generate for a target number of counted views. */
export interface ScaleShape {
  seed: number;
  /** Ranking time of the first run. */
  at: number;
  /** Hours of the window (the weekly ranking's 168), ending with the hour of `at`. */
  hours: number;
  articles: number;
  sessions: number;
}

/** Sizes grow together: a site with five times the views has five times the articles and the readers. */
export function scaleShape(views: number, seed = 1, at = BENCH_AT): ScaleShape {
  return {
    seed,
    at,
    hours: 7 * 24,
    articles: Math.max(100, Math.round(views / VIEWS_PER_ARTICLE)),
    sessions: Math.max(100, Math.round(views / COUNTED_VIEWS_PER_SESSION)),
  };
}

/**
 * Traffic from the first hour of the window to the hourly run (the readers of the runs after the first).
 * The first hour starts exactly where the rank job's window starts, so every counted view is ranked.
 */
export function trafficOptions(shape: ScaleShape): TrafficOptions {
  const firstHour = hourStart(shape.at) - (shape.hours - 1) * HOUR_MS;
  return { seed: shape.seed, start: firstHour, end: shape.at + HOURLY_AFTER_MS, articles: shape.articles, sessions: shape.sessions };
}

/** One hour of counted events, and the counted events of the hour before (what an aggregate needs). */
export interface CountedHour {
  start: number;
  views: TrailView[];
  engagements: TrailEngagement[];
  previous: { views: TrailView[]; engagements: TrailEngagement[] };
  /** Sessions with a counted view this hour. */
  sessions: number;
}

/**
 * Counted views and engagements hour by hour, oldest first, from `options.start` to the hour of
 * `options.end`, by the rules of shared/ingest/record-events.ts: bots write nothing; a view in the same half
 * hour of the clock (viewSlot) as a counted view of that article by the same session is a repeat.
 */
export function* countedHours(options: TrafficOptions, catalog: Article[]): Generator<CountedHour> {
  const buckets = new Map<number, { views: TrailView[]; engagements: TrailEngagement[]; sessions: Set<string> }>();
  const bucket = (ts: number) => {
    const start = hourStart(ts);
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = { views: [], engagements: [], sessions: new Set() }));
    return b;
  };
  const lastHour = hourStart(options.end - 1);
  let next = hourStart(options.start);
  const complete = function* (until: number): Generator<CountedHour> {
    for (; next <= lastHour && next + HOUR_MS + MAX_SESSION_MS <= until; next += HOUR_MS) yield take(next);
  };
  const take = (start: number): CountedHour => {
    const here = buckets.get(start) ?? { views: [], engagements: [], sessions: new Set<string>() };
    const before = buckets.get(start - HOUR_MS) ?? { views: [], engagements: [] };
    buckets.delete(start - HOUR_MS); // the next hour only needs this one
    return { start, views: here.views, engagements: here.engagements, previous: before, sessions: here.sessions.size };
  };

  let session = '';
  const lastSlot = new Map<string, number>(); // this session's article → slot of its last counted view
  for (const { event, bot } of syntheticEvents(options, catalog)) {
    if (event.sessionId !== session) {
      // Sessions come in order of start: hours that ended long enough before this one can take no more.
      yield* complete(event.ts);
      session = event.sessionId;
      lastSlot.clear();
    }
    if (bot) continue;
    if (event.type === 'view') {
      const slot = viewSlot(event.ts);
      if (lastSlot.get(event.articleId) === slot) continue;
      lastSlot.set(event.articleId, slot);
      const b = bucket(event.ts);
      b.views.push({ sessionId: event.sessionId, articleId: event.articleId, ts: event.ts });
      b.sessions.add(event.sessionId);
    } else {
      bucket(event.ts).engagements.push({
        sessionId: event.sessionId,
        articleId: event.articleId,
        seconds: event.seconds,
        scrollDepth: event.scrollDepth ?? 0,
        ts: event.ts,
      });
    }
  }
  yield* complete(Infinity);
}
