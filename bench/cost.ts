import type { BenchContext } from './context.ts';
import { PRICES, PRICES_AS_OF } from './prices.ts';
import { dollars, num, type SectionResult } from './report.ts';

/**
 * docs/deploy.md's model of one page view, kept so the two can be compared line by line: one view beacon, one
 * engagement beacon when the reader leaves, one /widgets request through CloudFront (half of them misses).
 * What this run measured replaces deploy.md's figures where it can; each row says which it used.
 */
const MODEL = {
  pageViews: 1e6,
  beaconsPerPageView: 2,
  cdnHitRatio: 0.5,
  /** docs/deploy.md: ~350 B of metric lines per ingest request, ~300 B of API access log per API request. */
  ingestLogBytes: 350,
  accessLogBytes: 300,
  /** docs/deploy.md's stated totals, for the goal and the comparison. */
  deployMdTotal: 7.07,
  /** docs/deploy.md's assumptions where this run measured nothing. */
  fallback: { countedWu: 2, engageWu: 1, widgetRu: 3.5, widgetGzipBytes: 1_750, ingestMs: 20, readMs: 15, memoryMb: 256, rankMemoryMb: 2048 },
  rankRunsPerMonth: 30 * 24 * 12,
};
const GB = 1024 ** 3;

/** Cost per million page views at list prices, from the units and durations the other sections measured. */
export async function cost(ctx: BenchContext): Promise<SectionResult> {
  const m = ctx.measurements;
  const f = MODEL.fallback;
  const used: string[] = [];
  const pick = <T>(measured: T | undefined, fallback: T, what: string): T => {
    if (measured === undefined || (typeof measured === 'number' && !Number.isFinite(measured))) {
      used.push(what);
      return fallback;
    }
    return measured;
  };
  const countedWu = pick(m.writeUnits?.counted, f.countedWu, 'write units per counted view');
  const engageWu = pick(m.writeUnits?.engage, f.engageWu, 'write units per engagement flush');
  const widgetRu = pick(m.widgetReadUnits, f.widgetRu, 'read units per /widgets');
  const gzipBytes = pick(m.widgetGzipBytes, f.widgetGzipBytes, 'gzipped /widgets size');
  const ingestMs = pick(m.ingestBilledMs, f.ingestMs, 'ingest duration');
  const readMs = pick(m.readBilledMs, f.readMs, '/widgets duration');
  const ingestGb = pick(m.memoryMb?.ingest, f.memoryMb, 'ingest memory') / 1024;
  const readGb = pick(m.memoryMb?.read, f.memoryMb, 'read memory') / 1024;
  const rankGb = pick(m.memoryMb?.rank, f.rankMemoryMb, 'rank memory') / 1024;

  const P = PRICES;
  const views = MODEL.pageViews;
  const beacons = views * MODEL.beaconsPerPageView;
  const misses = views * (1 - MODEL.cdnHitRatio);
  const M = (n: number) => `${num(n / 1e6, n % 1e6 === 0 ? 0 : 2)}M`;

  const wru = (countedWu + engageWu) * views;
  const perMissLambdaDuration = readGb * (readMs / 1000) * P.lambdaArmGbSecond;
  const perMiss = P.httpApiRequest + P.lambdaRequest + perMissLambdaDuration + widgetRu * P.dynamoReadUnit;
  const logGb = (beacons * MODEL.ingestLogBytes + (beacons + misses) * MODEL.accessLogBytes) / GB;
  const dataOutGb = (views * gzipBytes) / GB;
  const rows: [string, string, number][] = [
    ['DynamoDB writes', `(${num(countedWu, 2)} + ${num(engageWu, 2)}) WRU x ${M(views)} = ${M(wru)} WRU x $${P.dynamoWriteUnit * 1e6}/M`, wru * P.dynamoWriteUnit],
    ['HTTP API, beacons', `${M(beacons)} requests x $${P.httpApiRequest * 1e6}/M`, beacons * P.httpApiRequest],
    ['Lambda ingest, requests', `${M(beacons)} x $${P.lambdaRequest * 1e6}/M`, beacons * P.lambdaRequest],
    [
      'Lambda ingest, duration',
      `${M(beacons)} x ${ingestGb} GB x ${num(ingestMs / 1000, 4)} s = ${num(beacons * ingestGb * (ingestMs / 1000), 0)} GB-s x $${P.lambdaArmGbSecond}`,
      beacons * ingestGb * (ingestMs / 1000) * P.lambdaArmGbSecond,
    ],
    ['CloudFront requests', `${M(views)} HTTPS x $${num(P.cloudFrontHttpsRequest * 10_000, 4)}/10k`, views * P.cloudFrontHttpsRequest],
    ['CloudFront data out', `${M(views)} x ${num(gzipBytes / 1024, 1)} KiB (gzip) = ${num(dataOutGb, 2)} GB x $${P.cloudFrontDataOutGb}/GB`, dataOutGb * P.cloudFrontDataOutGb],
    [
      `read misses (hit ratio ${MODEL.cdnHitRatio * 100}%)`,
      `${M(misses)} x ($${P.httpApiRequest * 1e6} API + $${P.lambdaRequest * 1e6} Lambda + ${readGb} GB x ${num(readMs / 1000, 4)} s x $${P.lambdaArmGbSecond} x 1M = $${num(perMissLambdaDuration * 1e6, 3)} + ${num(widgetRu, 1)} RRU x $${P.dynamoReadUnit * 1e6} = $${num(widgetRu * P.dynamoReadUnit * 1e6, 3)}, per million) = ${num(misses / 1e6, 1)} x $${num(perMiss * 1e6, 3)}`,
      misses * perMiss,
    ],
    [
      'CloudWatch Logs',
      `ingest metric lines ${M(beacons)} x ~${MODEL.ingestLogBytes} B + API access log ${M(beacons + misses)} x ~${MODEL.accessLogBytes} B = ${num(logGb, 2)} GB x $${P.logsIngestGb}/GB`,
      logGb * P.logsIngestGb,
    ],
  ];
  const total = rows.reduce((sum, r) => sum + r[2], 0);

  const rankRows = (m.rankRuns ?? []).map((r) => {
    const runs = MODEL.rankRunsPerMonth;
    const units = runs * (r.writeUnits * P.dynamoWriteUnit + r.readUnits * P.dynamoReadUnit);
    const lambda = runs * rankGb * (Math.ceil(r.durationMs) / 1000) * P.lambdaArmGbSecond + runs * P.lambdaRequest;
    return [
      `every run like "${r.label}"`,
      `${runs.toLocaleString('en-US')} x (${num(r.writeUnits, 1)} WRU x $${P.dynamoWriteUnit * 1e6}/M + ${num(r.readUnits, 1)} RRU x $${P.dynamoReadUnit * 1e6}/M) + Lambda ${runs.toLocaleString('en-US')} x ${rankGb} GB x ${num(r.durationMs / 1000, 2)} s`,
      dollars(units + lambda),
    ];
  });

  return {
    tables: [
      {
        caption: `**Per million page views** (list prices, us-east-1, as of ${PRICES_AS_OF}; no free tier; one view beacon, one engagement beacon and one /widgets request per page view, as in docs/deploy.md)`,
        header: ['item', 'arithmetic', 'per million page views'],
        align: ['left', 'left', 'right'],
        rows: [
          ...rows.map(([item, arithmetic, value]) => [item, arithmetic, dollars(value)]),
          ['**total**', '', `**${dollars(total)}**`],
        ],
      },
      ...(rankRows.length
        ? [
            {
              caption: '**The rank job, per site per month** at the default rate (every 5 minutes: 8,640 runs), from this run\'s rank runs of the benchmark site',
              header: ['if', 'arithmetic', 'per month'],
              align: ['left', 'left', 'right'] as ('left' | 'right')[],
              rows: rankRows,
            },
          ]
        : []),
    ],
    notes: [
      used.length
        ? `Not measured in this run, so docs/deploy.md's figure was used: ${used.join(', ')}.`
        : 'Every unit, duration and size above was measured in this run; the rest (beacons per page view, CDN hit ratio, log bytes) are docs/deploy.md\'s assumptions.',
      'Durations are each request\'s time inside the app on this machine, rounded up to the millisecond as Lambda ' +
        'bills, against DynamoDB Local (about a millisecond per call). On AWS a DynamoDB call takes a few ms and ' +
        'Lambda at 256 MB is slower than this CPU: docs/deploy.md assumes 20 ms per beacon. Lambda duration is a ' +
        'few cents of the total either way (at 20 ms: 2M x 0.25 GB x 0.02 s x $0.0000133334 = $0.13).',
      'The largest items are the fixed prices per request (HTTP API, CloudFront, Lambda requests) and the write units ' +
        'of every view; a higher CDN hit ratio cuts the read misses (each point is worth about 1% of that row).',
    ],
    goals: [
      {
        goal: `cost per million page views at most docs/deploy.md's $${MODEL.deployMdTotal}`,
        met: total <= MODEL.deployMdTotal,
        detail: dollars(total),
      },
    ],
  };
}
