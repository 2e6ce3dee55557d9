import type { Article } from '../../shared/catalog/article.ts';
import { syntheticCatalog } from '../../sim/synthetic-catalog.ts';

/** Fixed, so every `npm start` shows the same headlines (only their publish times follow `now`). */
const DEMO_SEED = 2026;
const DEMO_ARTICLES = 60;
const DAY_MS = 86_400_000;

/**
 * The article whose title carries markup. It proves, on every page and in every widget, that catalog text is
 * shown as text: the browser test checks that no `<b>` element is ever made from it.
 */
export const MARKUP_ARTICLE_ID = 'demo-markup-title';
export const MARKUP_TITLE = 'Why <b>markup</b> in a headline shows up as plain text';

/**
 * The demo site's catalog: 60 synthetic articles over six sections (deterministic for the seed) published in
 * the three days before `now`, plus the markup article, the newest one. `baseUrl` is where the demo site is
 * served (`http://127.0.0.1:8787/demo`): article pages at `{baseUrl}/articles/{id}`, images at
 * `{baseUrl}/images/{id}.svg`.
 */
export function demoCatalog(baseUrl: string, now: number): Article[] {
  const articles = syntheticCatalog({ seed: DEMO_SEED, start: now - DAY_MS, end: now, articles: DEMO_ARTICLES, sessions: 0, siteUrl: baseUrl });
  const markup: Article = {
    articleId: MARKUP_ARTICLE_ID,
    title: MARKUP_TITLE,
    url: `${baseUrl}/articles/${MARKUP_ARTICLE_ID}`,
    section: 'tech',
    tags: ['browser', 'security'],
    publishedAt: new Date(now - 5 * 60_000).toISOString(),
  };
  return [...articles, markup].map((article) => ({ ...article, image: `${baseUrl}/images/${article.articleId}.svg` }));
}
