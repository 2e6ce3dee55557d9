import type { CatalogArticle } from '../../shared/catalog/article.ts';
import { html, type SafeHtml } from './escape-html.ts';
import { fillerParagraphs } from './filler-text.ts';
import { formatDate, layout, sdkScripts, sectionName, trendingSidebar } from './layout.ts';

/** Catalog articles published by `now`, newest first: what a front page lists. */
function newestFirst(articles: readonly CatalogArticle[], now: number): CatalogArticle[] {
  return articles.filter((a) => Date.parse(a.publishedAt) <= now).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}

/** The sections of a catalog in a stable order (by name). */
export function sectionsOf(articles: readonly CatalogArticle[]): string[] {
  return [...new Set(articles.flatMap((a) => (a.section ? [a.section] : [])))].sort();
}

/** The home page: the top story, the latest stories, each section's newest, and the trending sidebar. */
export function homePage(articles: readonly CatalogArticle[], now: number): string {
  const sorted = newestFirst(articles, now);
  const sections = sectionsOf(articles);
  const [top, ...rest] = sorted;
  const main = html`${top ? topStory(top) : html`<p>No articles yet.</p>`}
<section class="front-latest">
  <h2 class="block-title">Latest</h2>
  ${storyList(rest.slice(0, 6))}
</section>
<div class="front-sections">
  ${sections.map(
    (s) => html`<section class="front-section">
    <h2 class="block-title"><a href="/demo/sections/${encodeURIComponent(s)}">${sectionName(s)}</a></h2>
    ${storyList(sorted.filter((a) => a.section === s).slice(0, 4))}
  </section>`,
  )}
</div>`;
  return layout({ title: 'Home', sections, main, sidebar: trendingSidebar(), scripts: sdkScripts({}) });
}

/** A section front: every article of the section, newest first. */
export function sectionPage(articles: readonly CatalogArticle[], section: string, now: number): string {
  const list = newestFirst(articles, now).filter((a) => a.section === section);
  const main = html`<h1 class="block-title">${sectionName(section)}</h1>
<ul class="story-list section-page-list">
  ${list.map(
    (a) => html`<li>
    <a href="${articlePath(a)}"><img src="/demo/images/${encodeURIComponent(a.articleId)}.svg" alt="" width="160" height="84" loading="lazy"></a>
    <div><a href="${articlePath(a)}">${a.title}</a><span class="story-meta">${formatDate(a.publishedAt)}</span></div>
  </li>`,
  )}
</ul>`;
  return layout({ title: sectionName(section), sections: sectionsOf(articles), current: section, main, sidebar: trendingSidebar(), scripts: sdkScripts({ section }) });
}

export function notFoundPage(articles: readonly CatalogArticle[], what: string): string {
  const main = html`<div class="not-found"><h1>Page not found</h1><p>There is no ${what} here. <a href="/demo/">Back to the front page</a>.</p></div>`;
  return layout({ title: 'Not found', sections: sectionsOf(articles), main, sidebar: trendingSidebar(), scripts: sdkScripts({}) });
}

/** Links stay on this server whatever port the catalog's URLs were made for. */
function articlePath(article: CatalogArticle): string {
  return `/demo/articles/${encodeURIComponent(article.articleId)}`;
}

function topStory(article: CatalogArticle): SafeHtml {
  return html`<section class="top-story">
  <a href="${articlePath(article)}"><img src="/demo/images/${encodeURIComponent(article.articleId)}.svg" alt="" width="1200" height="630"></a>
  <div>
    ${article.section ? html`<p class="kicker">${sectionName(article.section)}</p>` : ''}
    <h2><a href="${articlePath(article)}">${article.title}</a></h2>
    <p class="standfirst">${standfirst(article)}</p>
    <span class="story-meta">${formatDate(article.publishedAt)}</span>
  </div>
</section>`;
}

function storyList(articles: readonly CatalogArticle[]): SafeHtml {
  return html`<ul class="story-list">
    ${articles.map(
      (a) => html`<li><a href="${articlePath(a)}">${a.title}</a><span class="story-meta">${a.section ? `${sectionName(a.section)} · ` : ''}${formatDate(a.publishedAt)}</span></li>`,
    )}
  </ul>`;
}

/** The first two sentences of the article's first paragraph. */
function standfirst(article: CatalogArticle): string {
  const first = fillerParagraphs(article.title, article.section, 1)[0]!;
  return first.match(/[^.!?]+[.!?]+(\s|$)/g)?.slice(0, 2).join('').trim() ?? first;
}
