import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { gzipSync } from 'node:zlib';
import { catalogKey } from '../shared/catalog/catalog-item.ts';
import { listKey, relatedKey } from '../shared/lists/list-item.ts';
import type { Key } from '../shared/store/partitions.ts';
import { readWidgetSources } from '../shared/lists/widget-sources.ts';
import type { BenchContext } from './context.ts';
import { BENCH_SITE } from './bench-site.ts';
import { SequentialHttpClient } from './http-client.ts';
import { interleave, roundRatioSpread } from './interleave.ts';
import { bytes, ms, num, ratio, type SectionResult } from './report.ts';
import { summarize, type Summary } from './stats.ts';

/** What widgets.js asks for by default (5 per block). */
const LIMIT = 5;

/**
 * The keys readWidgetSources fetches in its one BatchGetItem when the page passes its section (widgets.js
 * always does): the four site-wide lists, the article, its related stories, the section's latest.
 */
export function widgetKeys(site: string, articleId: string, section: string): Key[] {
  return [
    listKey(site, 'popular-now', undefined),
    listKey(site, 'weekly-best', undefined),
    listKey(site, 'must-reads', undefined),
    listKey(site, 'latest', undefined),
    catalogKey(site, articleId),
    relatedKey(site, articleId),
    listKey(site, 'latest', section),
  ];
}

/**
 * /widgets over HTTP against one raw BatchGetItem of the same keys, and a list (/lists/popular-now) against one
 * raw GetItem of its item, all four interleaved. Pages cycle through the site's most-read articles.
 */
