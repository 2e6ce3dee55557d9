import type { CatalogArticle } from '../../shared/catalog/article.ts';
import { html, jsonForScript } from './escape-html.ts';
import { fillerParagraphs } from './filler-text.ts';
import { SITE_NAME, formatDate, layout, sdkScripts, sectionName, trendingSidebar } from './layout.ts';

/**
 * An article page as a news site would serve it: the story, its view counter and the blocks newspulse fills.
 * The head carries what beacon.js reads (Open Graph, article:*, JSON-LD NewsArticle); every catalog string is
 * escaped by `html`.
 */
export function articlePage(article: CatalogArticle, sections: readonly string[]): string {
  const paragraphs = fillerParagraphs(article.title, article.section);
  const section = article.section;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    datePublished: article.publishedAt,
    ...(section ? { articleSection: section } : {}),
    keywords: article.tags,
    ...(article.image ? { image: [article.image] } : {}),
    mainEntityOfPage: article.url,
    publisher: { '@type': 'Organization', name: SITE_NAME },
  };
  const head = html`<meta name="description" content="${paragraphs[0]!.slice(0, 160)}">
<link rel="canonical" href="${article.url}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${SITE_NAME}">
<meta property="og:title" content="${article.title}">
<meta property="og:url" content="${article.url}">
${article.image ? html`<meta property="og:image" content="${article.image}">` : ''}
${section ? html`<meta property="article:section" content="${section}">` : ''}
<meta property="article:published_time" content="${article.publishedAt}">
${article.tags.map((tag) => html`<meta property="article:tag" content="${tag}">\n`)}<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`;

  const main = html`<article class="story">
  ${section ? html`<p class="kicker"><a href="/demo/sections/${encodeURIComponent(section)}">${sectionName(section)}</a></p>` : ''}
  <h1>${article.title}</h1>
  <p class="byline">
    <time datetime="${article.publishedAt}">${formatDate(article.publishedAt)}</time>
    <span class="views">Views: <span data-newspulse-views>–</span></span>
  </p>
  <figure class="lead-image">
    <img src="/demo/images/${encodeURIComponent(article.articleId)}.svg" alt="" width="1200" height="630">
    <figcaption>Illustration${section ? html`: ${sectionName(section)}` : ''}</figcaption>
  </figure>
  <div class="story-body">
    ${paragraphs.map((p) => html`<p>${p}</p>\n    `)}
  </div>
  ${article.tags.length ? html`<ul class="tags" aria-label="Tags">${article.tags.map((t) => html`<li>${t}</li>`)}</ul>` : ''}
</article>
<div class="below-article">
  <section data-newspulse="related" data-title="You May Also Like" data-images="true" data-limit="5"></section>
  <section data-newspulse="latest" ${section ? html`data-label="${sectionName(section)}" ` : ''}data-title="Latest Stories" data-limit="5"></section>
</div>`;

  return layout({
    title: article.title,
    head,
    sections,
    current: section,
    main,
    sidebar: trendingSidebar(),
    scripts: sdkScripts({ articleId: article.articleId }),
  });
}
