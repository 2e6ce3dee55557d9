import { fnv1a } from '../fnv.ts';
import { HOUR_MS } from '../time.ts';
import type { TrailEngagement, TrailView } from './trail-item.ts';

/**
 * What the rank job needs of one hour of one site, computed from that hour's session trails (and the
 * hour before, for sessions that span the boundary). Closed hours are stored in this form (a rollup), so a
 * weekly ranking reads 168 compact aggregates instead of every view.
 */
export interface HourAggregate {
  hour: string;
  /** Counted views per article, per 10-minute slot of the hour (6 numbers), so decay stays precise. */
  views: Map<string, number[]>;
  /** Per article: [engaged page views, engaged seconds (capped per page view), scroll depth sum]. */
  engagement: Map<string, [number, number, number]>;
  /** Co-reads: `a\tb` (a < b) → sessions (at most one per address) that read both, counted in the hour of the later view. */
  pairs: Map<string, number>;
  /** Views left out as automation: a session's views of more distinct articles than the rules allow. */
  ignoredViews: number;
}

/**
 * What counts in an hour, whatever clients send: only listed articles (the catalog's), and per session only
 * the first `maxArticlesPerSession` distinct articles of the hour, by time. A person reads a few articles an
 * hour; a session claiming hundreds is automation, and without the cap one such session would give the rank
 * job millions of co-read pairs (n articles make n²/2).
 */
export interface CountingRules {
  listed(articleId: string): boolean;
  maxArticlesPerSession: number;
  /**
   * Views of one article from one client address (its day hash, on live views) counted in an hour: an office or
   * a carrier NAT has a few readers of a story, a script rotating User-Agents (each a new visitor) has hundreds.
   */
  maxViewsPerAddressAndArticle: number;
}

/** No filtering: every article counts, every session in full (tests of the aggregation itself). */
const EVERYTHING: CountingRules = { listed: () => true, maxArticlesPerSession: Infinity, maxViewsPerAddressAndArticle: Infinity };

export const SLOTS_PER_HOUR = 6;
const SLOT_MS = HOUR_MS / SLOTS_PER_HOUR;
/** Engaged time per page view beyond this is a tab left open, not reading. */
const ENGAGE_CAP_SECONDS = 600;

