import { Command } from 'commander';
import * as z from 'zod';
import { siteIdSchema } from '../../shared/ids.ts';
import { mergeSettings, parseRankSettings, withoutSetting } from '../../shared/rank/rank-settings.ts';
import { addSite, getSite, listSites, removeSite, rotateAdminKey, updateSite } from '../../shared/sites/site-store.ts';
import { feedUrlSchema, imageHostSchema, originSchema, sectionPathArgSchema, siteSectionSchema } from '../../shared/sites/site.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';
import { parseSetting, parseSettingPath } from '../setting-arg.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `newspulse sites add|set|list|remove`: the site registry. */
export function sitesCommand(): Command {
  const sites = new Command('sites').description('register, change, list and remove news sites');

  withStoreOptions(
    sites
      .command('add')
      .description('register a site; prints its admin key once')
      .argument('<site>', 'site id: lower-case letters, digits and dashes')
      .requiredOption('--origin <url>', 'an origin allowed to send beacons (repeatable; "*" for any)', collect)
      .option('--feed <url>', 'an RSS or Atom feed of the site\'s articles (repeatable)', collect)
      .option('--trust-beacon-metadata', 'let beacon page metadata fill the catalog (never over admin or feed data)')
      .option('--section <name>', 'a section of the site (repeatable): a feed category naming one is taken as the section; beacon metadata may then name only these', collect)
      .option('--section-path <path=section>', 'feed articles under this URL path belong to this section (repeatable), e.g. "/us-news/=us news"', collect)
      .option('--image-host <host>', 'a host besides the origins that article images come from (repeatable), e.g. img.herald.example', collect),
  ).action(async (site: string, options: StoreOptions & { origin: string[]; feed?: string[]; trustBeaconMetadata?: boolean; section?: string[]; sectionPath?: string[]; imageHost?: string[] }) => {
    const input = z
      .object({ site: siteIdSchema, origins: z.array(originSchema).min(1), feeds: z.array(feedUrlSchema), sections: z.array(siteSectionSchema).max(200), sectionPaths: z.array(sectionPathArgSchema).max(200), imageHosts: z.array(imageHostSchema).max(20) })
      .parse({ site, origins: options.origin, feeds: options.feed ?? [], sections: options.section ?? [], sectionPaths: options.sectionPath ?? [], imageHosts: options.imageHost ?? [] });
    const db = await openDb(options);
    const { adminKey } = await addSite(db, { ...input, trustBeaconMetadata: options.trustBeaconMetadata ?? false }, new Date());
    console.log(`site "${input.site}" added; origins: ${input.origins.join(', ')}`);
    console.log(`admin key (shown once, keep it safe): ${adminKey}`);
  });

  withStoreOptions(
    sites
      .command('set')
      .description("change a site: its origins, ranking settings (validated, see README \"Tuning\"), sections, section paths or feeds; a list option replaces the stored list")
      .argument('<site>', 'site id')
      .option('--set <path=value>', 'a ranking setting, e.g. popularNow.halfLifeMinutes=60 (repeatable)', parseSetting)
      .option('--unset <path>', 'back to the default, e.g. popularNow.halfLifeMinutes (repeatable)', parseSettingPath)
      .option('--origin <url>', 'the origins allowed to send beacons (repeatable; replaces them; "*" for any)', collect)
      .option('--feed <url>', 'the site\'s feeds (repeatable; replaces them)', collect)
      .option('--no-feeds', 'remove every feed')
      .option('--section <name>', 'the site\'s sections (repeatable; replaces them)', collect)
      .option('--section-path <path=section>', 'the site\'s section paths (repeatable; replaces them)', collect),
  ).action(async (site: string, options: StoreOptions & { set?: Record<string, unknown>; unset?: string[][]; origin?: string[]; feed?: string[]; feeds?: boolean; section?: string[]; sectionPath?: string[] }) => {
    const id = siteIdSchema.parse(site);
    const db = await openDb(options);
    const current = await getSite(db, id);
    if (!current) throw new Error(`no site "${id}": add it with "newspulse sites add"`);
    let settings: Record<string, unknown> | undefined;
    if (options.set || options.unset) {
      settings = mergeSettings(current.settings ?? {}, options.set ?? {}) as Record<string, unknown>;
      for (const path of options.unset ?? []) settings = withoutSetting(settings, path);
      parseRankSettings(settings); // refused as a whole, naming the setting, before anything is written
    }
    const lists = z
      .object({ origins: z.array(originSchema).min(1).max(50).optional(), feeds: z.array(feedUrlSchema).max(20).optional(), sections: z.array(siteSectionSchema).max(200).optional(), sectionPaths: z.array(sectionPathArgSchema).max(200).optional() })
      .parse({ origins: options.origin, feeds: options.feeds === false ? [] : options.feed, sections: options.section, sectionPaths: options.sectionPath });
    const updated = await updateSite(db, id, { settings, ...lists });
    if (!updated) throw new Error(`no site "${id}"`);
    console.log(`site "${id}" updated (running functions see it within a minute)`);
    console.log(`settings: ${JSON.stringify(updated.settings ?? {})}`);
  });

  withStoreOptions(
    sites
      .command('rotate-key')
      .description('give a site a new admin key and retire the old one (running functions accept the old one for at most a minute more); prints the new key once')
      .argument('<site>', 'site id'),
  ).action(async (site: string, options: StoreOptions) => {
    const id = siteIdSchema.parse(site);
    const adminKey = await rotateAdminKey(await openDb(options), id, new Date());
    if (adminKey === undefined) throw new Error(`no site "${id}"`);
    console.log(`site "${id}": new admin key (shown once, keep it safe; the old one stops working within a minute): ${adminKey}`);
  });

  withStoreOptions(sites.command('list').description('list registered sites')).action(async (options: StoreOptions) => {
    const all = await listSites(await openDb(options));
    if (all.length === 0) {
      console.log('no sites yet: add one with "newspulse sites add <site> --origin <url>"');
      return;
    }
    for (const site of all) {
      const trust = site.trustBeaconMetadata ? ' trusts-beacon-metadata' : '';
      const feeds = site.feeds.length ? ` feeds=${site.feeds.join(',')}` : '';
      const sections = site.sections?.length ? ` sections=${site.sections.join(',')}` : '';
      const paths = site.sectionPaths?.length ? ` section-paths=${site.sectionPaths.map((p) => `${p.path}=${p.section}`).join(',')}` : '';
      const settings = site.settings && Object.keys(site.settings).length ? ` settings=${JSON.stringify(site.settings)}` : '';
      console.log(`${site.site}\torigins=${site.origins.join(',')}${feeds}${sections}${paths}${settings}${trust}\tcreated ${site.createdAt}`);
    }
  });

  withStoreOptions(
    sites.command('remove').description('remove a site registration (its recorded data expires by TTL)').argument('<site>', 'site id'),
  ).action(async (site: string, options: StoreOptions) => {
    const removed = await removeSite(await openDb(options), siteIdSchema.parse(site));
    if (!removed) throw new Error(`no site "${site}"`);
    console.log(`site "${site}" removed`);
  });

  return sites;
}
