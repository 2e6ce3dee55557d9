/**
 * Summaries of latency samples. Percentiles by the nearest-rank method on the sorted samples (no
 * interpolation), so a p99 is always a latency that was actually observed.
 */

export interface Summary {
  n: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The p-th percentile (0 < p <= 100) of samples already sorted ascending: nearest rank. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted.length ? sorted[0]! : Number.NaN,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

export function median(samples: readonly number[]): number {
  return percentileOfSorted(Float64Array.from(samples).sort(), 50);
}

/** The middle half of values (25th to 75th percentile): how much a ratio moved from one round to the next. */
export function interquartile(samples: readonly number[]): [number, number] {
  const sorted = Float64Array.from(samples).sort();
  return [percentileOfSorted(sorted, 25), percentileOfSorted(sorted, 75)];
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
