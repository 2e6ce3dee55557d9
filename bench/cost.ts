import { REQUEST_LOG_SAMPLE_RATE } from '../functions/telemetry.ts';
import { COST_SIZES } from './cdn-replay.ts';
import type { BenchContext } from './context.ts';
import { PRICES, PRICES_AS_OF } from './prices.ts';
import { dollars, int, num, type SectionResult } from './report.ts';

/**
 * What one page view sends (web/beacon.js, web/widgets.js): a view beacon to the ingest function URL, whose
 * answer carries the view count; an engagement beacon when the reader leaves; one /widgets request, to the
 * read function URL (the default) or through the CDN.
 */
const PER_PAGE_VIEW = { viewBeacons: 1, engageBeacons: 1, widgets: 1 };
/** Read units of the view count the view beacon reads beside its write (one GetItem of a small stats item). */
const STATS_READ_UNITS = 0.5;
/** One EMF document a minute per warm ingest container (functions/telemetry.ts); a sampled log line per 1,000 requests. */
const EMF_LINE_BYTES = 600;
const SAMPLED_LINE_BYTES = 300;
const MINUTES_PER_MONTH = 30 * 24 * 60;
const GB = 1024 ** 3;

/** Assumptions where this run measured nothing: each is listed under the table when used. */
const FALLBACK = {
  countedWu: 1,
  engageWu: 1,
  widgetRu: 3.5,
  widgetGzipBytes: 1_750,
  ingestMs: 20,
  readMs: 15,
  memoryMb: 256,
  /** /widgets hit ratios if the cdn section did not run: its last full run's 60 s figures (10 caches / one cache). */
  cdnHit: new Map([[100_000, 0.028], [1_000_000, 0.107], [10_000_000, 0.211]]),
  containerHit: new Map([[100_000, 0.167], [1_000_000, 0.331], [10_000_000, 0.434]]),
  /** The rank job per month by counted views a week, from the full run at dddbf8c (docs/benchmarks.md then). */
  rankMonthly: [
    { views: 100_000, month: 0.5 },
    { views: 1_000_000, month: 4.14 },
    { views: 10_000_000, month: 90.95 },
  ],
};

/** The goals of issue 15, for a site of 1M page views a week. */
const GOAL_SIZE = 1_000_000;
const GOAL = 2.0;
const MOONSHOT = 1.0;

