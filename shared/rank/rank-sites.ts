import { getSite, listSites } from '../sites/site-store.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { rankSite, type RankOptions, type RankReport } from './rank-site.ts';

export interface RankSitesResult {
  reports: RankReport[];
  failures: { site: string; error: string }[];
}

/** The site named (an error when there is none), or every site. */
export async function sitesToRank(db: Db, site?: string): Promise<Site[]> {
  if (site === undefined) return listSites(db);
  const found = await getSite(db, site);
  if (!found) throw new Error(`no site "${site}"`);
  return [found];
}

/**
 * Ranks the sites one after the other. One failing site is reported and does not stop the others. Used by the
 * rank Lambda, the local server's timer and `newspulse rank`.
 */
export async function rankSites(db: Db, sites: Site[], at: number, options: RankOptions = {}): Promise<RankSitesResult> {
  const result: RankSitesResult = { reports: [], failures: [] };
  for (const site of sites) {
    try {
      result.reports.push(await rankSite(db, site, at, options));
    } catch (error) {
      result.failures.push({ site: site.site, error: (error as Error).message });
    }
  }
  return result;
}
