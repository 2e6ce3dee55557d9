import { Command } from 'commander';
import { siteIdSchema } from '../../shared/ids.ts';
import { importArticles } from '../../shared/import/import-articles.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';
import { importFile } from '../import-file.ts';

/** `newspulse articles import --site S catalog.ndjson`: bulk catalog metadata, as trusted as the admin API. */
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

  return articles;
}
