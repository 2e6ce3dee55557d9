/**
 * The demo site in a real browser (Debian's Chromium driven by playwright-core): the local app on a free port
 * against a test table, the demo site created for that port, then an article page is read, ranked and reloaded.
 * Proves that beacon.js counts the view (and the engaged time, flushed on pagehide) with the page's metadata,
 * that widgets.js fills every block with real article links and the view counter, that catalog text never
 * becomes markup, and that nothing logs an error. The screenshot goes to a temporary folder; `npm run screenshot`
 * sets NEWSPULSE_SCREENSHOT to update docs/screenshot-demo-article.png, the README's picture, on purpose.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request as BrowserRequest } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCatalog } from '../../shared/catalog/catalog-store.ts';
import type { CatalogArticle } from '../../shared/catalog/article.ts';
import { rankSites, sitesToRank } from '../../shared/rank/rank-sites.ts';
import { readHourTrail } from '../../shared/window/trail-reader.ts';
import { HOUR_MS, hourKey } from '../../shared/time.ts';
import { DEMO_SITE } from '../../local/demo-site.ts';
import { MARKUP_ARTICLE_ID, MARKUP_TITLE } from '../../local/demo/demo-catalog.ts';
import { demoInBrowser, type DemoInBrowser } from '../support/demo-in-browser.ts';
import type { TestTable } from '../support/test-table.ts';

const SCREENSHOT = process.env.NEWSPULSE_SCREENSHOT ?? join(mkdtempSync(join(tmpdir(), 'newspulse-screenshot-')), 'demo-article.png');
const BLOCKS = ['related', 'latest', 'popularNow', 'weeklyBest', 'mustReads'];

let demo: DemoInBrowser;
let table: TestTable;
let browser: Browser;
let base: string;
let catalog: CatalogArticle[];

beforeAll(async () => {
  demo = await demoInBrowser({ wrap: asReaderBrowser });
  ({ table, browser, base } = demo);
  catalog = (await readCatalog(table, DEMO_SITE)).articles;
});

afterAll(() => demo?.close());

it('counts a read of a demo article and fills every block of the page with real, escaped links', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  const beacons: BrowserRequest[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith(`/v1/sites/${DEMO_SITE}/events`)) beacons.push(request);
  });

  // An ordinary tech article: the markup article (tech, the newest) belongs in its blocks.
  const article = catalog.filter((a) => a.section === 'tech' && a.articleId !== MARKUP_ARTICLE_ID).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))[0]!;
  await page.goto(`${base}/demo/articles/${article.articleId}`);

  // First visit, before any rank run: the view arrives, the counter says 0, the blocks have nothing yet.
  const view = await waitFor('the view in the trail', async () => (await trail()).views.find((v) => v.articleId === article.articleId));
  // The trail keeps the server's visitor (a daily hash of address and browser), not the tab's sessionId.
  expect(view.sessionId).toMatch(/^v-[\w-]{22}$/);
  const before = await viewsCounter(page);
  expect(before).toBe(0);
  await page.waitForFunction((n) => document.querySelectorAll('[data-newspulse-state]').length === n, BLOCKS.length);

  const viewBeacon = beacons.find((r) => JSON.parse(r.postData() ?? '{}').type === 'view')!;
  expect(viewBeacon.method()).toBe('POST');
  expect(viewBeacon.headers()['content-type']).toMatch(/^text\/plain/);
  expect(JSON.parse(viewBeacon.postData()!)).toEqual({
    type: 'view',
    articleId: article.articleId,
    sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    url: `${base}/demo/articles/${article.articleId}`,
    meta: { title: article.title, url: article.url, section: 'tech', tags: article.tags, publishedAt: article.publishedAt, image: article.image },
  });

  // Read it: activity while the page is visible is engaged time; the scroll sets the depth.
  for (let i = 0; i < 12; i++) {
    await page.mouse.move(200 + i * 20, 300 + (i % 3) * 40);
    if (i % 4 === 0) await page.mouse.wheel(0, 500);
    await page.waitForTimeout(250);
  }

  await rankSites(table, await sitesToRank(table), Date.now());
  // The read API lets browsers keep /stats for 60 s (by design); this reload must see the new counts.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.reload();

  // Leaving the page flushed the engaged time (running total) and the scroll depth.
  const engaged = await waitFor('the engagement in the trail', async () =>
    (await trail()).engagements.find((e) => e.articleId === article.articleId && e.sessionId === view.sessionId && e.seconds >= 1),
  );
  expect(engaged.scrollDepth).toBeGreaterThan(0);
  expect(engaged.scrollDepth).toBeLessThanOrEqual(1);

  // After the rank run: every block has links to catalog articles, none twice, never this one.
  await page.waitForFunction(
    (names) => names.every((n) => document.querySelector(`[data-newspulse="${n}"]`)?.getAttribute('data-newspulse-state') === 'ready'),
    BLOCKS,
  );
  const links = await page.$$eval('[data-newspulse] a', (anchors) =>
    anchors.map((a) => ({ block: a.closest('[data-newspulse]')!.getAttribute('data-newspulse')!, href: (a as HTMLAnchorElement).href, id: a.getAttribute('data-article-id')!, text: a.textContent! })),
  );
  for (const block of BLOCKS) expect(links.filter((l) => l.block === block).length, block).toBeGreaterThan(0);
  const byId = new Map(catalog.map((a) => [a.articleId, a]));
  for (const link of links) {
    expect(link.href).toBe(`${base}/demo/articles/${link.id}`);
    expect(link.text).toBe(byId.get(link.id)?.title);
  }
  expect(new Set(links.map((l) => l.id)).size).toBe(links.length);
  expect(links.map((l) => l.id)).not.toContain(article.articleId);
  const headings = await page.$$eval('.newspulse-title', (h) => h.map((e) => e.textContent));
  expect(headings).toEqual(['You May Also Like', 'Tech Latest Stories', 'Popular Now', 'Weekly Best Articles', 'Must-Reads']);

  // The counter went up (the reload's own view is a repeat within 30 minutes: ignored).
  await page.waitForFunction(() => document.querySelector('[data-newspulse-views]')?.textContent !== '0');
  expect(await viewsCounter(page)).toBeGreaterThan(before);

  // The markup title is text in the widgets: shown with its brackets, and no <b> element anywhere.
  const markupLink = page.locator('[data-newspulse] a', { hasText: '<b>markup</b>' });
  expect(await markupLink.count()).toBe(1);
  expect(await page.locator('b').count()).toBe(0);

  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  // Its own page (server-rendered) escapes it too, and the link led there.
  await markupLink.click();
  await page.waitForURL(`${base}/demo/articles/${MARKUP_ARTICLE_ID}`);
  expect(await page.locator('h1').textContent()).toBe(MARKUP_TITLE);
  expect(await page.title()).toContain('<b>markup</b>');
  expect(await page.locator('b').count()).toBe(0);
  await page.waitForFunction(() => document.querySelectorAll('[data-newspulse-state="ready"]').length === 5);

  // The front page: server-rendered lists and the trending blocks.
  await page.goto(`${base}/demo/`);
  await page.waitForFunction(() => document.querySelectorAll('[data-newspulse-state="ready"]').length === 3);
  expect(await page.locator('.top-story h2').textContent()).toBe(MARKUP_TITLE);
  expect(await page.locator('[data-newspulse="popularNow"] a').count()).toBe(5);
  expect(await page.locator('b').count()).toBe(0);

  expect(problems).toEqual([]);
  await context.close();
});

/**
 * Headless Chromium names itself "HeadlessChrome", which ingest rightly ignores as a bot. Here it stands for a
 * reader's browser, so the server sees it as one. (A context's userAgent option is not enough: the engage beacon
 * sent on pagehide goes out after the page is gone, with the browser's own user agent.)
 */
