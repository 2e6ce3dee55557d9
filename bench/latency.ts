import { Agent, request } from 'node:http';
import type { TimedServer } from './fixture.ts';
import { ms, ratio } from './report.ts';

/**
 * What the beacon and widgets sections share: variants timed one request at a time in alternating batches,
 * summarized by nearest-rank percentiles (no interpolation, so a p99 is a latency that was actually observed).
 */

/** One thing to time. `run` gets a counter unique across warm-up and samples, for distinct ids. */
export interface Variant {
  name: string;
  run(index: number): Promise<void>;
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface Latencies {
  plan: { warmup: number; samples: number; batch: number };
  /** A variant's latency as the client saw it, ms. */
  of(name: string): Summary;
  /** A variant's time inside the server's app (what Lambda would bill), measured calls only, ms. */
  inApp(name: string): number[];
  /** A ratio row's cells, a over b: p50, p99, and the middle half of the per-round p50 ratios (how steady it held). */
  ratioCells(a: string, b: string): string[];
}

/**
 * Times the variants in alternating batches (A x batch, B x batch, ..., then the next round starting with the
 * next variant), so that noise from other processes on the machine falls on all of them alike. Warm-up calls
 * (JIT, connection pools, DynamoDB Local's own warm-up) are made the same way and dropped. `fullSamples` is
 * the sample count of a full run.
 */
export async function interleave(variants: Variant[], quick: boolean, fullSamples: number, server: TimedServer): Promise<Latencies> {
  const plan = quick ? { warmup: 100, samples: 400, batch: 25 } : { warmup: 300, samples: fullSamples, batch: 50 };
  const next = new Map(variants.map((v) => [v.name, 0]));
  const samples = new Map(variants.map((v) => [v.name, [] as number[]]));
  const inApp = new Map(variants.map((v) => [v.name, [] as number[]]));
  const roundMedians = new Map(variants.map((v) => [v.name, [] as number[]]));
  let recording: number[] | undefined;
  server.observe((t) => recording?.push(t));
  const call = async (variant: Variant, measured: boolean) => {
    const index = next.get(variant.name)!;
    next.set(variant.name, index + 1);
    recording = measured ? inApp.get(variant.name) : undefined;
    const started = performance.now();
    await variant.run(index);
    return performance.now() - started;
  };
  try {
    for (let done = 0; done < plan.warmup; done += plan.batch) {
      for (const variant of variants) {
        for (let i = 0; i < Math.min(plan.batch, plan.warmup - done); i++) await call(variant, false);
      }
    }
    for (let round = 0, taken = 0; taken < plan.samples; round++, taken += plan.batch) {
      const size = Math.min(plan.batch, plan.samples - taken);
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(round + k) % variants.length]!;
        const batch: number[] = [];
        for (let i = 0; i < size; i++) batch.push(await call(variant, true));
        samples.get(variant.name)!.push(...batch);
        roundMedians.get(variant.name)!.push(summarize(batch).p50);
      }
    }
  } finally {
    server.observe(undefined);
  }
  return {
    plan,
    of: (name) => summarize(samples.get(name)!),
    inApp: (name) => inApp.get(name)!,
    ratioCells(a, b) {
      const [x, y] = [summarize(samples.get(a)!), summarize(samples.get(b)!)];
      const rounds = summarize(roundMedians.get(a)!.map((value, i) => value / roundMedians.get(b)![i]!));
      return [ratio(x.p50 / y.p50), ratio(x.p99 / y.p99), `${ratio(rounds.p25)} - ${ratio(rounds.p75)}`];
    },
  };
}

export function summarize(values: readonly number[]): Summary & { p25: number; p75: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! : Number.NaN);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { n: sorted.length, mean, p25: at(25), p50: at(50), p75: at(75), p90: at(90), p99: at(99) };
}

/** A latency table's numbers: p50, p90, p99, mean, n. */
export function latencyCells(x: Summary): string[] {
  return [ms(x.p50), ms(x.p90), ms(x.p99), ms(x.mean), String(x.n)];
}

/** Mean billed duration: each request's time in the app rounded up to 1 ms, as Lambda bills. */
export function billedMs(inApp: number[]): number {
  return inApp.reduce((sum, t) => sum + Math.ceil(t), 0) / inApp.length;
}

/**
 * One kept-alive connection, one request at a time: latency of the server, not of connection set-up or of a
 * client's pool. node:http rather than fetch, whose own overhead per request is larger and would blur the ratio.
 */
export function httpClient(baseUrl: string) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
        const req = request({ host: url.hostname, port: Number(url.port), method, path, agent, headers: sized }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
