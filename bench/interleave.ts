import type { Counter } from './progress.ts';
import { interquartile, median, nowMs } from './stats.ts';

/** One thing to time. `run` gets a counter unique across warm-up and samples, for distinct ids. */
export interface Variant {
  name: string;
  run(index: number): Promise<void>;
}

export interface InterleavedSamples {
  /** Latencies in ms per variant, in the order taken. */
  samples: Map<string, number[]>;
  /** Per round, each variant's median: ratios per round show whether a ratio held through the run. */
  roundMedians: Map<string, number[]>;
}

/**
 * Times the variants in alternating batches (A x batch, B x batch, ..., then the next round starting with the
 * next variant), one request at a time, so that noise from other processes on the machine falls on all of them
 * alike. Warm-up calls (JIT, connection pools, DynamoDB Local's own warm-up) are made the same way and dropped.
 */
export async function interleave(
  variants: Variant[],
  options: { warmup: number; samples: number; batch: number; counter?: Counter },
): Promise<InterleavedSamples> {
  const next = new Map(variants.map((v) => [v.name, 0]));
  const call = async (variant: Variant) => {
    const index = next.get(variant.name)!;
    next.set(variant.name, index + 1);
    const started = nowMs();
    await variant.run(index);
    return nowMs() - started;
  };

  for (let done = 0; done < options.warmup; done += options.batch) {
    for (const variant of variants) {
      for (let i = 0; i < Math.min(options.batch, options.warmup - done); i++) await call(variant);
    }
  }

  const samples = new Map(variants.map((v) => [v.name, [] as number[]]));
  const roundMedians = new Map(variants.map((v) => [v.name, [] as number[]]));
  for (let round = 0, taken = 0; taken < options.samples; round++) {
    const size = Math.min(options.batch, options.samples - taken);
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length]!;
      const batch: number[] = [];
      for (let i = 0; i < size; i++) batch.push(await call(variant));
      samples.get(variant.name)!.push(...batch);
      roundMedians.get(variant.name)!.push(median(batch));
      options.counter?.tick(size);
    }
    taken += size;
  }
  return { samples, roundMedians };
}

/** Per-round ratio of medians (a over b): its middle half says how steady the ratio was during the run. */
export function roundRatioSpread(data: InterleavedSamples, a: string, b: string): [number, number] {
  const am = data.roundMedians.get(a)!;
  const bm = data.roundMedians.get(b)!;
  return interquartile(am.map((value, i) => value / bm[i]!));
}
