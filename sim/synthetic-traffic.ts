import type { Article } from '../shared/catalog/article.ts';
import type { TimedEvent } from '../shared/ingest/record-events.ts';
import { ArticlePicker } from './article-picker.ts';
import { createRandom, foldSeed, hashText, mix32, subSeed } from './random.ts';
import { syntheticCatalog } from './synthetic-catalog.ts';
import { resolveTrafficOptions, type ResolvedTrafficOptions, type TrafficOptions } from './traffic-options.ts';
import { BOT_USER_AGENTS, HUMAN_USER_AGENTS, pickUserAgent } from './user-agents.ts';

/**
 * Seeded synthetic readers of a news site, for the rank job's tests, benchmarks and `newspulse simulate`:
 * - popularity is power-law (Zipf, exponent 1) times an interest that halves every 6 hours after publishing
 *   (see article-picker.ts); nobody reads an article before it is published;
 * - a session reads a few articles (geometric, mean 3, at most 15) minutes apart, staying in the section of
 *   the article it just read with probability 0.6, and never opens the same article twice;
 * - some sessions are crawlers (a bot user agent that `isbot` flags) and some reload one article 10-30 times,
 *   which is what ingest must ignore;
 * - half the human views are followed by an engage event whose engaged time and scroll depth depend on an
 *   article-level quality, so some articles are consistently read longer (what Must-Reads looks for).
 * Deterministic for a seed. Events stream session by session, so millions of them need no memory.
 */

export type { TrafficOptions } from './traffic-options.ts';
export { createRandom } from './random.ts';
export { syntheticCatalog } from './synthetic-catalog.ts';
export { BOT_USER_AGENTS, HUMAN_USER_AGENTS } from './user-agents.ts';

export interface TrafficEvent {
  event: TimedEvent;
  /** What the beacon request would carry; ingest decides "bot" from it. */
  userAgent: string;
  /** The truth, for checking that ingest ignored what it should. */
  bot: boolean;
}

/** Probability that the next article comes from the section of the one just read. */
const TOPIC_AFFINITY = 0.6;
/** Views per session are geometric with this mean, capped at MAX_SESSION_VIEWS. */
const MEAN_SESSION_VIEWS = 3;
export const MAX_SESSION_VIEWS = 15;

const SESSION_STREAM = 2;
const POPULARITY_STREAM = 3;
const SESSION_ID_STREAM = 4;
/** Tries to find an article the session has not read before giving up (the session then ends). */
const PICK_TRIES = 8;
const CONTINUE = 1 - 1 / MEAN_SESSION_VIEWS;

/**
 * Events session by session, in order of session start; each session's events in time order; NOT globally
 * sorted (use sortedEvents, or sort a window yourself). Options are checked when called, not when iterated.
 */
export function syntheticEvents(options: TrafficOptions, catalog?: Article[]): Generator<TrafficEvent> {
  const resolved = resolveTrafficOptions(options);
  return generate(resolved, catalog ?? syntheticCatalog(resolved));
}

/** An event as one line of `newspulse import` (its time in ISO, the user agent it came with). */
export function importLine({ event, userAgent }: TrafficEvent): string {
  return JSON.stringify({ ...event, ts: new Date(event.ts).toISOString(), userAgent });
}

/** All events sorted by time, stable (small sizes: tests and demos; it holds everything in memory). */
export function sortedEvents(options: TrafficOptions, catalog?: Article[]): TrafficEvent[] {
  return Array.from(syntheticEvents(options, catalog)).sort((a, b) => a.event.ts - b.event.ts);
}

/**
 * How well an article holds its readers, 0.3..1.7 (1 on average): a fixed property of the article id and seed,
 * so it is the same whatever the catalog order, and tests can check that engagement follows it.
 */
export function articleQuality(seed: number, articleId: string): number {
  return 0.3 + (1.4 * hashText(articleId, seed)) / 4_294_967_296;
}

/**
 * A session id unique per (seed, session index) that looks random like a beacon's per-tab id, so the trail's
 * shards (a hash of the session id) fill as evenly as with real traffic: 's', the seed, then a bijective mix
 * of the index (distinct indexes, distinct ids).
 */
