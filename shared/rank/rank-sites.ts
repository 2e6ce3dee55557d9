import { getSite, listSites } from '../sites/site-store.ts';
import type { Db } from '../store/db.ts';
import { rankSite, type RankOptions, type RankReport } from './rank-site.ts';

export interface RankAllResult {
  reports: RankReport[];
  failures: { site: string; error: string }[];
}

/**
 * Ranks one site or every site. One failing site is reported and does not stop the others. Used by the rank
 * Lambda, the local server's timer and `newspulse rank`.
 */
export async function rankSites(db: Db, at: number, options: RankOptions & { site?: string } = {}): Promise<RankAllResult> {
  const sites = options.site ? [await getSite(db, options.site)] : await listSites(db);
  if (options.site && !sites[0]) throw new Error(`no site "${options.site}"`);
  const result: RankAllResult = { reports: [], failures: [] };
  for (const site of sites) {
    if (!site) continue;
    try {
      result.reports.push(await rankSite(db, site, at, options));
    } catch (error) {
      result.failures.push({ site: site.site, error: (error as Error).message });
    }
  }
  return result;
}
