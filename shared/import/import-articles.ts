import { articleSchema, type Article } from '../catalog/article.ts';
import { upsertArticle } from '../catalog/catalog-store.ts';
import type { Db } from '../store/db.ts';
import { importNdjson, zodLine, type NdjsonReport } from './ndjson-import.ts';

export interface ArticleImportReport extends NdjsonReport {
  imported: number;
}

/**
 * Imports catalog lines (`newspulse articles import`, articleSchema) as admin metadata, the most trusted
 * source. Lines of one article id are applied in file order, so when a file lists an article twice the later
 * line wins.
 */
export async function importArticles(
  db: Db,
  site: string,
  lines: AsyncIterable<string>,
  now: Date,
  onProgress: (linesDone: number) => void = () => {},
): Promise<ArticleImportReport> {
  let imported = 0;
  const report = await importNdjson<Article>(lines, {
    validate: zodLine(articleSchema),
    laneKey: (article) => article.articleId,
    async apply(article) {
      await upsertArticle(db, site, article, 'admin', now);
      imported++;
    },
    onProgress,
  });
  return { ...report, imported };
}
