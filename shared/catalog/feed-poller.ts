import { batchGetAll } from '../store/batch-get.ts';
import { forEachLimited } from '../concurrency.ts';
import { feedUrlSchema, type Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { ARTICLE_SOURCES, type Article } from './article.ts';
import { catalogKey } from './catalog-item.ts';
import { upsertArticle } from './catalog-store.ts';
import { decodeFeed } from './feed-bytes.ts';
import { FEED_LIMITS, errorMessage, fetchErrorMessage, fetchFeed, type FeedLimits } from './feed-fetch.ts';
import { parseFeed } from './feed-parser.ts';

export interface FeedPollResult {
  feed: string;
  /** Valid articles the feed listed. */
  fetched: number;
  /** Articles written: new, or changed since the catalog last had them from a feed or a beacon. */
  written: number;
  /** Items that could not become articles (see parseFeed's reasons). */
  skipped: number;
  /** Why the feed could not be read or stored; the other feeds are unaffected. */
  error?: string;
}

/** Catalog writes in flight at once: enough to be quick, few enough not to burst a table's capacity. */
const WRITE_CONCURRENCY = 8;

/**
 * Polls a site's feeds into its catalog (source 'feed', which never overwrites admin metadata). Never throws:
 * a feed that fails (HTTP error, timeout, too big, not a feed, DynamoDB refusing writes) gives a result with
 * `error`, and the others are still stored, so one bad feed cannot stop a rank run.
 *
 * Runs every rank run, so it writes only what changed: the feeds' articles are first read back from the
 * catalog (BatchGetItem, half a read unit each) and an article the catalog already has with the same metadata,
 * or from the admin API, is not written again (a write costs about ten times that read). An article in
 * several feeds of the site (a main and a section feed) is taken from the first feed listing it, so two feeds
 * that disagree on its section do not rewrite it every run.
 */
export async function pollFeeds(
  db: Db,
  site: Site,
  now: Date,
  fetchFn: typeof fetch = fetch,
  limits: Partial<FeedLimits> = {},
): Promise<FeedPollResult[]> {
  const { timeoutMs, maxBytes } = { ...FEED_LIMITS, ...limits };
  const loaded = await Promise.all(site.feeds.map((feed) => loadFeed(feed, site, fetchFn, timeoutMs, maxBytes)));

  const taken = new Set<string>();
  const toWrite = loaded.map((feed) =>
    (feed.articles ?? []).filter((article) => {
      if (taken.has(article.articleId)) return false;
      taken.add(article.articleId);
      return true;
    }),
  );
  // Unreadable catalog: write everything (upsertArticle still protects admin metadata); if DynamoDB is down,
  // the writes fail and say so per feed.
  const stored = await readStored(db, site.site, [...taken]).catch(() => new Map<string, Record<string, unknown>>());

  const results: FeedPollResult[] = [];
  for (const [i, feed] of loaded.entries()) {
    const result: FeedPollResult = { feed: feed.url, fetched: feed.articles?.length ?? 0, written: 0, skipped: feed.skipped, error: feed.error };
    const changed = (toWrite[i] ?? []).map((article) => feedWrite(article, stored.get(article.articleId))).filter((w) => w.change === 'new' || w.change === 'changed');
    try {
      await forEachLimited(changed, WRITE_CONCURRENCY, async ({ article }) => {
        if (await upsertArticle(db, site.site, article, 'feed', now)) result.written++;
      });
    } catch (error) {
      result.error = `writing the catalog: ${errorMessage(error)}`;
    }
    results.push(result);
  }
  return results;
}

/**
 * What a live run does before ranking (the rank Lambda, the local timer, `newspulse rank` without --at): polls
 * the feeds of each site that has some into its catalog. Never throws; each feed's outcome is in the result.
 */
export async function pollSitesFeeds(db: Db, sites: Site[], now: Date, fetchFn: typeof fetch = fetch): Promise<{ site: string; feeds: FeedPollResult[] }[]> {
  const polled: { site: string; feeds: FeedPollResult[] }[] = [];
  for (const site of sites) if (site.feeds.length > 0) polled.push({ site: site.site, feeds: await pollFeeds(db, site, now, fetchFn) });
  return polled;
}

interface LoadedFeed {
  url: string;
  articles?: Article[];
  skipped: number;
  error?: string;
}

async function loadFeed(url: string, site: Site, fetchFn: typeof fetch, timeoutMs: number, maxBytes: number): Promise<LoadedFeed> {
  try {
    if (!feedUrlSchema.safeParse(url).success) throw new Error('not an http(s) URL');
    const { body, contentType } = await fetchFeed(url, fetchFn, { timeoutMs, maxBytes });
    const { articles, skipped } = parseFeed(decodeFeed(body, contentType), url, site);
    return { url, articles, skipped: skipped.length };
  } catch (error) {
    return { url, skipped: 0, error: fetchErrorMessage(error, timeoutMs) };
  }
}

/** What a feed's article does to the catalog: `trusted` when the admin API's metadata stands (never overwritten). */
export type FeedChange = 'new' | 'changed' | 'unchanged' | 'trusted';

/**
 * The article as it would be written, and what that changes. A feed article without a section keeps the one
 * the catalog has (a page's `article:section`): the feed saying nothing about it is not "none". Unchanged
 * articles are not written again: a write costs ten times the read that told.
 */
export function feedWrite(article: Article, stored: Record<string, unknown> | undefined): { article: Article; change: FeedChange } {
  if (!stored) return { article, change: 'new' };
  if (Number(stored.trust) > ARTICLE_SOURCES.feed) return { article, change: 'trusted' }; // refused anyway: save the attempt
  const written = article.section === undefined && typeof stored.section === 'string' ? { ...article, section: stored.section } : article;
  if (stored.source !== 'feed') return { article: written, change: 'changed' };
  const visible = (a: Record<string, unknown>) => JSON.stringify([a.title, a.url, a.section ?? null, a.tags ?? [], a.publishedAt, a.image ?? null]);
  return { article: written, change: visible(written) === visible(stored) ? 'unchanged' : 'changed' };
}

/** The catalog items of these ids. */
export async function readStored(db: Db, site: string, articleIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  const { items } = await batchGetAll(db, articleIds.map((id) => catalogKey(site, id)));
  return new Map(items.map((item) => [String(item.sk), item]));
}
