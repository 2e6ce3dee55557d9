import { HOUR_MS } from '../time.ts';
import type { RunState } from './run-state-item.ts';

/** A site with nothing new for this long is ranked only once an hour. */
export const QUIET_SITE_MS = 6 * HOUR_MS;

/**
 * Which sites a scheduled fan-out queues. Pure. Every site, except those quiet for QUIET_SITE_MS (no reader,
 * no catalog change since their last run that found something: `changedAt`), which are queued only by the
 * first schedule of each hour: a quiet site costs a message and an invocation a period for a check that finds
 * nothing, and its lists wait at most an hour for its next reader. A site never ranked is always due.
 */
export function sitesDue(sites: readonly string[], states: ReadonlyMap<string, RunState>, scheduledAtMs: number, rateMs: number): { due: string[]; quiet: string[] } {
  const firstOfHour = scheduledAtMs % HOUR_MS < rateMs;
  const due: string[] = [];
  const quiet: string[] = [];
  for (const site of sites) {
    const changedAt = states.get(site)?.changedAt;
    if (firstOfHour || changedAt === undefined || scheduledAtMs - changedAt < QUIET_SITE_MS) due.push(site);
    else quiet.push(site);
  }
  return { due, quiet };
}
