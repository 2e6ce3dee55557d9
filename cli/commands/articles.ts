import { Command } from 'commander';
import { siteIdSchema } from '../../shared/ids.ts';
import { readCatalog } from '../../shared/catalog/catalog-store.ts';
import { importArticles } from '../../shared/import/import-articles.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';
import { importFile } from '../import-file.ts';
import { tsvLine } from '../tsv.ts';

/**
 * `newspulse articles import --site S catalog.ndjson`: bulk catalog metadata, as trusted as the admin API.
 * `newspulse articles list --site S [--json]`: the catalog as it stands.
 */
export function articlesCommand(): Command {
  const articles = new Command('articles').description("manage a site's article catalog");

  withStoreOptions(
    articles
      .command('import')
      .description('import catalog metadata (NDJSON lines: articleId, title, url, section, tags, publishedAt, image); overwrites feed and beacon metadata; exits 1 when lines were rejected')
      .requiredOption('--site <site>', 'site the articles belong to')
      .argument('<file>', 'NDJSON file, one article per line'),
  ).action(async (file: string, options: StoreOptions & { site: string }) => {
    const siteId = siteIdSchema.parse(options.site);
    const db = await openDb(options);
    if (!(await getSite(db, siteId))) throw new Error(`no site "${siteId}": add it with "newspulse sites add"`);
    await importFile(
      file,
      'lines',
      (lines, onProgress) => importArticles(db, siteId, lines, new Date(), onProgress),
      (r) => [`imported ${r.imported}, rejected ${r.rejected}`],
    );
  });

  withStoreOptions(
    articles
      .command('list')
      .description("print a site's catalog, newest first: id, section, published time, where the metadata came from (admin, feed, beacon), title, url")
      .requiredOption('--site <site>', 'the site')
      .option('--json', 'print one JSON array of the articles (with source and updatedAt)'),
  ).action(async (options: StoreOptions & { site: string; json?: boolean }) => {
    const siteId = siteIdSchema.parse(options.site);
    const db = await openDb(options);
    if (!(await getSite(db, siteId))) throw new Error(`no site "${siteId}": add it with "newspulse sites add"`);
    const { articles: catalog } = await readCatalog(db, siteId);
    catalog.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.articleId.localeCompare(b.articleId));
    if (options.json) {
      console.log(JSON.stringify(catalog));
      return;
    }
    if (catalog.length === 0) {
      console.log(`no articles in the catalog of "${siteId}" yet: they come from its feeds (on each rank run), "articles import", the admin API, or beacon metadata`);
      return;
    }
    console.log(tsvLine(['id', 'section', 'published', 'source', 'title', 'url']));
    for (const a of catalog) console.log(tsvLine([a.articleId, a.section ?? '-', a.publishedAt, a.source, a.title, a.url]));
    console.log(`${catalog.length} articles`);
  });

  return articles;
}
