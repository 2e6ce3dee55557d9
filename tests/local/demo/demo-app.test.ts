import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../../shared/catalog/catalog-store.ts';
import { testReaders } from '../../support/readers.ts';
import { cachedSiteLookup } from '../../../shared/sites/site-cache.ts';
import { DEMO_SITE, ensureDemoSite } from '../../../local/demo-site.ts';
import { MARKUP_ARTICLE_ID, MARKUP_TITLE, demoCatalog } from '../../../local/demo/demo-catalog.ts';
import { escapeHtml, html, jsonForScript } from '../../../local/demo/escape-html.ts';
import { createLocalApp } from '../../../local/local-app.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');
let table: TestTable;
let dataDir: string;
let app: ReturnType<typeof createLocalApp>;

beforeAll(async () => {
  table = await createTestTable();
  dataDir = mkdtempSync(join(tmpdir(), 'newspulse-demo-'));
  app = createLocalApp({ db: table, sites: cachedSiteLookup(table, () => NOW), clock: () => NOW, ...testReaders() });
});
afterAll(async () => {
  await table.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('escapeHtml and html', () => {
  it('escapes text and quoted attributes, and only once', () => {
    expect(escapeHtml(`<b>"a" & 'b'</b>`)).toBe('&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;');
    const inner = html`<i>${'<x>'}</i>`;
    expect(html`<p title="${'"quoted"'}">${inner}${['<1>', '<2>']}${undefined}${false}</p>`.value).toBe(
      '<p title="&quot;quoted&quot;"><i>&lt;x&gt;</i>&lt;1&gt;&lt;2&gt;</p>',
    );
  });

  it('keeps JSON-LD inside its script block', () => {
    const out = jsonForScript({ headline: '</script><script>alert(1)</script> & more' }).value;
    expect(out).not.toMatch(/[<>&]/);
    expect(JSON.parse(out)).toEqual({ headline: '</script><script>alert(1)</script> & more' });
  });
});

describe('the demo catalog', () => {
  it('is the same for the same now, valid, across sections, with one markup title', () => {
    const a = demoCatalog('http://127.0.0.1:8787/demo', NOW);
    expect(demoCatalog('http://127.0.0.1:8787/demo', NOW)).toEqual(a);
    expect(a).toHaveLength(61);
    expect(new Set(a.map((x) => x.section)).size).toBe(6);
    expect(a.every((x) => Date.parse(x.publishedAt) <= NOW && Date.parse(x.publishedAt) > NOW - 3 * 86_400_000)).toBe(true);
    expect(a.filter((x) => x.title.includes('<'))).toEqual([expect.objectContaining({ articleId: MARKUP_ARTICLE_ID, title: MARKUP_TITLE })]);
  });

  it('is loaded when the demo site is created, and not again', async () => {
    const first = await ensureDemoSite(table, 8787, dataDir, new Date(NOW));
    expect(first).toMatchObject({ created: true, articlesLoaded: 61 });
    const second = await ensureDemoSite(table, 8787, dataDir, new Date(NOW));
    expect(second).toMatchObject({ created: false, adminKey: first.adminKey, articlesLoaded: 0 });
    const { articles } = await readCatalog(table, DEMO_SITE);
    expect(articles).toHaveLength(61);
    expect(articles.every((x) => x.source === 'admin')).toBe(true);
  });
});

describe('demo pages', () => {
  it('serves an article page with escaped text, the meta tags beacon.js reads and both scripts', async () => {
    const { status, headers, text } = await get(`/demo/articles/${MARKUP_ARTICLE_ID}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(text).not.toContain('<b>markup</b>');
    expect(text).toContain('<h1>Why &lt;b&gt;markup&lt;/b&gt; in a headline shows up as plain text</h1>');
    expect(text).toContain('<meta property="og:title" content="Why &lt;b&gt;markup&lt;/b&gt; in a headline shows up as plain text">');
    expect(text).toContain(`<meta property="og:url" content="http://127.0.0.1:8787/demo/articles/${MARKUP_ARTICLE_ID}">`);
    expect(text).toContain(`<meta property="og:image" content="http://127.0.0.1:8787/demo/images/${MARKUP_ARTICLE_ID}.svg">`);
    expect(text).toContain('<meta property="article:section" content="tech">');
    expect(text).toContain('<meta property="article:tag" content="browser">');
    expect(text).toMatch(/<meta property="article:published_time" content="2026-11-28T11:55:00.000Z">/);
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(text)?.[1];
    expect(JSON.parse(jsonLd!)).toMatchObject({ '@type': 'NewsArticle', headline: MARKUP_TITLE, articleSection: 'tech', keywords: ['browser', 'security'] });
    expect(text).toContain(`<script src="/sdk/beacon.js" data-site="demo" data-article-id="${MARKUP_ARTICLE_ID}" defer></script>`);
    expect(text).toContain('<script src="/sdk/widgets.js" data-site="demo" defer></script>');
    for (const block of ['related', 'latest', 'popularNow', 'weeklyBest', 'mustReads']) expect(text).toContain(`data-newspulse="${block}"`);
    expect(text).toContain('Views: <span data-newspulse-views>');
  });

  it('serves the front page and section pages with every title escaped', async () => {
    const home = await get('/demo/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Why &lt;b&gt;markup&lt;/b&gt;');
    expect(home.text).not.toContain('<b>');
    expect(home.text).toContain('<script src="/sdk/widgets.js" data-site="demo" defer></script>');
    expect(home.text).not.toContain('<script src="/sdk/beacon.js"'); // no article, no view
    const tech = await get('/demo/sections/tech');
    expect(tech.status).toBe(200);
    expect(tech.text).toContain('data-section="tech"');
    expect((tech.text.match(/<li>\s*<a href="\/demo\/articles\//g) ?? []).length).toBe(11);
    expect((await get('/')).headers.get('location')).toBe('/demo/');
  });

  it('answers unknown pages with an HTML 404', async () => {
    for (const path of ['/demo/articles/nope', '/demo/articles/%3Cscript%3E', '/demo/sections/nope']) {
      const { status, text } = await get(path);
      expect(status).toBe(404);
      expect(text).toContain('Page not found');
      expect(text).not.toContain('<script>');
    }
    expect((await get('/demo/images/nope.svg')).status).toBe(404);
  });

  it('serves the placeholder images and the stylesheet with their types', async () => {
    const image = await get(`/demo/images/${MARKUP_ARTICLE_ID}.svg`);
    expect(image.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(image.text).toContain('>TECH</text>');
    expect((await get('/demo/styles.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});

describe('/sdk scripts', () => {
  it.each(['beacon.js', 'widgets.js'])('serves %s as JavaScript, cacheable, with an ETag that answers 304', async (file) => {
    const first = await get(`/sdk/${file}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.text).toContain('newspulse');
    const again = await get(`/sdk/${file}`, { 'If-None-Match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('answers an unknown script with a JSON 404', async () => {
    const { status, text } = await get('/sdk/other.js');
    expect(status).toBe(404);
    expect(JSON.parse(text).error.code).toBe('not_found');
  });
});
