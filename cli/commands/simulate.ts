import { Command } from 'commander';
import { DEMO_SITE, savedDemoKey } from '../../local/demo-site.ts';
import { Presets, SingleBar } from 'cli-progress';
import { readCatalog } from '../../shared/catalog/catalog-store.ts';
import { config } from '../../shared/config.ts';
import { siteIdSchema } from '../../shared/ids.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { simulateReaders } from '../../sim/simulate-readers.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';

/** `newspulse simulate --site demo --minutes N --rate R`: synthetic readers through the HTTP API. */
export function simulateCommand(): Command {
  return withStoreOptions(
    new Command('simulate')
      .description('send realistic synthetic readers of the site\'s catalog through the HTTP API, in real time')
      .requiredOption('--site <site>', 'site to read')
      .option('--minutes <n>', 'how long to run', '5')
      .option('--rate <events/s>', 'events per second, roughly', '10')
      .option('--api <url>', 'API base URL (default: the local server, http://127.0.0.1:$PORT)')
      .option('--admin-key <key>', 'the site\'s admin key: readers are sent as a server-side sender names them (default for the demo site: the key `npm start` saved)')
      .option('--seed <n>', 'random seed (same seed, same readers)', '1'),
  ).action(async (options: StoreOptions & { site: string; minutes: string; rate: string; api?: string; seed: string; adminKey?: string }) => {
    const minutes = Number(options.minutes);
    const rate = Number(options.rate);
    const seed = Number(options.seed);
    if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error('--minutes must be between 0 and 1440');
    if (!(rate > 0 && rate <= 10_000)) throw new Error('--rate must be between 0 and 10000 events per second');
    if (!Number.isSafeInteger(seed)) throw new Error('--seed must be an integer');
    const db = await openDb(options);
    const site = await getSite(db, siteIdSchema.parse(options.site));
    if (!site) throw new Error(`no site "${options.site}"`);
    const { articles } = await readCatalog(db, site.site);
    if (articles.length === 0) throw new Error(`site "${site.site}" has no catalog articles to read: import some first`);
    const api = options.api ?? `http://127.0.0.1:${config().PORT}`;
    const adminKey = options.adminKey ?? (site.site === DEMO_SITE ? savedDemoKey(config().NEWSPULSE_DATA_DIR) : undefined);
    if (!adminKey) throw new Error(`--admin-key is needed: the simulator speaks for many readers, which only the site's admin key may do`);

    const bar = process.stderr.isTTY
      ? new SingleBar({ format: 'simulating [{bar}] {value}/{total} events | {accepted} counted', stream: process.stderr }, Presets.shades_classic)
      : undefined;
    let started = false;
    const summary = await simulateReaders({
      api,
      site: site.site,
      adminKey,
      catalog: articles,
      minutes,
      rate,
      seed,
      clock: Date.now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      onProgress: (done, total, accepted) => {
        if (!started) bar?.start(total, 0, { accepted: 0 });
        started = true;
        bar?.update(done, { accepted });
      },
    });
    bar?.stop();
    console.log(`sent ${summary.sent} events to ${api}: ${summary.accepted} accepted, ${summary.ignored} ignored (bots, repeats), ${summary.failed} failed`);
    if (summary.failed > 0) process.exitCode = 1;
  });
}