function syntheticSessionId(seed: number, index: number): string {
  const mixed = mix32((index ^ mix32(subSeed(seed, SESSION_ID_STREAM))) >>> 0);
  return `s${foldSeed(seed).toString(36).padStart(7, '0')}${mixed.toString(36).padStart(7, '0')}`;
}

function* generate(options: ResolvedTrafficOptions, catalog: readonly Article[]): Generator<TrafficEvent> {
  const { seed, start, end, sessions, botShare, refresherShare, engageShare } = options;
  const random = createRandom(subSeed(seed, SESSION_STREAM));
  const picker = new ArticlePicker(catalog, createRandom(subSeed(seed, POPULARITY_STREAM)));
  const quality = Float64Array.from(catalog, (a) => articleQuality(seed, a.articleId));
  const span = end - start;
  const read = new Int32Array(MAX_SESSION_VIEWS);

  for (let s = 0; s < sessions; s++) {
    // Evenly spread with jitter: increasing in s, so the stream comes in order of session start.
    let t = start + Math.floor(((s + random()) / sessions) * span);
    const sessionId = syntheticSessionId(seed, s);
    const kind = random();
    const bot = kind < botShare;
    const refresher = !bot && kind < botShare + refresherShare;
    const userAgent = pickUserAgent(bot ? BOT_USER_AGENTS : HUMAN_USER_AGENTS, random());
    let index = picker.pick(t, random());
    if (index < 0) continue; // nothing published yet

    if (refresher) {
      const times = 10 + Math.floor(random() * 21);
      for (let k = 0; k < times && t < end; k++) {
        yield { event: { type: 'view', articleId: catalog[index]!.articleId, sessionId, ts: t }, userAgent, bot };
        t += 60_000 + Math.floor(random() * 60_000);
      }
      continue;
    }

    const length = Math.min(MAX_SESSION_VIEWS, 1 + Math.floor(Math.log(1 - random()) / Math.log(CONTINUE)));
    let views = 0;
    for (;;) {
      const article = catalog[index]!;
      read[views++] = index;
      yield { event: { type: 'view', articleId: article.articleId, sessionId, ts: t }, userAgent, bot };
      // Time on the page: skewed (most reads are short, a few long), longer for better articles.
      const readingMs = Math.min(600_000, 15_000 + Math.floor(-Math.log(1 - random()) * 100_000 * quality[index]!));
      if (!bot && random() < engageShare && t + readingMs < end) {
        yield { event: engageEvent(article.articleId, sessionId, t + readingMs, readingMs, random()), userAgent, bot };
      }
      if (views >= length) break;
      t += readingMs + 5_000 + Math.floor(random() * 40_000);
      if (t >= end) break;
      index = nextArticle(picker, t, random, article.section, read, views);
      if (index < 0) break;
    }
  }
}

/** The beacon's flush when the reader leaves: engaged time a share of time on the page, scroll growing with it. */
function engageEvent(articleId: string, sessionId: string, ts: number, readingMs: number, u: number): TimedEvent {
  const seconds = Math.max(5, Math.min(600, Math.round((readingMs / 1000) * (0.6 + 0.4 * u))));
  const scrollDepth = Math.round(100 * Math.min(1, 0.1 + 0.9 * (1 - Math.exp(-seconds / 90)) * (0.7 + 0.3 * u))) / 100;
  return { type: 'engage', articleId, sessionId, seconds, scrollDepth, ts };
}

/** Mostly the same section as the article just read, else anywhere; never one the session has read. */
function nextArticle(
  picker: ArticlePicker,
  t: number,
  random: () => number,
  section: string | undefined,
  read: Int32Array,
  views: number,
): number {
  const within = section !== undefined && random() < TOPIC_AFFINITY ? section : undefined;
  for (let tries = 0; tries < 2 * PICK_TRIES; tries++) {
    // Half the tries in the chosen scope; if the section has nothing unread left, anywhere.
    const candidate = picker.pick(t, random(), tries < PICK_TRIES ? within : undefined);
    if (candidate >= 0 && !read.subarray(0, views).includes(candidate)) return candidate;
  }
  return -1;
}
