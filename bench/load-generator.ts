/**
 * Runs one autocannon load in its own process, so the load generator does not share the server's event loop:
 * `node --import tsx bench/load-generator.ts '<json LoadSpec>'`; prints one JSON LoadResult on stdout.
 * Started by bench/throughput.ts.
 */
import { createRequire } from 'node:module';

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  method: 'GET' | 'POST';
  /** Paths taken in turn, one per request. */
  paths: string[];
  headers: Record<string, string>;
  /** A body in which `[<id>]` becomes a fresh random id per request (autocannon's idReplacement). */
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  total: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  // autocannon is CommonJS without type declarations: typed here by what this file uses.
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    idReplacement: spec.body?.includes('[<id>]') ?? false,
    requests: [
      {
        method: spec.method,
        headers: spec.headers,
        ...(spec.body === undefined ? {} : { body: spec.body }),
        setupRequest: (request: Record<string, unknown>) => ({ ...request, path: spec.paths[next++ % spec.paths.length] }),
      },
    ],
  });
  const out: LoadResult = {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`load-generator: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
