import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { gzipSync } from 'node:zlib';
import { getListInput, listKey } from '../shared/lists/list-item.ts';
import { directItemsReader } from '../shared/store/item-cache.ts';
import { readWidgetSources, widgetSourceKeys } from '../shared/lists/widget-sources.ts';
import { BENCH_SITE } from './bench-site.ts';
import type { BenchContext } from './context.ts';
import { billedMs, httpClient, interleave, latencyCells, summarize } from './latency.ts';
import { bytes, ms, num, type SectionResult } from './report.ts';

/** What widgets.js asks for by default (5 per block). */
const LIMIT = 5;
const BATCH = 'raw BatchGetItem (7 keys)';
const WIDGETS = 'GET /widgets';
const GET = 'raw GetItem (1 list)';
const LIST = 'GET /lists/popular-now';

/**
 * /widgets over HTTP against one raw BatchGetItem of the same keys, and a list (/lists/popular-now) against one
 * raw GetItem of its item, all four interleaved. Pages cycle through the site's most-read articles.
 */
export async function widgetsLatency(ctx: BenchContext): Promise<SectionResult> {
  const { db, server, pages } = await ctx.fixture();
  const http = httpClient(server.baseUrl);
  const page = (i: number) => pages[i % pages.length]!;
  const batchGet = (p: (typeof pages)[number]) =>
    db.client.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: widgetSourceKeys(BENCH_SITE, p.articleId, p.section) } }, ReturnConsumedCapacity: 'TOTAL' }));
  const get = async (path: string) => {
    const answer = await http.send('GET', path);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body}`);
    return answer.body;
  };
  const widgetsPath = (p: (typeof pages)[number]) =>
    `/v1/sites/${BENCH_SITE}/widgets?articleId=${encodeURIComponent(p.articleId)}&section=${encodeURIComponent(p.section)}&limit=${LIMIT}`;

  // The keys must be the ones the read path fetches: compare with readWidgetSources' own units first.
  const perPage = { pathUnits: 0, rawUnits: 0, bytes: 0, gzipBytes: 0 };
  for (const p of pages) {
    perPage.pathUnits += (await readWidgetSources(directItemsReader(db), BENCH_SITE, p.articleId, p.section)).readUnits / pages.length;
    perPage.rawUnits += ((await batchGet(p)).ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) / pages.length;
    const body = await get(widgetsPath(p));
    perPage.bytes += Buffer.byteLength(body) / pages.length;
    perPage.gzipBytes += gzipSync(body).length / pages.length;
  }
  ctx.measurements.widgetReadUnits = perPage.pathUnits;
  ctx.measurements.widgetGzipBytes = perPage.gzipBytes;

  const data = await interleave(
    [
      {
        name: BATCH,
        run: async (i) => {
          if (Object.keys((await batchGet(page(i))).UnprocessedKeys ?? {}).length) throw new Error('BatchGetItem left keys unprocessed');
        },
      },
      { name: WIDGETS, run: (i) => get(widgetsPath(page(i))).then(() => undefined) },
      { name: GET, run: () => db.client.send(new GetCommand(getListInput(db.tableName, listKey(BENCH_SITE, 'popular-now', undefined)))).then(() => undefined) },
      { name: LIST, run: () => get(`/v1/sites/${BENCH_SITE}/lists/popular-now`).then(() => undefined) },
    ],
    ctx.options.quick,
    2_000,
    server,
  ).finally(() => http.close());
  ctx.measurements.readBilledMs = billedMs(data.inApp(WIDGETS));
  const app = summarize(data.inApp(WIDGETS));
  const { warmup, samples, batch } = data.plan;
  return {
    tables: [
      {
        caption: `**Latency, ms** (one request at a time, kept-alive connection; ${samples} samples each after ${warmup} warm-up, alternating batches of ${batch}; ${pages.length} article pages in turn, \`limit=${LIMIT}\`, with \`section\`)`,
        header: ['variant', 'p50', 'p90', 'p99', 'mean', 'n'],
        rows: [BATCH, WIDGETS, GET, LIST].map((name) => [name, ...latencyCells(data.of(name))]),
      },
      {
        caption: '**Ratios**',
        header: ['ratio', 'p50', 'p99', 'p50 ratio per round (middle half)'],
        rows: [
          ['GET /widgets / raw BatchGetItem of the same keys', ...data.ratioCells(WIDGETS, BATCH)],
          ['GET /lists/popular-now / raw GetItem of the list', ...data.ratioCells(LIST, GET)],
        ],
      },
      {
        caption: '**One /widgets request**',
        header: ['read units (readWidgetSources)', 'read units (raw BatchGetItem)', 'time in the app, p50 / p99 ms', 'answer size', 'gzipped'],
        rows: [[num(perPage.pathUnits, 1), num(perPage.rawUnits, 1), `${ms(app.p50)} / ${ms(app.p99)}`, bytes(perPage.bytes), bytes(perPage.gzipBytes)]],
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
  };
}
