import { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { articleSchema } from '../../shared/catalog/article.ts';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { siteIdSchema } from '../../shared/ids.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import type { Db } from '../../shared/store/db.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';

/** Writes in flight at once: enough to hide round trips, few enough not to throttle a fresh on-demand table. */
const PARALLEL = 16;
/** A catalog line is one article; anything longer is not one (and is not held in memory to parse). */
const MAX_LINE_CHARS = 16 * 1024;
/** How many rejected lines the summary lists. */
const SHOWN_REJECTIONS = 10;

export interface ArticleImportSummary {
  imported: number;
  rejected: number;
  /** The first rejected lines, with why. */
  rejections: { line: number; reason: string }[];
}

/**
 * Upserts NDJSON catalog lines (articleSchema) as admin metadata, PARALLEL at a time. Bad lines are counted
 * and reported, never fatal; a store failure is (the SDK has already retried it). Writes of one article id
 * are chained, so when a file lists an article twice the later line wins, as it would one at a time.
 */
export async function importArticles(
  db: Db,
  site: string,
  lines: AsyncIterable<string>,
  now: Date,
  onProgress: (linesDone: number) => void = () => {},
): Promise<ArticleImportSummary> {
  const summary: ArticleImportSummary = { imported: 0, rejected: 0, rejections: [] };
  const inFlight = new Set<Promise<void>>();
  const lastWrite = new Map<string, Promise<void>>();
  let failure: { error: unknown } | undefined;
  let lineNumber = 0;

  const reject = (line: number, reason: string) => {
    summary.rejected++;
    if (summary.rejections.length < SHOWN_REJECTIONS) summary.rejections.push({ line, reason });
    onProgress(summary.imported + summary.rejected);
  };

  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    if (text.length > MAX_LINE_CHARS) {
      reject(lineNumber, `longer than ${MAX_LINE_CHARS} characters`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      reject(lineNumber, 'not valid JSON');
      continue;
    }
    const parsed = articleSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      reject(lineNumber, `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
      continue;
    }
    const article = parsed.data;
    const write: Promise<void> = (lastWrite.get(article.articleId) ?? Promise.resolve())
      .then(() => upsertArticle(db, site, article, 'admin', now))
      .then(
        () => {
          summary.imported++;
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => {
        inFlight.delete(write);
        if (lastWrite.get(article.articleId) === write) lastWrite.delete(article.articleId);
        onProgress(summary.imported + summary.rejected);
      });
    inFlight.add(write);
    lastWrite.set(article.articleId, write);
    if (inFlight.size >= PARALLEL) await Promise.race(inFlight);
    if (failure) break;
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return summary;
}

/** `newspulse articles import --site S catalog.ndjson`: bulk catalog metadata, as trusted as the admin API. */
export function articlesCommand(): Command {
  const articles = new Command('articles').description("manage a site's article catalog");

  withStoreOptions(
    articles
      .command('import')
      .description('import catalog metadata (NDJSON lines: articleId, title, url, section, tags, publishedAt, image); overwrites feed and beacon metadata')
      .requiredOption('--site <site>', 'site the articles belong to')
      .argument('<file>', 'NDJSON file, one article per line'),
  ).action(async (file: string, options: StoreOptions & { site: string }) => {
    const size = statSync(file).size; // a missing file fails here, before anything is written
    const siteId = siteIdSchema.parse(options.site);
    const db = await openDb(options);
    if (!(await getSite(db, siteId))) throw new Error(`no site "${siteId}": add it with "newspulse sites add"`);

    const stream = createReadStream(file, { encoding: 'utf8' });
    const bar = process.stderr.isTTY
      ? new SingleBar({ format: 'importing [{bar}] {percentage}% | {articles} articles', stream: process.stderr }, Presets.shades_classic)
      : undefined;
    bar?.start(size, 0, { articles: 0 });
    let done = 0;
    try {
      const summary = await importArticles(db, siteId, createInterface({ input: stream, crlfDelay: Infinity }), new Date(), (n) => {
        done = n;
        bar?.update(stream.bytesRead, { articles: done });
      });
      bar?.update(size, { articles: done });
      bar?.stop();
      console.log(`imported ${summary.imported}, rejected ${summary.rejected}`);
      for (const r of summary.rejections) console.log(`  line ${r.line}: ${r.reason}`);
      if (summary.rejected > summary.rejections.length) console.log(`  ... and ${summary.rejected - summary.rejections.length} more`);
    } catch (error) {
      bar?.stop();
      stream.destroy();
      throw error;
    }
  });

  return articles;
}
