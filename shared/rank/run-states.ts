import { batchGetAll } from '../store/batch-get.ts';
import type { Db } from '../store/db.ts';
import { runStateKey, toRunState, type RunState } from './run-state-item.ts';

/** The run states of these sites (one BatchGetItem per 100), for the scheduler to tell quiet sites. */
export async function readRunStates(db: Db, sites: readonly string[]): Promise<Map<string, RunState>> {
  if (sites.length === 0) return new Map();
  const siteOf = new Map(sites.map((site) => [runStateKey(site).pk, site]));
  const { items } = await batchGetAll(db, sites.map(runStateKey));
  return new Map(items.map((item) => [siteOf.get(String(item.pk))!, toRunState(item)]));
}
