import type { ArticleIds } from './article-ids.ts';
import { SLOTS_PER_HOUR, type HourAggregate } from './hour-aggregate.ts';
import { parseRollup } from './rollup-format.ts';

/**
 * An hour aggregate as the rank job holds it for a run: the same numbers as HourAggregate, in the same order,
 * with articles as positions in the run's ArticleIds and everything in typed arrays. 168 of them make a week.
 */
export interface HourCounts {
  hour: string;
  /** Viewed articles, and their views per 10-minute slot (SLOTS_PER_HOUR numbers per article). */
  viewed: Int32Array;
  slots: Uint32Array;
  /** Engaged articles, and [engaged page views, engaged seconds, scroll depth sum] per article. */
  engaged: Int32Array;
  engagement: Float64Array;
  /** Co-read pairs, two articles each, and the sessions that read both. */
  pairs: Int32Array;
  pairSessions: Uint32Array;
  /** Views left out as automation (HourAggregate.ignoredViews). */
  ignoredViews: number;
}

export function emptyHourCounts(hour: string): HourCounts {
  return { hour, viewed: new Int32Array(0), slots: new Uint32Array(0), engaged: new Int32Array(0), engagement: new Float64Array(0), pairs: new Int32Array(0), pairSessions: new Uint32Array(0), ignoredViews: 0 };
}

/**
 * Which co-read pairs a run keeps: all (`true`), none (`false`: a run that ranks no related stories), or those
 * a predicate of the two articles' positions accepts (one shard of a big site's related stories).
 */
export type PairsWanted = boolean | ((a: number, b: number) => boolean);

function pairFilter(wanted: PairsWanted): ((a: number, b: number) => boolean) | undefined {
  if (wanted === false) return undefined;
  return wanted === true ? () => true : wanted;
}

/** Collects an hour's entries in arrival order (the order of the aggregate's maps). */
class HourCountsBuilder {
  private readonly viewed: number[] = [];
  private readonly slots: number[] = [];
  private readonly engaged: number[] = [];
  private readonly engagement: number[] = [];
  private readonly pairs: number[] = [];
  private readonly pairSessions: number[] = [];
  ignoredViews = 0;

  views(article: number, slots: ArrayLike<number>) {
    this.viewed.push(article);
    for (let k = 0; k < SLOTS_PER_HOUR; k++) this.slots.push(slots[k] ?? 0);
  }

  engage(article: number, n: number, seconds: number, depth: number) {
    this.engaged.push(article);
    this.engagement.push(n, seconds, depth);
  }

  pair(a: number, b: number, sessions: number) {
    this.pairs.push(a, b);
    this.pairSessions.push(sessions);
  }

  build(hour: string): HourCounts {
    return {
      hour,
      viewed: Int32Array.from(this.viewed),
      slots: Uint32Array.from(this.slots),
      engaged: Int32Array.from(this.engaged),
      engagement: Float64Array.from(this.engagement),
      pairs: Int32Array.from(this.pairs),
      pairSessions: Uint32Array.from(this.pairSessions),
      ignoredViews: this.ignoredViews,
    };
  }
}

/**
 * The counts of an aggregate computed from raw trails (the current hour, or one without a rollup). Articles
 * the run's ids do not hold (a closed set: the catalog) are left out.
 */
export function hourCountsFromAggregate(aggregate: HourAggregate, ids: ArticleIds, pairs: PairsWanted = true): HourCounts {
  const keep = pairFilter(pairs);
  const builder = new HourCountsBuilder();
  for (const [article, slots] of aggregate.views) {
    const at = ids.lookup(article);
    if (at !== undefined) builder.views(at, slots);
  }
  for (const [article, [n, s, d]] of aggregate.engagement) {
    const at = ids.lookup(article);
    if (at !== undefined) builder.engage(at, n, s, d);
  }
  for (const [key, n] of keep ? aggregate.pairs : []) {
    const tab = key.indexOf('\t');
    const a = ids.lookup(key.slice(0, tab));
    const b = ids.lookup(key.slice(tab + 1));
    if (a !== undefined && b !== undefined && keep!(a, b)) builder.pair(a, b, n);
  }
  builder.ignoredViews = aggregate.ignoredViews;
  return builder.build(aggregate.hour);
}

/**
 * The counts of a stored rollup, straight from its lines: no string per pair and no per-hour maps, which would
 * be most of the time and memory of decoding a week of rollups. Articles the run's ids do not hold are left
 * out, and the pairs `pairs` does not want (when none are, their lines are not even scanned).
 */
export function decodeHourCounts(hour: string, lines: Iterable<string>, ids: ArticleIds, options: { pairs: PairsWanted } = { pairs: true }): HourCounts {
  const builder = new HourCountsBuilder();
  const keep = pairFilter(options.pairs);
  const local: number[] = []; // rollup position → run position, -1 for an article the run leaves out
  parseRollup(lines, SLOTS_PER_HOUR, {
    article: (position, articleId) => {
      local[position] = ids.lookup(articleId) ?? -1;
    },
    views: (position, slots) => {
      if (local[position]! >= 0) builder.views(local[position]!, slots);
    },
    engagement: (position, n, s, d) => {
      if (local[position]! >= 0) builder.engage(local[position]!, n, s, d);
    },
    ...(keep
      ? {
          pair: (a: number, b: number, n: number) => {
            if (local[a]! >= 0 && local[b]! >= 0 && keep(local[a]!, local[b]!)) builder.pair(local[a]!, local[b]!, n);
          },
        }
      : {}),
    ignored: (n) => {
      builder.ignoredViews += n;
    },
  });
  return builder.build(hour);
}
