import { pollSitesFeeds } from '../shared/catalog/feed-poller.ts';
import { RankCache } from '../shared/rank/rank-cache.ts';
import { rankSites, sitesToRank } from '../shared/rank/rank-sites.ts';
import type { Db } from '../shared/store/db.ts';

/**
 * The local stand-in for the EventBridge schedule: a live run for every site (feeds polled, then ranked) now
 * and then every `intervalSeconds`, never two runs at once. Returns a function that stops it.
 */
export function startRankTimer(db: Db, intervalSeconds: number, log: (line: string) => void): () => void {
  let running = false;
  // Kept between runs, as the rank Lambda's warm container keeps it: each run reads only what changed.
  const cache = new RankCache();
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const now = Date.now();
      const sites = await sitesToRank(db);
      for (const polled of await pollSitesFeeds(db, sites, new Date(now))) {
        for (const feed of polled.feeds) if (feed.error) log(`feed ${feed.feed} of ${polled.site} failed: ${feed.error}`);
      }
      const result = await rankSites(db, sites, now, { cache });
      for (const f of result.failures) log(`rank failed for ${f.site}: ${f.error}`);
    } catch (error) {
      log(`rank run failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalSeconds * 1000);
  return () => clearInterval(timer);
}
