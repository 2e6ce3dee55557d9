/**
 * The editors' dashboard in Chromium, against the local app on a demo site seeded as `npm start` seeds a fresh
 * one (a simulated week through the real import path) and ranked once: signing in, the chart, the rising
 * articles, every list with its score in words, the section filter, a wrong key refused. The screenshot goes to
 * a temporary folder; `npm run screenshot` sets NEWSPULSE_DASHBOARD_SCREENSHOT to update the README's picture.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../shared/catalog/catalog-store.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { rankSites, sitesToRank } from '../../shared/rank/rank-sites.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { DEMO_SITE } from '../../local/demo-site.ts';
import { seedDemoHistory } from '../../local/demo-history.ts';
import { demoInBrowser, type DemoInBrowser } from '../support/demo-in-browser.ts';
import type { TestTable } from '../support/test-table.ts';

const SCREENSHOT = process.env.NEWSPULSE_DASHBOARD_SCREENSHOT ?? join(mkdtempSync(join(tmpdir(), 'newspulse-screenshot-')), 'dashboard.png');

let demo: DemoInBrowser;
let table: TestTable;
let browser: Browser;
let base: string;
let adminKey: string;
let seeded: { accepted: number; lines: number };

beforeAll(async () => {
  demo = await demoInBrowser({
    async prepare(db, now) {
      seeded = await seedDemoHistory(db, (await getSite(db, DEMO_SITE))!, (await readCatalog(db, DEMO_SITE)).articles, now);
      await rankSites(db, await sitesToRank(db, DEMO_SITE), Date.now());
    },
  });
  ({ table, browser, base, adminKey } = demo);
});

afterAll(() => demo?.close());

describe('a fresh demo site', () => {
  it('has a lived-in week: Popular Now and Weekly Best are readers\' lists, not copies of Latest', async () => {
    expect(seeded.accepted).toBeGreaterThan(5_000);
    const ids = async (list: string) => (await readList(table, DEMO_SITE, list))?.items.map((i) => i.articleId) ?? [];
    const [popular = [], weekly = [], must = [], latest = []] = await Promise.all(['popular-now', 'weekly-best', 'must-reads', 'latest'].map(ids));
    expect(popular.length).toBeGreaterThanOrEqual(10);
    expect(weekly.length).toBeGreaterThanOrEqual(10);
    expect(must.length).toBeGreaterThanOrEqual(5);
    expect(popular.slice(0, 10)).not.toEqual(latest.slice(0, 10));
    expect(weekly.slice(0, 10)).not.toEqual(latest.slice(0, 10));
  });
});

async function signIn(page: Page, key: string) {
  await page.goto(`${base}/dashboard/`);
  await page.fill('#site', DEMO_SITE);
  await page.fill('#key', key);
  await page.click('#sign-in button[type=submit]');
}

describe('the dashboard', () => {
  it('refuses a wrong key and keeps nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'np_not-the-key-of-this-site-000000000000');
    await page.waitForFunction(() => document.querySelector('#sign-in-error')!.textContent !== '');
    expect(await page.textContent('#sign-in-error')).toBe('That is not the admin key of site "demo".');
    expect(await page.isVisible('#board')).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('newspulse:dashboard'))).toBeNull();
    await context.close();
  });

  it('signs in with the admin key and shows 48 hours of views, what rises now, and every list in words', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => problems.push(e.message));
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await signIn(page, adminKey);
    await page.waitForSelector('#board:not([hidden]) #top li[data-article-id]');
    await page.waitForFunction(() => document.querySelectorAll('#list-must-reads li .why').length > 0);

    // The chart: 48 hourly points, some of them views.
    const chart = await page.getAttribute('#chart polyline.line', 'points');
    const ys = chart!.split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys).toHaveLength(48);
    expect(new Set(ys).size).toBeGreaterThan(5);
    expect(await page.textContent('#chart-summary')).toMatch(/views in 48 hours/);
    // Rising now: titles, a sparkline each, a rise.
    const rows = await page.$$eval('#top li[data-article-id]', (lis) => lis.map((li) => ({ title: li.querySelector('.title')!.textContent, spark: li.querySelectorAll('.spark polyline').length, rise: li.querySelector('.rise')!.textContent })));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      expect(row.title).toBeTruthy();
      expect(row.spark).toBe(1);
      expect(row.rise).toMatch(/^([+-]?\d+%|new|–)$/);
    }
    // Every list as served, its score said in words.
    expect(await page.textContent('#list-popular-now li .why')).toMatch(/views in the window, .* half-life 2 h; published .* ago/);
    expect(await page.textContent('#list-weekly-best li .why')).toMatch(/views in the last 7 days/);
    expect(await page.textContent('#list-must-reads li .why')).toMatch(/s read on average over \d+ engaged views/);
    expect(await page.textContent('#list-latest li .why')).toMatch(/^published .* ago$/);
    // The key went as a Bearer header, never in a URL; it stays in this tab's sessionStorage only.
    expect(urls.some((u) => u.includes(adminKey))).toBe(false);
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('newspulse:dashboard')!).site)).toBe('demo');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // A section: the chart and the lists follow it.
    const sections = await page.$$eval('#section option', (options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(sections.length).toBeGreaterThan(1);
    await page.selectOption('#section', sections[0]!);
    await page.waitForFunction((s) => document.querySelector('#chart-summary')!.textContent!.endsWith(`in ${s}.`), sections[0]);
    const sectionOfRows = await page.$$eval('#top li[data-article-id]', (lis) => lis.length);
    expect(sectionOfRows).toBeGreaterThan(0);
    await page.selectOption('#section', '');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // A reload keeps the tab signed in; signing out forgets the key.
    await page.reload();
    await page.waitForSelector('#board:not([hidden])');
    await page.click('#sign-out');
    expect(await page.isVisible('#sign-in')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('newspulse:dashboard'))).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true });
    const page = await context.newPage();
    await signIn(page, adminKey);
    await page.waitForSelector('#board:not([hidden]) #top li[data-article-id]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