/** All-in cost per million page views at list prices, by site size, from what the other sections measured. */
export async function cost(ctx: BenchContext): Promise<SectionResult> {
  const m = ctx.measurements;
  const used = new Set<string>();
  const pick = <T>(measured: T | undefined, fallback: T, what: string): T => {
    if (measured === undefined || (typeof measured === 'number' && !Number.isFinite(measured))) {
      used.add(what);
      return fallback;
    }
    return measured;
  };
  const countedWu = pick(m.writeUnits?.counted, FALLBACK.countedWu, 'write units per counted view');
  const engageWu = pick(m.writeUnits?.engage, FALLBACK.engageWu, 'write units per engagement flush');
  const widgetRu = pick(m.widgetReadUnits, FALLBACK.widgetRu, 'read units per /widgets');
  const gzipBytes = pick(m.widgetGzipBytes, FALLBACK.widgetGzipBytes, 'gzipped /widgets size');
  const ingestMs = pick(m.ingestBilledMs, FALLBACK.ingestMs, 'ingest duration');
  const readMs = pick(m.readBilledMs, FALLBACK.readMs, '/widgets duration');
  const ingestGb = pick(m.memoryMb?.ingest, FALLBACK.memoryMb, 'ingest memory') / 1024;
  const readGb = pick(m.memoryMb?.read, FALLBACK.memoryMb, 'read memory') / 1024;
  const rankMonthly = pick(m.rankMonthly, FALLBACK.rankMonthly, 'rank job cost per month (full run at dddbf8c)');
  const cdnHit = (size: number) => m.cdnHitRatios?.bySize.get(size) ?? (used.add('CDN hit ratios (cdn section, last full run)'), FALLBACK.cdnHit.get(size)!);
  const containerHit = (size: number) => m.cdnHitRatios?.oneCache.get(size) ?? (used.add('CDN hit ratios (cdn section, last full run)'), FALLBACK.containerHit.get(size)!);

  const P = PRICES;
  const invocation = (gb: number, ms: number) => P.lambdaRequest + gb * (ms / 1000) * P.lambdaArmGbSecond;
  // Per page view, in dollars.
  const viewBeacon = invocation(ingestGb, ingestMs) + countedWu * P.dynamoWriteUnit + STATS_READ_UNITS * P.dynamoReadUnit;
  const engageBeacon = invocation(ingestGb, ingestMs) + engageWu * P.dynamoWriteUnit;
  const widgetsDirect = (size: number) => invocation(readGb, readMs) + (1 - containerHit(size)) * widgetRu * P.dynamoReadUnit;
  const widgetsCdn = (size: number) =>
    P.cloudFrontHttpsRequest + (gzipBytes / GB) * P.cloudFrontDataOutGb + (1 - cdnHit(size)) * (P.httpApiRequest + invocation(readGb, readMs) + widgetRu * P.dynamoReadUnit);
  const pageViewsPerMonth = (size: number) => (size * 30) / 7;
  const logs = (size: number) => {
    const requests = PER_PAGE_VIEW.viewBeacons + PER_PAGE_VIEW.engageBeacons + PER_PAGE_VIEW.widgets;
    const sampled = requests * REQUEST_LOG_SAMPLE_RATE * SAMPLED_LINE_BYTES;
    // One warm ingest container per 10 beacons a second (a beacon takes well under 100 ms), at least one.
    const containers = Math.max(1, (pageViewsPerMonth(size) * 2) / (MINUTES_PER_MONTH * 60) / 10);
    const emf = (containers * MINUTES_PER_MONTH * EMF_LINE_BYTES) / pageViewsPerMonth(size);
    return ((sampled + emf) / GB) * P.logsIngestGb;
  };
  const rank = (size: number) => rankMonth(rankMonthly, size) / pageViewsPerMonth(size);

  const perMillion = (f: (size: number) => number) => COST_SIZES.map((size) => dollars(f(size) * 1e6, 2));
  const totalDirect = (size: number) => viewBeacon + engageBeacon + widgetsDirect(size) + logs(size) + rank(size);
  const totalCdn = (size: number) => viewBeacon + engageBeacon + widgetsCdn(size) + logs(size) + rank(size);
  const ms = (v: number) => num(v, 1);

  const rows: string[][] = [
    [
      'view beacon',
      `Lambda request + ${ingestGb} GB x ${ms(ingestMs)} ms, ${num(countedWu, 2)} WRU, ${STATS_READ_UNITS} RRU (the count in its answer)`,
      ...perMillion(() => viewBeacon),
    ],
    ['engagement beacon', `Lambda request + ${ingestGb} GB x ${ms(ingestMs)} ms, ${num(engageWu, 2)} WRU`, ...perMillion(() => engageBeacon)],
    [
      '/widgets, read function URL',
      `Lambda request + ${readGb} GB x ${ms(readMs)} ms, ${num(widgetRu, 1)} RRU when the container's minute-long cache misses (${COST_SIZES.map((s) => `${num(containerHit(s) * 100, 0)}%`).join(' / ')} hits)`,
      ...perMillion(widgetsDirect),
    ],
    ['rank job', 'its cost per month at this size / page views a month (bench/rank-scale.ts)', ...perMillion(rank)],
    ['CloudWatch Logs', 'one EMF line a minute per ingest container, one sampled line per 1,000 requests', ...perMillion(logs)],
    ['**total**', 'widgets from the function URL (the default)', ...COST_SIZES.map((size) => `**${dollars(totalDirect(size) * 1e6, 2)}**`)],
    [
      '/widgets through the CDN instead',
      `CloudFront request + ${num(gzipBytes / 1024, 1)} KiB out; misses (${COST_SIZES.map((s) => `${num((1 - cdnHit(s)) * 100, 0)}%`).join(' / ')}) add HTTP API + Lambda + ${num(widgetRu, 1)} RRU`,
      ...perMillion(widgetsCdn),
    ],
    ['total with the CDN', '', ...COST_SIZES.map((size) => dollars(totalCdn(size) * 1e6, 2))],
  ];
  const goalTotal = totalDirect(GOAL_SIZE) * 1e6;
  const withoutRank = (totalDirect(GOAL_SIZE) - rank(GOAL_SIZE)) * 1e6;

  return {
    tables: [
      {
        caption: `**All-in cost per million page views** (list prices, us-east-1, as of ${PRICES_AS_OF}; no free tier; per page view ${PER_PAGE_VIEW.viewBeacons} view beacon, ${PER_PAGE_VIEW.engageBeacons} engagement beacon, ${PER_PAGE_VIEW.widgets} /widgets request)`,
        header: ['item', 'per page view', ...COST_SIZES.map((s) => `${int(s)} a week`)],
        align: ['left', 'left', 'right', 'right', 'right'],
        rows,
      },
      {
        caption: '**Per month**',
        header: ['', ...COST_SIZES.map((s) => `${int(s)} a week`)],
        rows: [
          ['page views a month', ...COST_SIZES.map((s) => int(pageViewsPerMonth(s)))],
          ['all-in (function URL widgets)', ...COST_SIZES.map((s) => dollars(totalDirect(s) * pageViewsPerMonth(s), 2))],
          ['of which the rank job', ...COST_SIZES.map((s) => dollars(rankMonth(rankMonthly, s), 2))],
        ],
      },
    ],
    notes: [
      used.size ? `Not measured in this run, so an earlier figure was used: ${[...used].join(', ')}.` : 'Every unit, duration, size, hit ratio and rank cost above was measured in this run.',
      'Beacons go to the ingest function URL: no API Gateway fee ($1 per million requests before issue 15, for two ' +
        'beacons a page view). Every page view is priced as a counted view (a repeat costs the same write; a bot less).',
      'Durations are the mean time inside the app on this machine against DynamoDB Local, rounded up to the ms as ' +
        'Lambda bills; on AWS a DynamoDB call takes a few ms more, which at 256 MB costs about $0.004 per million ' +
        'page views per added ms and beacon.',
      `The rank job's cost is interpolated between the sizes the rank section measured (counted views a week, ` +
        'taken as page views; above the largest size measured it grows in proportion). It runs every 5 minutes whatever the traffic, ' +
        'so it weighs most on small sites.',
      `Goal for ${int(GOAL_SIZE)} page views a week: at most $${num(GOAL, 2)} (moonshot $${num(MOONSHOT, 2)}). ` +
        `Without the rank job the page views alone cost ${dollars(withoutRank, 2)} per million: a view is one write ` +
        `($${num(P.dynamoWriteUnit * 1e6, 3)} a million), its engagement another, and each of the three requests a Lambda ` +
        `invocation ($${num(P.lambdaRequest * 1e6, 2)} a million), $${num((2 * P.dynamoWriteUnit + 3 * P.lambdaRequest) * 1e6, 2)} ` +
        `before any duration or read; the rank job adds ${dollars(rank(GOAL_SIZE) * 1e6, 2)}. Where the rank job's ` +
        'units go, and what would cut them, is in docs/deploy.md ("What it costs per million page views").',
    ],
    goals: [
      { goal: `${int(GOAL_SIZE)} page views a week: at most $${num(GOAL, 2)} per million page views, all-in`, met: goalTotal <= GOAL, detail: dollars(goalTotal, 2) },
      { goal: `${int(GOAL_SIZE)} page views a week: moonshot $${num(MOONSHOT, 2)}`, met: goalTotal <= MOONSHOT, detail: dollars(goalTotal, 2) },
    ],
  };
}

/** The rank job's cost per month at `views` a week: log-log between the measured sizes, proportional beyond them. */
function rankMonth(measured: { views: number; month: number }[], views: number): number {
  const points = [...measured].sort((a, b) => a.views - b.views);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (views <= first.views) return (first.month * views) / first.views;
  if (views >= last.views) return (last.month * views) / last.views;
  const upper = points.findIndex((p) => p.views >= views);
  const [a, b] = [points[upper - 1]!, points[upper]!];
  const t = Math.log(views / a.views) / Math.log(b.views / a.views);
  return Math.exp(Math.log(a.month) + t * Math.log(b.month / a.month));
}
