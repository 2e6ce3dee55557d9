import { HOUR_MS } from '../time.ts';
import { SLOTS_PER_HOUR } from './hour-aggregate.ts';
import type { RankWindow } from './load-window.ts';
import type { RankSettings } from './rank-settings.ts';

/** Per-article signals over the window, computed once per run and shared by every ranker. */
export interface WindowStats {
  /** Views in the trailing weekly-best window. */
  weeklyViews: Map<string, number>;
  /** Views in the Popular Now window, and the same views weighted by their age. */
  recentViews: Map<string, number>;
  decayedViews: Map<string, number>;
  /** [engaged page views, engaged seconds, scroll depth sum] over the window. */
  engagement: Map<string, [number, number, number]>;
  /** Co-read sessions: article → partner → sessions. */
  coReads: Map<string, Map<string, number>>;
}

const SLOT_MS = HOUR_MS / SLOTS_PER_HOUR;

/** Pure: folds the window's hourly aggregates into per-article signals as of `window.at`. */
export function windowStats(window: RankWindow, settings: RankSettings): WindowStats {
  const at = window.at;
  const weeklyFrom = at - settings.weeklyBest.days * 24 * HOUR_MS;
  const recentFrom = at - settings.popularNow.windowHours * HOUR_MS;
  const halfLifeMs = settings.popularNow.halfLifeMinutes * 60_000;
  const stats: WindowStats = {
    weeklyViews: new Map(),
    recentViews: new Map(),
    decayedViews: new Map(),
    engagement: new Map(),
    coReads: new Map(),
  };

  for (const { start, aggregate } of window.hours) {
    for (const [article, slots] of aggregate.views) {
      for (let slot = 0; slot < slots.length; slot++) {
        const n = slots[slot]!;
        if (n === 0) continue;
        // A slot's views are taken at its middle, or at `at` for the slot still running.
        const t = Math.min(at, start + slot * SLOT_MS + SLOT_MS / 2);
        if (t >= weeklyFrom) add(stats.weeklyViews, article, n);
        if (t >= recentFrom) {
          add(stats.recentViews, article, n);
          add(stats.decayedViews, article, n * 2 ** (-(at - t) / halfLifeMs));
        }
      }
    }
    if (start + HOUR_MS <= weeklyFrom) continue;
    for (const [article, [n, s, d]] of aggregate.engagement) {
      const entry = stats.engagement.get(article) ?? [0, 0, 0];
      stats.engagement.set(article, [entry[0] + n, entry[1] + s, entry[2] + d]);
    }
    for (const [key, n] of aggregate.pairs) {
      const tab = key.indexOf('\t');
      const a = key.slice(0, tab);
      const b = key.slice(tab + 1);
      addPartner(stats.coReads, a, b, n);
      addPartner(stats.coReads, b, a, n);
    }
  }
  return stats;
}

function add(map: Map<string, number>, key: string, n: number) {
  map.set(key, (map.get(key) ?? 0) + n);
}

function addPartner(map: Map<string, Map<string, number>>, a: string, b: string, n: number) {
  let partners = map.get(a);
  if (!partners) map.set(a, (partners = new Map()));
  partners.set(b, (partners.get(b) ?? 0) + n);
}
