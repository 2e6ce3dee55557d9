/**
 * beacon.js and widgets.js on a publisher's page in Chromium, against a stand-in API on another origin (routed
 * by Playwright, so no server is needed): what they send, when, and how they render. The demo site test
 * (demo.test.ts) runs them against the real local server.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../support/chromium.ts';
import { articleIdOfUrl } from '../../shared/article-id-rule.ts';
import { minifiedScript } from '../../web/sdk-app.ts';

const SITE = 'http://news.test';
const API = 'http://api.test';
/** As /sdk serves them: bundled with the article id rule they share with the feed reader. */
const script = async (file: string) => (await minifiedScript(fileURLToPath(new URL(`../../web/${file}`, import.meta.url)))).toString();
const SDK = { 'beacon.js': await script('beacon.js'), 'widgets.js': await script('widgets.js') };

interface Sent {
  method: string;
  url: string;
  contentType: string;
  body: Record<string, unknown> | undefined;
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch(CHROMIUM);
});
afterAll(() => browser?.close());

/** A context whose news.test pages come from `pages` and whose api.test answers like newspulse. */
async function publisher(pages: Record<string, string>, api: (route: Route, url: URL) => Promise<void> | void = () => {}) {
  const context = await browser.newContext();
  const sent: Sent[] = [];
  const problems: string[] = [];
  await context.route(`${SITE}/**`, (route) => {
    const body = pages[new URL(route.request().url()).pathname];
    return body ? route.fulfill({ contentType: 'text/html; charset=utf-8', body }) : route.fulfill({ status: 404, body: '' });
  });
  await context.route('https://cdn.test/**', (route) =>
    route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64') }),
  );
  await context.route(`${API}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const file = url.pathname.replace('/sdk/', '') as keyof typeof SDK;
    if (SDK[file]) return route.fulfill({ contentType: 'text/javascript', body: SDK[file] });
    const data = request.postData();
    sent.push({ method: request.method(), url: request.url(), contentType: request.headers()['content-type'] ?? '', body: data ? JSON.parse(data) : undefined });
    if (request.method() === 'POST') return route.fulfill({ status: 202, headers: { 'Access-Control-Allow-Origin': SITE }, contentType: 'application/json', body: '{"accepted":1,"ignored":0,"views":8184}' });
    await api(route, url);
  });
  return { context, sent, problems, open: async (path: string) => watch(await context.newPage(), problems, path) };
}

async function watch(page: Page, problems: string[], path: string): Promise<Page> {
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${SITE}${path}`);
  return page;
}

const events = (sent: Sent[], type: string) => sent.filter((s) => s.method === 'POST' && s.body?.type === type).map((s) => s.body!);

