import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import type { Article } from './article.ts';
import { decodeFeed } from './feed-bytes.ts';
import { parseFeed, type ArticleProvenance } from './feed-parser.ts';
import { feedWrite, readStored, type FeedChange } from './feed-poller.ts';

/** One article a feed would give, how it was read, and (with a site) what it would change in the catalog. */
export interface CheckedArticle extends ArticleProvenance {
  article: Article;
  change?: FeedChange;
}

export interface FeedCheck {
  articles: CheckedArticle[];
  skipped: { reason: string }[];
}

/**
 * `newspulse feeds check`: what a feed would put into the catalog, without writing anything. The same reading
 * as the poller's (decodeFeed, parseFeed with the site's section rules); with a site, each article is compared
 * with the catalog the way the poller decides to write (feedWrite). Throws when the bytes are not a feed.
 */
export async function checkFeed(body: Uint8Array, contentType: string, feedUrl: string, site?: { site: Site; db: Db }): Promise<FeedCheck> {
  const parsed = parseFeed(decodeFeed(body, contentType), feedUrl, site?.site ?? {});
  const checked: CheckedArticle[] = parsed.articles.map((article, i) => ({ article, ...parsed.provenance[i]! }));
  if (site) {
    const stored = await readStored(site.db, site.site.site, parsed.articles.map((a) => a.articleId));
    for (const entry of checked) {
      const { article, change } = feedWrite(entry.article, stored.get(entry.article.articleId));
      entry.article = article;
      entry.change = change;
    }
  }
  return { articles: checked, skipped: parsed.skipped };
}