export function emptyAggregate(hour: string): HourAggregate {
  return { hour, views: new Map(), engagement: new Map(), pairs: new Map(), ignoredViews: 0 };
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\t${b}` : `${b}\t${a}`;
}

/**
 * Co-reads across the hours of one UTC day (a visitor counts a pair once a day): `countedBefore` says whether
 * a digest (pairDigest) was counted in an earlier hour of the day, and `counted` receives this hour's.
 */
export interface DayPairs {
  countedBefore(digest: number): boolean;
  counted: number[];
}

/** The digest of one visitor's (or one address's) co-read of a pair: FNV-1a of `who\tpair`. */
export function pairDigest(who: string, pair: string): number {
  return fnv1a(`${who}\t${pair}`);
}

/**
 * Aggregates one hour. `previous` is the hour before (views and engagements): sessions reading across the
 * boundary still produce co-reads, and running engagement totals that continue into this hour only add
 * their increase. Views are counted by `rules` (countedViews); the engagement of an ignored view's page view,
 * or of an unlisted article, is left out too. With `day`, a pair counted for the same visitor or address in an
 * earlier hour of the day is left out. Pure: same input, same output.
 */
export function aggregateHour(
  hour: string,
  hourStartMs: number,
  current: { views: TrailView[]; engagements: TrailEngagement[] },
  previous: { views: TrailView[]; engagements: TrailEngagement[] },
  rules: CountingRules = EVERYTHING,
  day?: DayPairs,
): HourAggregate {
  const out = emptyAggregate(hour);
  const here = countedViews(current.views, rules);
  const before = countedViews(previous.views, rules);
  out.ignoredViews = here.ignored;

  for (const view of here.counted) {
    const slot = Math.min(SLOTS_PER_HOUR - 1, Math.max(0, Math.floor((view.ts - hourStartMs) / SLOT_MS)));
    let slots = out.views.get(view.articleId);
    if (!slots) out.views.set(view.articleId, (slots = new Array<number>(SLOTS_PER_HOUR).fill(0)));
    slots[slot]! += 1;
  }

  const earlierArticles = groupBySession(before.counted);
  const hereArticles = groupBySession(here.counted);
  // Engagement counts only for a view counted in this hour or the one before, by the same visitor: a client
  // cannot send engaged time for an article it did not read (or whose view was left out).
  const ignoredPageView = (e: TrailEngagement) => !(hereArticles.get(e.sessionId)?.has(e.articleId) || earlierArticles.get(e.sessionId)?.has(e.articleId));
  const earlierEngagement = new Map<string, TrailEngagement>();
  for (const e of previous.engagements) earlierEngagement.set(`${e.sessionId}\t${e.articleId}`, e);
  for (const e of current.engagements) {
    if (ignoredPageView(e)) continue;
    const earlier = earlierEngagement.get(`${e.sessionId}\t${e.articleId}`);
    const seconds = Math.min(e.seconds, ENGAGE_CAP_SECONDS) - Math.min(earlier?.seconds ?? 0, ENGAGE_CAP_SECONDS);
    const depth = e.scrollDepth - (earlier?.scrollDepth ?? 0);
    let entry = out.engagement.get(e.articleId);
    if (!entry) out.engagement.set(e.articleId, (entry = [0, 0, 0]));
    if (!earlier) entry[0] += 1;
    entry[1] += Math.max(0, seconds);
    entry[2] += Math.max(0, depth);
  }

  // A pair counts once per visitor, and once per client address: visitors behind one address (or one script
  // rotating User-Agents) add one co-read of a pair an hour, not one each.
  const addressOf = new Map<string, string>();
  for (const views of [before.counted, here.counted]) {
    for (const view of views) if (view.addressHash !== undefined) addressOf.set(view.sessionId, view.addressHash);
  }
  const pairsOfAddress = new Map<string, Set<string>>();
  for (const [session, articles] of hereArticles) {
    const list = [...articles];
    const seenBefore = earlierArticles.get(session);
    const address = addressOf.get(session);
    let counted = address === undefined ? undefined : pairsOfAddress.get(address);
    if (!counted) {
      counted = new Set<string>();
      if (address !== undefined) pairsOfAddress.set(address, counted);
    }
    const who = address ?? session;
    const add = (a: string, b: string) => addPair(out, a, b, counted, who, day);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) add(list[i]!, list[j]!);
      // An article read in both hours already paired with the earlier hour's articles there.
      if (seenBefore && !seenBefore.has(list[i]!)) {
        for (const other of seenBefore) if (!articles.has(other)) add(list[i]!, other);
      }
    }
  }
  return out;
}

/**
 * The views of one hour that count under `rules`, in time order, and how many were ignored as automation
 * (views of listed articles beyond a session's first `maxArticlesPerSession`, or beyond an address's
 * `maxViewsPerAddressAndArticle`). Views of unlisted articles are left out without counting as either.
 */
export function countedViews(views: TrailView[], rules: CountingRules): { counted: TrailView[]; ignored: number } {
  const sorted = views.filter((view) => rules.listed(view.articleId)).sort((a, b) => a.ts - b.ts);
  const taken = new Map<string, Set<string>>();
  const perAddress = new Map<string, number>();
  const counted: TrailView[] = [];
  let ignored = 0;
  for (const view of sorted) {
    let articles = taken.get(view.sessionId);
    if (!articles) taken.set(view.sessionId, (articles = new Set()));
    if (!articles.has(view.articleId) && articles.size >= rules.maxArticlesPerSession) {
      ignored++;
      continue;
    }
    if (view.addressHash !== undefined) {
      const key = `${view.addressHash}\t${view.articleId}`;
      const n = perAddress.get(key) ?? 0;
      if (n >= rules.maxViewsPerAddressAndArticle) {
        ignored++;
        continue;
      }
      perAddress.set(key, n + 1);
    }
    articles.add(view.articleId);
    counted.push(view);
  }
  return { counted, ignored };
}

function addPair(out: HourAggregate, a: string, b: string, counted: Set<string>, who: string, day: DayPairs | undefined) {
  if (a === b) return;
  const key = pairKey(a, b);
  if (counted.has(key)) return; // one session (one address) counts a pair once
  counted.add(key);
  if (day) {
    const digest = pairDigest(who, key);
    if (day.countedBefore(digest)) return; // counted for this visitor (address) earlier today
    day.counted.push(digest);
  }
  out.pairs.set(key, (out.pairs.get(key) ?? 0) + 1);
}

function groupBySession(views: TrailView[]): Map<string, Set<string>> {
  const sessions = new Map<string, Set<string>>();
  for (const view of views) {
    let set = sessions.get(view.sessionId);
    if (!set) sessions.set(view.sessionId, (set = new Set()));
    set.add(view.articleId);
  }
  return sessions;
}