/** Pretends the tab was switched away from or back to (headless pages are always visible). */
async function setVisibility(page: Page, state: 'hidden' | 'visible') {
  await page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

const ARTICLE = (head: string) => `<!doctype html><html lang="en"><head><title>Doc title</title>${head}</head>
<body><p>Views: <span data-newspulse-views>–</span></p><div style="height: 4000px">story</div>
<script src="${API}/sdk/beacon.js" data-site="herald"></script></body></html>`;

describe('beacon.js', () => {
  it('sends a view with the Open Graph metadata, then engaged time only while visible and active', async () => {
    const { context, sent, problems, open } = await publisher({
      '/story-1': ARTICLE(`<script data-article-id="story-1" type="text/plain"></script>
<meta property="og:title" content="Ceasefire &lt;holds&gt;"><meta property="og:url" content="/story-1?utm=x">
<meta property="og:image" content="https://cdn.test/1.jpg"><meta property="article:section" content="World">
<meta property="article:published_time" content="2026-11-28T10:00:00+01:00">
<meta property="article:tag" content="Peace"><meta property="article:tag" content="Talks">`),
    });
    const start = Date.parse('2026-11-28T12:00:00Z');
    await context.clock.install({ time: start });
    await context.clock.pauseAt(start + 1000);
    const page = await open('/story-1');

    const [view] = await until(() => (events(sent, 'view').length ? events(sent, 'view') : undefined));
    expect(view).toEqual({
      type: 'view',
      articleId: 'story-1',
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      url: `${SITE}/story-1`,
      meta: {
        title: 'Ceasefire <holds>',
        url: `${SITE}/story-1?utm=x`,
        section: 'World',
        tags: ['Peace', 'Talks'],
        publishedAt: '2026-11-28T09:00:00.000Z',
        image: 'https://cdn.test/1.jpg',
      },
    });
    const beacon = sent.find((s) => s.body?.type === 'view')!;
    expect(beacon.contentType).toMatch(/^text\/plain/);
    expect(sent.some((s) => s.method === 'OPTIONS')).toBe(false); // no CORS preflight, although cross-origin
    // The view's answer carries the article's count: the page's counter needs no request of its own.
    await page.waitForFunction(() => document.querySelector('[data-newspulse-views]')!.textContent === '8,184');
    expect(sent.filter((s) => s.url.endsWith('/stats'))).toEqual([]);

    // A minute with no activity: only the first seconds after opening count.
    await context.clock.runFor(60_000);
    await setVisibility(page, 'hidden');
    const first = await until(() => events(sent, 'engage')[0]);
    expect(first.seconds).toBeGreaterThanOrEqual(4);
    expect(first.seconds).toBeLessThanOrEqual(6);

    // Activity in a hidden tab does not count.
    for (let i = 0; i < 5; i++) {
      await page.mouse.move(100 + i * 10, 100);
      await context.clock.runFor(1000);
    }
    // Back and reading: ten active seconds, with scrolling.
    await setVisibility(page, 'visible');
    for (let i = 0; i < 10; i++) {
      await page.mouse.move(200 + i * 10, 200);
      if (i === 5) await page.mouse.wheel(0, 1500);
      await context.clock.runFor(1000);
    }
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    const second = await until(() => events(sent, 'engage')[1]);
    expect(second.seconds as number).toBeGreaterThanOrEqual((first.seconds as number) + 9);
    expect(second.seconds as number).toBeLessThanOrEqual((first.seconds as number) + 11);
    expect(second.scrollDepth as number).toBeGreaterThan(first.scrollDepth as number);
    expect(second).toMatchObject({ articleId: 'story-1', sessionId: view!.sessionId });

    // Nothing new to say: a second pagehide sends nothing.
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    await context.clock.runFor(1000);
    expect(events(sent, 'engage')).toHaveLength(2);
    expect(await context.cookies()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads JSON-LD and the meta article id, keeps the session per tab, and falls back to fetch keepalive', async () => {
    const { context, sent, problems, open } = await publisher({
      '/story-2': ARTICLE(`<meta name="newspulse:article-id" content="story-2">
<script type="application/ld+json">{ broken</script>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],
"headline":"${'Long '.repeat(80)}","datePublished":"not a date","articleSection":["Sport","Tennis"],
"keywords":"final, record ,, cup","image":{"@type":"ImageObject","url":"/img/2.jpg"}}]}</script>`),
      '/front': `<!doctype html><html><body><script src="${API}/sdk/beacon.js" data-site="herald"></script></body></html>`,
    });
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'sendBeacon', { value: () => false });
    });
    const page = await open('/story-2');
    const view = await until(() => events(sent, 'view')[0]);
    expect(view.meta).toEqual({
      title: 'Long '.repeat(80).trim().slice(0, 300),
      url: `${SITE}/story-2`,
      section: 'Sport',
      tags: ['final', 'record', 'cup'],
      image: `${SITE}/img/2.jpg`,
    });
    expect(sent[0]!.contentType).toMatch(/^text\/plain/);

    await page.reload();
    const again = await until(() => events(sent, 'view')[1]);
    expect(again.sessionId).toBe(view.sessionId);
    const other = await (await context.newPage()).goto(`${SITE}/story-2`).then(() => until(() => events(sent, 'view')[2]));
    expect(other.sessionId).not.toBe(view.sessionId); // a new tab is a new session

    await page.goto(`${SITE}/front`); // no article id: nothing to count
    await page.waitForLoadState('load');
    expect(events(sent, 'view')).toHaveLength(3);
    expect(await context.cookies()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('sends the view once more as a beacon when its fetch fails on the way', async () => {
    const { context, sent, open } = await publisher({ '/story-3': ARTICLE('<meta name="newspulse:article-id" content="story-3">') });
    let aborted = 0;
    // Registered last, so it comes first: the first view POST never arrives; the rest go on as usual.
    await context.route(`${API}/v1/sites/herald/events`, (route) => (route.request().method() === 'POST' && aborted++ === 0 ? route.abort() : route.fallback()));
    await open('/story-3');
    const [resent] = await until(() => (events(sent, 'view').length ? events(sent, 'view') : undefined));
    expect(aborted).toBe(2); // the fetch, then the beacon that went through
    expect(resent).toMatchObject({ type: 'view', articleId: 'story-3' });
    await context.close();
  });
});

describe('pages that name no article id', () => {
  it('count under the id of their canonical URL, the one their feed item gets, and ask widgets for it', async () => {
    const canonical = 'https://news.test/wiadomosci/2026/11/za%C5%BC%C3%B3%C5%82%C4%87-g%C4%99%C5%9Bl%C4%85-ja%C5%BA%C5%84/index.html';
    const widgets = `<section data-newspulse="related"></section><script src="${API}/sdk/widgets.js" data-site="herald"></script>`;
    const { context, sent, problems, open } = await publisher(
      {
        '/polish': ARTICLE(`<meta property="og:type" content="article"><link rel="canonical" href="${canonical}">${widgets}`),
        '/world/storm-7/index.html': ARTICLE('<meta property="article:published_time" content="2026-11-28T10:00:00Z">'),
        '/world/': ARTICLE('<meta property="og:type" content="website">'),
        '/bad-id': ARTICLE('<meta property="og:type" content="article"><meta name="newspulse:article-id" content="not valid#id">'),
      },
      (route) => route.fulfill({ contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: '{"weeklyBest":[],"popularNow":[],"mustReads":[],"latest":[],"related":[]}' }),
    );
    const page = await open('/polish');
    const expected = articleIdOfUrl(canonical);
    expect(expected).toMatch(/^h-[0-9a-z]{11}$/);
    expect((await until(() => events(sent, 'view')[0])).articleId).toBe(expected);
    const asked = await until(() => sent.find((s) => s.url.includes('/widgets?')));
    expect(new URL(asked.url).searchParams.get('articleId')).toBe(expected);

    await page.goto(`${SITE}/world/storm-7/index.html`); // no canonical link: its own address
    expect((await until(() => events(sent, 'view')[1])).articleId).toBe('storm-7');
    for (const path of ['/world/', '/bad-id']) {
      await page.goto(`${SITE}${path}`); // a section front; an explicit id that is invalid is never replaced by a guess
      await page.waitForLoadState('load');
    }
    await page.goto(`${SITE}/world/storm-7/index.html`);
    expect((await until(() => events(sent, 'view')[2])).articleId).toBe('storm-7');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('widgets.js', () => {
  const item = (articleId: string, title: string, url = `${SITE}/${articleId}`) => ({
    articleId,
    title,
    url,
    section: 'world',
    image: `https://cdn.test/${articleId}.jpg`,
    publishedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    score: 1,
    parts: {},
  });
  const page = (id: string) => `<!doctype html><html lang="en"><head><meta property="article:section" content="World"></head><body>
<p>Views: <span data-newspulse-views>–</span></p>
<div data-newspulse="popularNow" data-title="Popular Now" data-numbered="true" data-limit="3"></div>
<div data-newspulse="related" data-title="You May Also Like" data-images="true" data-limit="8"></div>
<div data-newspulse="latest" data-label="World" data-title="Latest Stories"></div>
<div data-newspulse="mustReads" data-title="Must-Reads"></div>
<script src="${API}/sdk/widgets.js" data-site="herald" data-article-id="${id}"></script></body></html>`;

  it('fills every block from one request (the same URL for every reader), as text only, and drops what was read', async () => {
    const requests: URL[] = [];
    const { context, problems, open } = await publisher({ '/a1': page('a1'), '/a2': page('a2') }, (route, url) => {
      requests.push(url);
      const headers = { 'Access-Control-Allow-Origin': '*' };
      return route.fulfill({
        headers,
        json: {
          popularNow: [
            item('a1', 'Read on the first page'),
            item('p1', 'Why <b>markup</b> stays text'),
            item('p2', '<img src=x onerror=alert(1)>'),
            item('r1', 'Also related'),
            item('p3', 'Third'),
            item('p4', 'Fourth'),
          ],
          related: [item('r1', 'Related', 'javascript:alert(1)')],
          latest: [item('l1', 'Latest one')],
          mustReads: [],
          weeklyBest: [],
        },
      });
    });
    const first = await open('/a1');
    await first.waitForFunction(() => document.querySelectorAll('[data-newspulse-state]').length === 4);
    const widgetCalls = requests.filter((u) => u.pathname === '/v1/sites/herald/widgets');
    expect(widgetCalls).toHaveLength(1);
    // Only the page's own parameters: no reading history in the URL, so a CDN keeps one answer for all readers.
    expect([...widgetCalls[0]!.searchParams]).toEqual([['articleId', 'a1'], ['limit', '8'], ['section', 'world'], ['spare', '10']]);

    expect(await first.locator('[data-newspulse="popularNow"] .newspulse-headline').allTextContents()).toEqual([
      'Why <b>markup</b> stays text',
      '<img src=x onerror=alert(1)>',
      'Third',
    ]);
    expect(await first.locator('[data-newspulse] b, [data-newspulse] .newspulse-headline img').count()).toBe(0);
    expect(await first.locator('[data-newspulse="popularNow"] ol li').count()).toBe(3);
    expect(await first.locator('[data-newspulse="related"] a').getAttribute('href')).toBe('#');
    expect(await first.locator('[data-newspulse="related"] img.newspulse-image').getAttribute('src')).toBe('https://cdn.test/r1.jpg');
    expect(await first.locator('[data-newspulse="latest"] h2').textContent()).toBe('World Latest Stories');
    expect(await first.locator('[data-newspulse="latest"] .newspulse-meta').textContent()).toBe('world · 2 h ago');
    expect(await first.locator('[data-newspulse="mustReads"]').isHidden()).toBe(true);
    expect(requests.filter((u) => u.pathname.endsWith('/stats'))).toEqual([]);

    // The next page drops what was read here itself (a1), and still shows three.
    const second = await open('/a2');
    await second.waitForFunction(() => document.querySelectorAll('[data-newspulse-state]').length === 4);
    const next = requests.filter((u) => u.pathname === '/v1/sites/herald/widgets')[1]!;
    expect(next.searchParams.has('read')).toBe(false);
    expect(await second.locator('[data-newspulse="popularNow"] .newspulse-headline').allTextContents()).toEqual([
      'Why <b>markup</b> stays text',
      '<img src=x onerror=alert(1)>',
      'Third',
    ]);
    expect(await second.evaluate(() => JSON.parse(localStorage.getItem('newspulse:read:herald')!))).toEqual(['a2', 'a1']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
