/** Time helpers. All times are passed in as epoch milliseconds: nothing here reads the clock. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The UTC hour a time falls in, as `2026-11-28T16` (sorts as text in time order). */
export function hourKey(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 13);
}

/** Start of the UTC hour a time falls in. */
export function hourStart(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}

export function toEpochSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
