/** The median by the nearest-rank method (no interpolation), so it is always a value that was observed. */
export function median(samples: readonly number[]): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted.length ? sorted[Math.max(1, Math.ceil(sorted.length / 2)) - 1]! : Number.NaN;
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
