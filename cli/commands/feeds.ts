import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { siteIdSchema } from '../../shared/ids.ts';
import { checkFeed, type FeedCheck } from '../../shared/catalog/feed-check.ts';
import { FEED_LIMITS, fetchErrorMessage, fetchFeed } from '../../shared/catalog/feed-fetch.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';
import { tsvLine } from '../tsv.ts';

/** `newspulse feeds check <url|file> [--site S]`: a dry run of a feed, so an operator can fix it before adding it. */
export function feedsCommand(): Command {
  const feeds = new Command('feeds').description("check a site's RSS or Atom feeds");

  withStoreOptions(
    feeds
      .command('check')
      .description('read a feed as the rank job would and print what it would import and every skipped item with its reason; writes nothing')
      .argument('<source>', 'the feed: an http(s) URL or a file')
      .option('--site <site>', "apply this site's section rules and compare with its catalog (new, changed, unchanged)")
      .option('--json', 'print one JSON object: {articles: [{article, idFrom, sectionFrom, change}], skipped: [{reason}]}'),
  ).action(async (source: string, options: StoreOptions & { site?: string; json?: boolean }) => {
    const siteId = options.site === undefined ? undefined : siteIdSchema.parse(options.site);
    const isUrl = /^https?:\/\//i.test(source);
    const { body, contentType } = isUrl ? await fetchUrl(source) : { body: await readLocal(source), contentType: '' };
    let site;
    if (siteId !== undefined) {
      const db = await openDb(options);
      const found = await getSite(db, siteId);
      if (!found) throw new Error(`no site "${siteId}": add it with "newspulse sites add"`);
      site = { site: found, db };
    }
    const check = await checkFeed(body, contentType, isUrl ? source : pathToFileURL(source).href, site).catch((error: Error) => {
      throw new Error(`${source}: ${error.message}`);
    });
    if (options.json) console.log(JSON.stringify(check));
    else for (const line of report(source, check, siteId)) console.log(line);
  });

  return feeds;
}

async function fetchUrl(url: string): Promise<{ body: Uint8Array; contentType: string }> {
  try {
    return await fetchFeed(url, fetch, FEED_LIMITS);
  } catch (error) {
    throw new Error(`cannot fetch ${url}: ${fetchErrorMessage(error, FEED_LIMITS.timeoutMs)}`);
  }
}

async function readLocal(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no file ${path} (give an http(s) URL or a file)` : `cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The text report: a summary, one line per article, the skipped items, and what the operator may want to fix. */
function report(source: string, { articles, skipped }: FeedCheck, site: string | undefined): string[] {
  const count = (what: (a: FeedCheck['articles'][number]) => unknown) => articles.filter(what).length;
  const changes = site === undefined ? '' : ` (${count((a) => a.change === 'new')} new, ${count((a) => a.change === 'changed')} changed, ${count((a) => a.change === 'unchanged')} unchanged, ${count((a) => a.change === 'trusted')} kept from the admin API)`;
  const lines = [`${source}: ${articles.length} articles${changes}, ${skipped.length} items skipped`];
  if (articles.length > 0) {
    lines.push('', tsvLine(['id', 'id from', 'section', 'published', site === undefined ? undefined : 'change', 'title', 'url']));
    for (const { article, idFrom, sectionFrom, change } of articles) {
      const section = article.section === undefined ? '-' : `${article.section}${sectionFrom ? ` (${sectionFrom})` : ''}`;
      lines.push(tsvLine([article.articleId, idFrom, section, article.publishedAt, change, article.title, article.url]));
    }
  }
  if (skipped.length > 0) lines.push('', 'skipped:', ...skipped.map((s) => `  ${tsvLine([s.reason])}`));
  const fromGuid = count((a) => a.idFrom === 'guid');
  const hashed = count((a) => a.idFrom === 'url' && a.article.articleId.startsWith('h-'));
  const noSection = count((a) => a.article.section === undefined);
  const notes = [
    fromGuid > 0 ? `${fromGuid} ids come from the feed's guids: the pages must send the same ids (data-article-id), or their views count for other ids` : undefined,
    hashed > 0 ? `${hashed} ids are hashes of slugs that do not fit the id rules (letters beyond ASCII, commas, over 128 characters): pages without data-article-id compute the same (README, "Article ids")` : undefined,
    noSection > 0 ? `${noSection} articles have no section: feed categories count only when they name a site section; give the site --section or --section-path` : undefined,
  ].filter((n) => n !== undefined);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `note: ${n}`));
  return lines;
}