export async function widgetsLatency(ctx: BenchContext): Promise<SectionResult> {
  const fixture = await ctx.fixture();
  const { db, pages } = fixture;
  const plan = ctx.options.quick ? { warmup: 100, samples: 400, batch: 25 } : { warmup: 300, samples: 2_000, batch: 50 };
  const client = new SequentialHttpClient(fixture.server.baseUrl);
  const page = (i: number) => pages[i % pages.length]!;

  // The keys must be the ones the read path fetches: check against readWidgetSources' own units first.
  let pathUnits = 0;
  let rawUnits = 0;
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const p of pages) {
    pathUnits += (await readWidgetSources(db, BENCH_SITE, p.articleId, p.section)).readUnits;
    const raw = await db.client.send(
      new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: widgetKeys(BENCH_SITE, p.articleId, p.section) } }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    rawUnits += (raw.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    const answer = await client.send('GET', widgetsPath(p.articleId, p.section), {});
    if (answer.status !== 200) throw new Error(`/widgets answered ${answer.status}: ${answer.body}`);
    rawBytes += Buffer.byteLength(answer.body);
    gzipBytes += gzipSync(answer.body).length;
  }
  const unitsPerWidgets = pathUnits / pages.length;
  ctx.measurements.widgetReadUnits = unitsPerWidgets;
  ctx.measurements.widgetGzipBytes = gzipBytes / pages.length;

  const inApp: number[] = [];
  let observing = false;
  fixture.server.observe((path, t) => {
    if (observing && path.endsWith('/widgets')) inApp.push(t);
  });

  const NAMES = { batch: 'raw BatchGetItem (7 keys)', widgets: 'GET /widgets', get: 'raw GetItem (1 list)', list: 'GET /lists/popular-now' };
  const counter = ctx.progress.counter('widgets', 4 * plan.samples);
  try {
    const data = await interleave(
      [
        {
          name: NAMES.batch,
          run: async (i) => {
            const p = page(i);
            const result = await db.client.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: widgetKeys(BENCH_SITE, p.articleId, p.section) } } }));
            if (Object.keys(result.UnprocessedKeys ?? {}).length) throw new Error('BatchGetItem left keys unprocessed');
          },
        },
        {
          name: NAMES.widgets,
          run: async (i) => {
            const p = page(i);
            observing = i >= plan.warmup;
            const answer = await client.send('GET', widgetsPath(p.articleId, p.section), {});
            if (answer.status !== 200) throw new Error(`/widgets answered ${answer.status}`);
          },
        },
        {
          name: NAMES.get,
          run: async () => {
            await db.client.send(new GetCommand({ TableName: db.tableName, Key: listKey(BENCH_SITE, 'popular-now', undefined) }));
          },
        },
        {
          name: NAMES.list,
          run: async () => {
            observing = false;
            const answer = await client.send('GET', `/v1/sites/${BENCH_SITE}/lists/popular-now`, {});
            if (answer.status !== 200) throw new Error(`/lists answered ${answer.status}`);
          },
        },
      ],
      { ...plan, counter },
    );
    counter.done();
    ctx.measurements.readBilledMs = inApp.reduce((sum, t) => sum + Math.ceil(t), 0) / inApp.length;

    const s = (name: string) => summarize(data.samples.get(name)!);
    const batch = s(NAMES.batch);
    const widgets = s(NAMES.widgets);
    const get = s(NAMES.get);
    const list = s(NAMES.list);
    const app = summarize(inApp);
    const row = (name: string, x: Summary) => [name, ms(x.p50), ms(x.p90), ms(x.p99), ms(x.mean), String(x.n)];
    const spread = (a: string, b: string) => {
      const [lo, hi] = roundRatioSpread(data, a, b);
      return `${ratio(lo)} - ${ratio(hi)}`;
    };
    return {
      tables: [
        {
          caption: `**Latency, ms** (one request at a time, kept-alive connection; ${plan.samples} samples each after ${plan.warmup} warm-up, alternating batches of ${plan.batch}; ${pages.length} article pages in turn, \`limit=${LIMIT}\`, with \`section\`)`,
          header: ['variant', 'p50', 'p90', 'p99', 'mean', 'n'],
          rows: [row(NAMES.batch, batch), row(NAMES.widgets, widgets), row(NAMES.get, get), row(NAMES.list, list)],
        },
        {
          caption: '**Ratios**',
          header: ['ratio', 'p50', 'p99', 'p50 ratio per round (middle half)'],
          rows: [
            ['GET /widgets / raw BatchGetItem of the same keys', ratio(widgets.p50 / batch.p50), ratio(widgets.p99 / batch.p99), spread(NAMES.widgets, NAMES.batch)],
            ['GET /lists/popular-now / raw GetItem of the list', ratio(list.p50 / get.p50), ratio(list.p99 / get.p99), spread(NAMES.list, NAMES.get)],
          ],
        },
        {
          caption: '**One /widgets request**',
          header: ['read units (readWidgetSources)', 'read units (raw BatchGetItem)', 'time in the app, p50 / p99 ms', 'answer size', 'gzipped'],
          rows: [[num(unitsPerWidgets, 1), num(rawUnits / pages.length, 1), `${ms(app.p50)} / ${ms(app.p99)}`, bytes(rawBytes / pages.length), bytes(gzipBytes / pages.length)]],
        },
      ],
      notes: [
        '/widgets is the one read every article page makes. Besides the BatchGetItem it does the site lookup (cached), ' +
          'query validation (zod, through @hono/zod-openapi), parsing the seven stored lists (JSON strings), composing ' +
          'the five blocks (no article twice), the ETag, and serializing the answer (about 25 items): the ratio is what ' +
          'that work and HTTP add to the raw read.',
        'Both sides parse JSON: the raw BatchGetItem through the DocumentClient (and unmarshalling), the HTTP client ' +
          'only reads the body as text; the server side does the parsing and rendering.',
        'No goal for the read path is set in the issue; the rows are here to compare with the beacon and across runs. ' +
          'In production most /widgets requests are answered by CloudFront (Cache-Control, ETag) and never reach the ' +
          'function.',
      ],
      goals: [],
    };
  } finally {
    fixture.server.observe(undefined);
    client.close();
  }
}

function widgetsPath(articleId: string, section: string): string {
  return `/v1/sites/${BENCH_SITE}/widgets?articleId=${encodeURIComponent(articleId)}&section=${encodeURIComponent(section)}&limit=${LIMIT}`;
}
