import { Command } from 'commander';
import { getArticle } from '../../shared/catalog/catalog-store.ts';
import { pinInputSchema } from '../../shared/catalog/pin-input.ts';
import { putPin, readPins, removePin } from '../../shared/catalog/pins-store.ts';
import { articleIdSchema, siteIdSchema } from '../../shared/ids.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import type { Db } from '../../shared/store/db.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';

type SiteOptions = StoreOptions & { site: string };

/** The store and a site that exists, or one clear error line. */
async function openSite(options: SiteOptions): Promise<{ db: Db; site: string }> {
  const site = siteIdSchema.parse(options.site);
  const db = await openDb(options);
  if (!(await getSite(db, site))) throw new Error(`no site "${site}": add it with "newspulse sites add"`);
  return { db, site };
}

/** `newspulse pins add|list|remove --site S`: editorial pins that lead Must-Reads until they expire. */
export function pinsCommand(): Command {
  const pins = new Command('pins').description('pin articles to the top of Must-Reads until a time');

  withStoreOptions(
    pins
      .command('add')
      .description(`pin an article (it must be in the catalog) until a time in the next 90 days`)
      .requiredOption('--site <site>', 'site id')
      .requiredOption('--until <time>', 'ISO time the pin ends, e.g. 2026-12-01T18:00:00Z')
      .option('--note <text>', 'why it is pinned (for colleagues; never shown to readers)')
      .argument('<articleId>', 'article to pin'),
  ).action(async (articleId: string, options: SiteOptions & { until: string; note?: string }) => {
    const id = articleIdSchema.parse(articleId);
    const now = new Date();
    const input = pinInputSchema(now).parse({ until: options.until, note: options.note });
    const { db, site } = await openSite(options);
    if (!(await getArticle(db, site, id))) throw new Error(`no article "${id}" in the catalog of "${site}": import it first`);
    await putPin(db, site, { articleId: id, until: input.until, ...(input.note ? { note: input.note } : {}) }, now);
    console.log(`pinned "${id}" on "${site}" until ${input.until}`);
  });

  withStoreOptions(pins.command('list').description("list a site's pins, expired ones marked").requiredOption('--site <site>', 'site id')).action(
    async (options: SiteOptions) => {
      const { db, site } = await openSite(options);
      const all = await readPins(db, site);
      if (all.length === 0) {
        console.log(`no pins on "${site}"`);
        return;
      }
      const now = Date.now();
      for (const pin of all) {
        const state = Date.parse(pin.until) <= now ? 'expired' : 'active';
        console.log(`${pin.articleId}\tuntil ${pin.until}\t${state}${pin.note ? `\t${pin.note}` : ''}`);
      }
    },
  );

  withStoreOptions(
    pins.command('remove').description('unpin an article').requiredOption('--site <site>', 'site id').argument('<articleId>', 'article to unpin'),
  ).action(async (articleId: string, options: SiteOptions) => {
    const id = articleIdSchema.parse(articleId);
    const { db, site } = await openSite(options);
    if (!(await removePin(db, site, id))) throw new Error(`"${id}" is not pinned on "${site}"`);
    console.log(`unpinned "${id}" on "${site}"`);
  });

  return pins;
}
