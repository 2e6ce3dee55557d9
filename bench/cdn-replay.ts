import { CACHE_KEY_QUERY } from '../infra/constructs/cached-read-cdn.ts';
import { fnv1a } from '../shared/fnv.ts';
import { DAY_MS } from '../shared/time.ts';
import { sortedEvents, syntheticCatalog } from '../sim/synthetic-traffic.ts';
import type { BenchContext } from './context.ts';
import { BENCH_AT, scaleShape } from './rank-scale-data.ts';
import { int, num, type SectionResult } from './report.ts';

/** Page views a week of the sites priced in the cost section. */
export const COST_SIZES = [100_000, 1_000_000, 10_000_000];
/** The read API's shared cache lifetime (shared/http/cache.ts: s-maxage) and a longer one, for comparison. */
const TTLS_S = [60, 300];
/** CloudFront caches per edge location; 13 regional edge caches sit behind them. A site's readers in a few regions. */
const REGIONAL_CACHES = 10;
/** What a newsroom publishes a day, for the second catalog: the synthetic one grows with the traffic (50 views an article). */
const NEWSROOM_ARTICLES_PER_DAY = 200;

/**
 * The CDN hit ratio of `/widgets`, by replaying a simulated day of page views against the cache rules: every
 * article page asks one URL (widgets.js sends only the page's own parameters, CACHE_KEY_QUERY), and a cache
 * answers it until the cached copy is s-maxage old, then goes to the origin once (stale-while-revalidate
 * serves the reader from cache meanwhile, but the origin request is made all the same: it is counted as a
 * miss here, since the origin is what costs).
 */
export async function cdnReplay(ctx: BenchContext): Promise<SectionResult> {
  const rows: string[][] = [];
  const bySize = new Map<number, number>();
  const oneCache = new Map<number, number>();
  for (const weekly of COST_SIZES) {
    for (const newsroom of [false, true]) {
      const shape = scaleShape(weekly);
      // The catalog is published over the day and the two before it (sim/'s back catalog).
      const articles = newsroom ? NEWSROOM_ARTICLES_PER_DAY * 3 : Math.round((shape.articles * 3) / 7);
      const options = { seed: 7, start: BENCH_AT - DAY_MS, end: BENCH_AT, articles, sessions: Math.round(shape.sessions / 7) };
      const catalog = syntheticCatalog(options);
      const pageViews: { ts: number; key: string; reader: number }[] = [];
      for (const { event, bot } of sortedEvents(options, catalog)) {
        if (bot || event.type !== 'view') continue;
        pageViews.push({ ts: event.ts, key: event.articleId, reader: fnv1a(event.sessionId) });
      }
      const keys = new Set(pageViews.map((v) => v.key)).size;
      const cells: string[] = [];
      for (const ttl of TTLS_S) {
        for (const caches of [1, REGIONAL_CACHES]) {
          const ratio = hitRatio(pageViews, ttl * 1000, caches);
          cells.push(`${num(ratio * 100, 1)}%`);
          if (!newsroom && ttl === TTLS_S[0]) (caches === REGIONAL_CACHES ? bySize : oneCache).set(weekly, ratio);
        }
      }
      rows.push([int(weekly), newsroom ? `${NEWSROOM_ARTICLES_PER_DAY} new a day` : `${int(Math.round(shape.articles / 7))} new a day (50 views each)`, int(pageViews.length), int(keys), ...cells]);
      ctx.log(`  ${int(weekly)} a week, ${newsroom ? 'newsroom' : 'synthetic'} catalog: ${int(pageViews.length)} page views, ${int(keys)} URLs, ${cells.join(' / ')}`);
    }
  }
  ctx.measurements.cdnHitRatios = { bySize, oneCache };
  return {
    tables: [
      {
        caption: `**/widgets hit ratio by replay** (one simulated day of page views per site size, sim/'s readers; the cache key is ${CACHE_KEY_QUERY.map((q) => `\`${q}\``).join(', ')}, so one URL per article page)`,
        header: ['page views a week', 'catalog', 'page views in the day', 'distinct URLs', ...TTLS_S.flatMap((ttl) => [`${ttl} s, one cache`, `${ttl} s, ${REGIONAL_CACHES} caches`])],
        rows,
      },
    ],
    notes: [
      '"One cache" is what Origin Shield gives (every edge asks one regional cache); "10 caches" spreads each site\'s ' +
        'readers over ten regional edge caches by reader, a conservative stand-in for a site read in several regions. ' +
        'The cost section prices the CDN path with the 60 s, 10-cache ratio of the synthetic catalog, the most ' +
        'pessimistic here, and the read function\'s own minute-long cache (one per warm container) with the 60 s, ' +
        'one-cache ratio.',
      'Before issue 15 every reader sent its own reading history (`read`), so every request was a distinct URL ' +
        'and the hit ratio was near 0 whatever the traffic; the 50% the cost used to assume was not reachable.',
      'The synthetic catalog grows with the traffic (50 views per article, as in the rank benchmark): thousands of ' +
        'new articles a day for the larger sizes, far more than a newsroom publishes, which keeps many URLs cold.',
      'A longer s-maxage raises the ratio but delays the lists behind each rank run by as much; the API keeps 60 s.',
    ],
  };
}

/** Share of page views a cache answers: per cache and URL, the first view after the copy aged out goes to the origin. */
export function hitRatio(pageViews: { ts: number; key: string; reader: number }[], ttlMs: number, caches: number): number {
  const filled = new Map<string, number>();
  let misses = 0;
  for (const view of pageViews) {
    const slot = `${view.reader % caches}\t${view.key}`;
    const at = filled.get(slot);
    if (at === undefined || view.ts - at >= ttlMs) {
      misses++;
      filled.set(slot, view.ts);
    }
  }
  return pageViews.length ? 1 - misses / pageViews.length : 0;
}
