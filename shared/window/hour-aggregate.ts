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
  /** Co-reads: `a\tb` (a < b) → sessions that read both, counted in the hour of the later view. */
  pairs: Map<string, number>;
}

export const SLOTS_PER_HOUR = 6;
const SLOT_MS = HOUR_MS / SLOTS_PER_HOUR;
/** Engaged time per page view beyond this is a tab left open, not reading. */
const ENGAGE_CAP_SECONDS = 600;

export function emptyAggregate(hour: string): HourAggregate {
  return { hour, views: new Map(), engagement: new Map(), pairs: new Map() };
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\t${b}` : `${b}\t${a}`;
}

/**
 * Aggregates one hour. `previous` is the hour before (views and engagements): sessions reading across the
 * boundary still produce co-reads, and running engagement totals that continue into this hour only add
 * their increase. Pure: same input, same output.
 */
export function aggregateHour(
  hour: string,
  hourStartMs: number,
  current: { views: TrailView[]; engagements: TrailEngagement[] },
  previous: { views: TrailView[]; engagements: TrailEngagement[] },
): HourAggregate {
  const out = emptyAggregate(hour);

  for (const view of current.views) {
    const slot = Math.min(SLOTS_PER_HOUR - 1, Math.max(0, Math.floor((view.ts - hourStartMs) / SLOT_MS)));
    let slots = out.views.get(view.articleId);
    if (!slots) out.views.set(view.articleId, (slots = new Array<number>(SLOTS_PER_HOUR).fill(0)));
    slots[slot]! += 1;
  }

  const before = new Map<string, TrailEngagement>();
  for (const e of previous.engagements) before.set(`${e.sessionId}\t${e.articleId}`, e);
  for (const e of current.engagements) {
    const earlier = before.get(`${e.sessionId}\t${e.articleId}`);
    const seconds = Math.min(e.seconds, ENGAGE_CAP_SECONDS) - Math.min(earlier?.seconds ?? 0, ENGAGE_CAP_SECONDS);
    const depth = e.scrollDepth - (earlier?.scrollDepth ?? 0);
    let entry = out.engagement.get(e.articleId);
    if (!entry) out.engagement.set(e.articleId, (entry = [0, 0, 0]));
    if (!earlier) entry[0] += 1;
    entry[1] += Math.max(0, seconds);
    entry[2] += Math.max(0, depth);
  }

  const earlierArticles = groupBySession(previous.views);
  for (const [session, articles] of groupBySession(current.views)) {
    const here = [...articles];
    const seenBefore = earlierArticles.get(session);
    const counted = new Set<string>();
    for (let i = 0; i < here.length; i++) {
      for (let j = i + 1; j < here.length; j++) addPair(out, here[i]!, here[j]!, counted);
      // An article read in both hours already paired with the earlier hour's articles there.
      if (seenBefore && !seenBefore.has(here[i]!)) {
        for (const other of seenBefore) if (!articles.has(other)) addPair(out, here[i]!, other, counted);
      }
    }
  }
  return out;
}

function addPair(out: HourAggregate, a: string, b: string, counted: Set<string>) {
  if (a === b) return;
  const key = pairKey(a, b);
  if (counted.has(key)) return; // one session counts a pair once
  counted.add(key);
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
