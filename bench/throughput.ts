import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BENCH_SITE } from './bench-site.ts';
import type { BenchContext } from './context.ts';
import { BEACON_HEADERS } from './fixture.ts';
import { TEST_ADDRESS_HEADER } from '../tests/support/readers.ts';
import { int, ms, type SectionResult } from './report.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * One autocannon load, run by `node -e` in its own process so the load generator does not share the server's
 * event loop. Paths are taken in turn; `[<id>]` in a body becomes a fresh id per request, and with
 * `readerHeader` each request names a reader of its own in that header (the server counts visitors, not session
 * ids). Prints one JSON line.
 */
const GENERATOR = `
const spec = JSON.parse(process.argv[1]);
let next = 0;
require('autocannon')({
  url: spec.url, connections: spec.connections, duration: spec.seconds, idReplacement: Boolean(spec.body),
  requests: [{ method: spec.method, headers: spec.headers, body: spec.body,
    setupRequest: (request) => {
      const n = next++;
      const headers = spec.readerHeader ? { ...request.headers, [spec.readerHeader]: 'fd00::' + (n >>> 16).toString(16) + ':' + (n & 0xffff).toString(16) } : request.headers;
      return { ...request, headers, path: spec.paths[n % spec.paths.length] };
    } }],
}).then((r) => console.log(JSON.stringify({
  requests: r.requests.total, perSecond: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99,
  failed: r.non2xx + r.errors + r.timeouts,
})), (error) => { console.error(error); process.exit(1); });
`;

/**
 * Requests per second at concurrency 10 and 50 (autocannon in a child process, against the local server in
 * this one): /widgets over the site's most-read pages, one list, and counted beacons (a new session each).
 */
export async function throughput(ctx: BenchContext): Promise<SectionResult> {
  const { server, pages } = await ctx.fixture();
  const seconds = ctx.options.quick ? 2 : 8;
  const targets = [
    { label: `GET /widgets (${pages.length} article pages in turn)`, method: 'GET', paths: pages.map((p) => `/v1/sites/${BENCH_SITE}/widgets?articleId=${p.articleId}&section=${p.section}&limit=5`) },
    { label: 'GET /lists/popular-now', method: 'GET', paths: [`/v1/sites/${BENCH_SITE}/lists/popular-now`] },
    {
      label: 'POST /events (counted views, a new reader each)',
      method: 'POST',
      paths: [`/v1/sites/${BENCH_SITE}/events`],
      headers: BEACON_HEADERS,
      readerHeader: TEST_ADDRESS_HEADER,
      body: JSON.stringify({ type: 'view', articleId: pages[0]!.articleId, sessionId: '[<id>]' }),
    },
  ];

  const rows: string[][] = [];
  const problems: string[] = [];
  for (const target of targets) {
    for (const connections of [10, 50]) {
      ctx.log(`  ${target.label}, concurrency ${connections}, ${seconds} s`);
      const spec = { headers: {}, ...target, url: server.baseUrl, connections, seconds };
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', GENERATOR, JSON.stringify(spec)], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as { requests: number; perSecond: number; p50: number; p99: number; failed: number };
      if (r.failed) problems.push(`${target.label} at ${connections}: ${r.failed} non-2xx answers, errors or timeouts`);
      rows.push([target.label, String(connections), int(r.perSecond), ms(r.p50), ms(r.p99), int(r.requests), String(r.failed)]);
    }
  }
  return {
    tables: [
      {
        caption: `**Requests per second** (autocannon 9, ${seconds} s per row, kept-alive connections, load generator in its own process)`,
        header: ['request', 'concurrency', 'requests/s', 'latency p50, ms', 'latency p99, ms', 'requests', 'non-2xx or errors'],
        rows,
      },
    ],
    notes: [
      "One local server process (one event loop), the load generator and DynamoDB Local (Java) share the machine's " +
        '2 cores, so these figures are what one process on this machine serves, mostly limited by DynamoDB Local. On ' +
        "AWS each Lambda instance serves one request at a time and instances scale out; the HTTP API's throttle " +
        "(`newspulse:apiRateLimit`, default 1,000/s, burst 2,000) and DynamoDB on-demand's limits apply instead.",
      'Latency here is under load (requests queue): compare it with the unloaded latencies of the beacon and widgets sections.',
      ...(problems.length ? problems.map((p) => `**Errors:** ${p}`) : ['Every request got a 2xx answer.']),
    ],
  };
}
