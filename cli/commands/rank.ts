import { Command } from 'commander';
import { pollSitesFeeds } from '../../shared/catalog/feed-poller.ts';
import { rankSites, sitesToRank } from '../../shared/rank/rank-sites.ts';
import { siteIdSchema } from '../../shared/ids.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';
import { parseSetting } from '../setting-arg.ts';

/** `newspulse rank [--site S] [--at ISO]`: compute every list as of a time. */
export function rankCommand(): Command {
  return withStoreOptions(
    new Command('rank')
      .description('compute every list and related stories as of a time (events after it are ignored); without --at, poll the sites\' feeds first')
      .option('--site <site>', 'rank only this site (default: every site)')
      .option('--at <time>', 'ISO time to rank as of (default: now); replays history and backtests settings')
      .option('--set <path=value>', 'override a ranking setting for this run, e.g. popularNow.halfLifeMinutes=60 (repeatable)', parseSetting)
      .option('--json', 'print the run reports as JSON'),
  ).action(async (options: StoreOptions & { site?: string; at?: string; set?: Record<string, unknown>; json?: boolean }) => {
    const at = options.at === undefined ? Date.now() : Date.parse(options.at);
    if (Number.isNaN(at)) throw new Error(`--at is not an ISO time: ${options.at}`);
    const site = options.site === undefined ? undefined : siteIdSchema.parse(options.site);
    const db = await openDb(options);
    const sites = await sitesToRank(db, site);
    // A live run refreshes the catalog from the feeds first; a replay (--at) ranks the catalog as it is.
    const feeds = options.at === undefined ? await pollSitesFeeds(db, sites, new Date(at)) : [];
    const result = await rankSites(db, sites, at, { settings: options.set });
    if (options.json) {
      console.log(JSON.stringify({ ...result, feeds }, null, 2));
    } else {
      for (const polled of feeds) {
        for (const f of polled.feeds) console.log(`${polled.site}: feed ${f.feed}: ${f.error ? `failed: ${f.error}` : `${f.written} articles written, ${f.skipped} items skipped`}`);
      }
      for (const r of result.reports) {
        if (r.quiet) {
          console.log(`${r.site}: ranked as of ${r.at}: nothing new since the last run, nothing written; ${r.readUnits.toFixed(1)} read units`);
          continue;
        }
        console.log(
          `${r.site}: ranked as of ${r.at} in ${r.durationMs} ms; ${r.catalogArticles} articles, ${r.listsWritten} lists written (${r.listsUnchanged} unchanged), ` +
            `${r.relatedWritten} related written (${r.relatedUnchanged} unchanged${r.relatedInFull ? '' : ', new articles only'}), ${r.statsWritten} view counts, ` +
            `${r.rollupsWritten} hour rollups${r.ignoredViews ? `, ${r.ignoredViews} views ignored as automation` : ''}; ${r.readUnits.toFixed(1)} read units, ${r.writeUnits.toFixed(1)} write units`,
        );
      }
      if (result.reports.length === 0 && result.failures.length === 0) console.log('no sites to rank');
    }
    // The sites that ranked are written; the command still fails, naming each site that did not and why.
    if (result.failures.length > 0) throw new Error(`rank failed for ${result.failures.map((f) => `${f.site} (${f.error})`).join(', ')}`);
  });
}