function asReaderBrowser(request: Request): Request {
  const userAgent = request.headers.get('user-agent') ?? '';
  if (!userAgent.includes('HeadlessChrome')) return request;
  const headers = new Headers(request.headers);
  headers.set('user-agent', userAgent.replace('HeadlessChrome', 'Chrome'));
  return new Request(request, { headers });
}

/** Console errors, uncaught exceptions and failed responses of a page: all must stay empty. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed ${request.url()}: ${request.failure()?.errorText}`));
  return problems;
}

/** The demo site's trail of this hour and the one before (a test may cross the hour). */
async function trail() {
  const now = Date.now();
  const [current, previous] = await Promise.all([readHourTrail(table, DEMO_SITE, hourKey(now), now), readHourTrail(table, DEMO_SITE, hourKey(now - HOUR_MS), now)]);
  return { views: [...current.views, ...previous.views], engagements: [...current.engagements, ...previous.engagements] };
}

async function viewsCounter(page: Page): Promise<number> {
  const counter = page.locator('[data-newspulse-views]');
  await page.waitForFunction(() => /^\d/.test(document.querySelector('[data-newspulse-views]')?.textContent ?? ''));
  return Number((await counter.textContent())!.replace(/\D/g, ''));
}

/** Polls until `probe` finds something; fails naming what never came. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
