import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchContext } from './context.ts';
import { BENCH_SITE } from './bench-site.ts';
import { BEACON_HEADERS } from './fixture.ts';
import type { LoadResult, LoadSpec } from './load-generator.ts';
import { int, ms, type SectionResult } from './report.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

/**
 * Requests per second at concurrency 10 and 50 (autocannon in a child process, against the local server in
 * this one): /widgets over the site's most-read pages, one list, and counted beacons (a new session each).
 */
export async function throughput(ctx: BenchContext): Promise<SectionResult> {
  const fixture = await ctx.fixture();
  const seconds = ctx.options.quick ? 2 : 8;
  const concurrencies = [10, 50];
  const targets: { label: string; spec: Omit<LoadSpec, 'connections' | 'seconds' | 'url'> }[] = [
    {
      label: 'GET /widgets (100 article pages in turn)',
      spec: {
        method: 'GET',
        paths: fixture.pages.map((p) => `/v1/sites/${BENCH_SITE}/widgets?articleId=${p.articleId}&section=${p.section}&limit=5`),
        headers: {},
      },
    },
    { label: 'GET /lists/popular-now', spec: { method: 'GET', paths: [`/v1/sites/${BENCH_SITE}/lists/popular-now`], headers: {} } },
    {
      label: 'POST /events (counted views, a new session each)',
      spec: {
        method: 'POST',
        paths: [`/v1/sites/${BENCH_SITE}/events`],
        headers: BEACON_HEADERS,
        body: JSON.stringify({ type: 'view', articleId: fixture.pages[0]!.articleId, sessionId: '[<id>]' }),
      },
    },
  ];

  const rows: string[][] = [];
  const problems: string[] = [];
  for (const target of targets) {
    for (const connections of concurrencies) {
      ctx.progress.line(`  ${target.label}, concurrency ${connections}, ${seconds} s`);
      const spec: LoadSpec = { ...target.spec, url: fixture.server.baseUrl, connections, seconds };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', GENERATOR, JSON.stringify(spec)], {
        cwd: ROOT,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        maxBuffer: 16 * 1024 * 1024,
      });
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
      if (result.non2xx || result.errors || result.timeouts) {
        problems.push(`${target.label} at ${connections}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
      rows.push([target.label, String(connections), int(result.perSecond), ms(result.latencyP50), ms(result.latencyP99), int(result.requests), String(result.non2xx + result.errors)]);
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
      'One local server process (one event loop), the load generator and DynamoDB Local (Java) share the machine\'s ' +
        '2 cores, so these figures are what one process on this machine serves, mostly limited by DynamoDB Local. On ' +
        'AWS each Lambda instance serves one request at a time and instances scale out; the HTTP API\'s throttle ' +
        '(`newspulse:apiRateLimit`, default 1,000/s, burst 2,000) and DynamoDB on-demand\'s limits apply instead.',
      'Latency here is under load (requests queue): compare it with the unloaded latencies of the beacon and widgets sections.',
      ...(problems.length ? problems.map((p) => `**Errors:** ${p}`) : ['Every request got a 2xx answer.']),
    ],
    goals: [],
  };
}
