import { rankSites } from '../shared/rank/rank-sites.ts';
import type { Db } from '../shared/store/db.ts';

/**
 * The local stand-in for the EventBridge schedule: runs the rank job for every site now and then every
 * `intervalSeconds`, never two runs at once. Returns a function that stops it.
 */
export function startRankTimer(db: Db, intervalSeconds: number, log: (line: string) => void): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const result = await rankSites(db, Date.now(), { pollFeeds: true });
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
