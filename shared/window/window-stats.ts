import { HOUR_MS } from '../time.ts';
import { CoReadGraph, type CoReads } from './co-read-graph.ts';
import { SLOTS_PER_HOUR } from './hour-aggregate.ts';
import type { RankWindow } from './load-window.ts';

/** Per-article signals over the window, computed once per run and shared by every ranker. */
export interface WindowStats {
  /** Views in the trailing weekly-best window. */
  weeklyViews: Map<string, number>;
  /** Views in the Popular Now window, and the same views weighted by their age. */
  recentViews: Map<string, number>;
  decayedViews: Map<string, number>;
  /** [engaged page views, engaged seconds, scroll depth sum] over the window. */
  engagement: Map<string, [number, number, number]>;
  /** Co-read sessions: article → partner → sessions (a CoReadGraph from windowStats). */
  coReads: CoReads;
}

const SLOT_MS = HOUR_MS / SLOTS_PER_HOUR;

/** The spans the signals cover: part of a site's rank settings (shared/rank/rank-settings.ts). */
export interface WindowSpans {
  weeklyBest: { days: number };
  popularNow: { windowHours: number; halfLifeMinutes: number };
}

/**
 * Pure: folds the window's hourly counts into per-article signals as of `window.at`. Sums run per article
 * in typed arrays, in hour and slot order (so every float is what a per-view sum in that order gives), and
 * the maps list articles in the order they first appear, as the rankers have always seen them.
 */
export function windowStats(window: RankWindow, settings: WindowSpans): WindowStats {
  const at = window.at;
  const weeklyFrom = at - settings.weeklyBest.days * 24 * HOUR_MS;
  const recentFrom = at - settings.popularNow.windowHours * HOUR_MS;
  const halfLifeMs = settings.popularNow.halfLifeMinutes * 60_000;
  const n = window.ids.size;
  const weekly = new Float64Array(n);
  const recent = new Float64Array(n);
  const decayed = new Float64Array(n);
  const engaged = new Float64Array(3 * n);
  // Articles in order of first appearance, per signal.
  const weeklyOrder = new FirstSeen(n);
  const recentOrder = new FirstSeen(n);
  const engagedOrder = new FirstSeen(n);
  const coReads = CoReadGraph.builder(window.ids.ids, (id) => window.ids.positionOf(id));

  for (const { start, counts } of window.hours) {
    const { viewed, slots } = counts;
    for (let v = 0; v < viewed.length; v++) {
      const article = viewed[v]!;
      for (let slot = 0; slot < SLOTS_PER_HOUR; slot++) {
        const views = slots[v * SLOTS_PER_HOUR + slot]!;
        if (views === 0) continue;
        // A slot's views are taken at its middle, or at `at` for the slot still running.
        const t = Math.min(at, start + slot * SLOT_MS + SLOT_MS / 2);
        if (t >= weeklyFrom) {
          weeklyOrder.see(article);
          weekly[article]! += views;
        }
        if (t >= recentFrom) {
          recentOrder.see(article);
          recent[article]! += views;
          decayed[article]! += views * 2 ** (-(at - t) / halfLifeMs);
        }
      }
    }
    if (start + HOUR_MS <= weeklyFrom) continue;
    const { engaged: engagedArticles, engagement } = counts;
    for (let e = 0; e < engagedArticles.length; e++) {
      const article = engagedArticles[e]!;
      engagedOrder.see(article);
      engaged[3 * article]! += engagement[3 * e]!;
      engaged[3 * article + 1]! += engagement[3 * e + 1]!;
      engaged[3 * article + 2]! += engagement[3 * e + 2]!;
    }
    const { pairs, pairSessions } = counts;
    for (let p = 0; p < pairSessions.length; p++) coReads.add(pairs[2 * p]!, pairs[2 * p + 1]!, pairSessions[p]!);
  }

  const ids = window.ids.ids;
  const stats: WindowStats = {
    weeklyViews: new Map(),
    recentViews: new Map(),
    decayedViews: new Map(),
    engagement: new Map(),
    coReads: coReads.build(),
  };
  for (const article of weeklyOrder.order) stats.weeklyViews.set(ids[article]!, weekly[article]!);
  for (const article of recentOrder.order) {
    stats.recentViews.set(ids[article]!, recent[article]!);
    stats.decayedViews.set(ids[article]!, decayed[article]!);
  }
  for (const article of engagedOrder.order) {
    stats.engagement.set(ids[article]!, [engaged[3 * article]!, engaged[3 * article + 1]!, engaged[3 * article + 2]!]);
  }
  return stats;
}

/** Positions in the order they were first seen. */
class FirstSeen {
  readonly order: number[] = [];
  private readonly seen: Uint8Array;

  constructor(size: number) {
    this.seen = new Uint8Array(size);
  }

  see(position: number) {
    if (this.seen[position]) return;
    this.seen[position] = 1;
    this.order.push(position);
  }
}
