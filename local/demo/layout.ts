import { DEMO_SITE } from '../demo-site.ts';
import { html, type SafeHtml } from './escape-html.ts';

export const SITE_NAME = 'The Daily Pulse';

/**
 * The pages' policy: scripts, styles and requests only from this server, so the SDK is shown to work under a
 * strict CSP (no inline script, no inline style, no eval). JSON-LD is data, not script, and needs no exception.
 * Images may also come from the other local host name (catalog URLs name 127.0.0.1, a reader may use localhost).
 */
export const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: http://127.0.0.1:* http://localhost:*; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface Page {
  /** Document title, before the site name. */
  title: string;
  /** Extra `<head>` content: meta tags, JSON-LD. */
  head?: SafeHtml;
  /** Sections for the nav, in order; `current` is marked. */
  sections: readonly string[];
  current?: string | undefined;
  main: SafeHtml;
  sidebar: SafeHtml;
  /** Scripts at the end of the body. */
  scripts: SafeHtml;
}

/** The shell of every demo page: masthead, section nav, main column, sidebar, footer. */
export function layout(page: Page): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${SITE_NAME}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo/styles.css">
${page.head}
</head>
<body>
<header class="masthead">
  <div class="wrap">
    <a class="brand" href="/demo/">${SITE_NAME}</a>
    <span class="tagline">A demo news site · lists and counts by newspulse</span>
  </div>
  <nav class="section-nav" aria-label="Sections">
    <ul>
      <li><a href="/demo/"${page.current === undefined ? html` aria-current="page"` : ''}>Home</a></li>
      ${page.sections.map(
        (s) => html`<li><a href="/demo/sections/${encodeURIComponent(s)}"${page.current === s ? html` aria-current="page"` : ''}>${sectionName(s)}</a></li>`,
      )}
    </ul>
  </nav>
</header>
<div class="wrap page">
  <main class="main-column">
${page.main}
  </main>
  <aside class="sidebar">
${page.sidebar}
  </aside>
</div>
<footer class="site-footer">
  <div class="wrap">Demo content, generated. Popular Now, Weekly Best, Must-Reads, Latest Stories, You May Also Like and
  the view counts come from newspulse through <code>/sdk/widgets.js</code>; views are counted by <code>/sdk/beacon.js</code>.</div>
</footer>
${page.scripts}
</body>
</html>
`.value;
}

/** The trending blocks every page carries in its sidebar (filled by widgets.js). */
export function trendingSidebar(): SafeHtml {
  return html`<section data-newspulse="popularNow" data-title="Popular Now" data-numbered="true" data-limit="5"></section>
<section data-newspulse="weeklyBest" data-title="Weekly Best Articles" data-limit="5"></section>
<section data-newspulse="mustReads" data-title="Must-Reads" data-limit="5"></section>`;
}

/** The SDK tags, as a news site would paste them; the beacon only on article pages (it needs an article id). */
export function sdkScripts(options: { articleId?: string | undefined; section?: string | undefined }): SafeHtml {
  const beacon = options.articleId
    ? html`<script src="/sdk/beacon.js" data-site="${DEMO_SITE}" data-article-id="${options.articleId}" defer></script>\n`
    : '';
  const section = options.section ? html` data-section="${options.section}"` : '';
  return html`${beacon}<script src="/sdk/widgets.js" data-site="${DEMO_SITE}"${section} defer></script>`;
}

/** `world` → `World`. */
export function sectionName(section: string): string {
  return section.charAt(0).toUpperCase() + section.slice(1);
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** `28 Nov 2026, 14:05 UTC`: always UTC, so a page reads the same wherever the server runs. */
export function formatDate(iso: string): string {
  return `${DATE_FORMAT.format(new Date(iso))} UTC`;
}
