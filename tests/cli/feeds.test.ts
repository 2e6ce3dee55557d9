import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog, upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { runCli } from '../support/run-cli.ts';
import { givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

const DATE = '<pubDate>Sat, 28 Nov 2026 08:00:00 GMT</pubDate>';
const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>
<item><title>Storm hits the coast</title><link>https://herald.example/world/storm-7/index.html</link>${DATE}<category>Weather</category></item>
<item><title>Cup final \u001b[31mred\u001b[0m</title><link>https://herald.example/sport/cup-final.html</link>${DATE}<category>Sport</category></item>
<item><title>Rates held</title><link>https://herald.example/business/rates-held</link>${DATE}<category>Economy</category></item>
<item><title>No date</title><link>https://herald.example/world/no-date</link></item>
<item><title>Zażółć</title><link>https://herald.example/world/za%C5%BC%C3%B3%C5%82%C4%87</link>${DATE}</item>
</channel></rss>`;

let table: TestTable;
let server: Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'newspulse-feeds-'));
const file = join(dir, 'feed.xml');
const run = (...args: string[]) => runCli(table, ...args);

beforeAll(async () => {
  writeFileSync(file, FEED);
  writeFileSync(join(dir, 'page.html'), '<html><body>Moved</body></html>');
  server = createServer((req, res) => {
    if (req.url === '/rss.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    else res.writeHead(404).end('gone');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = await createTestTable();
  await givenSite(table, { site: 'herald', sections: ['sport'], sectionPaths: [{ path: '/world/', section: 'world' }] });
});
afterAll(async () => {
  await table.drop();
  await new Promise((done) => server.close(done));
});

describe('newspulse feeds check', () => {
  it('prints what a file would import and every skipped item with its reason, writing nothing', async () => {
    const result = await run('feeds', 'check', file);
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe(`${file}: 4 articles, 1 items skipped`);
    expect(lines).toContain('storm-7\turl\t-\t2026-11-28T08:00:00.000Z\tStorm hits the coast\thttps://herald.example/world/storm-7/index.html');
    expect(result.out).toContain('Cup final  [31mred [0m'); // the escape character never reaches the terminal
    expect(result.out).not.toContain('\u001b');
    expect(result.out).toMatch(/item 4 \(https:\/\/herald\.example\/world\/no-date\): no publish date/);
    expect(result.out).toContain('note: 1 ids are hashes of slugs');
    expect(result.out).toContain('note: 4 articles have no section');
    expect((await readCatalog(table, 'herald')).articles).toEqual([]);
  });

  it("applies the site's section rules and tells new, changed and unchanged articles apart", async () => {
    await upsertArticle(table, 'herald', { articleId: 'rates-held', title: 'Rates held', url: 'https://herald.example/business/rates-held', tags: ['economy'], publishedAt: '2026-11-28T08:00:00.000Z' }, 'feed', new Date());
    await upsertArticle(table, 'herald', { articleId: 'cup-final', title: 'Official title', url: 'https://herald.example/sport/cup-final.html', tags: [], publishedAt: '2026-11-28T08:00:00.000Z' }, 'admin', new Date());
    const result = await run('feeds', 'check', `${base}/rss.xml`, '--site', 'herald');
    expect(result.code).toBe(0);
    expect(result.out.split('\n')[0]).toBe(`${base}/rss.xml: 4 articles (2 new, 0 changed, 1 unchanged, 1 kept from the admin API), 1 items skipped`);
    expect(result.out).toContain('storm-7\turl\tworld (path)\t2026-11-28T08:00:00.000Z\tnew\t');
    expect(result.out).toContain('cup-final\turl\tsport (category)\t2026-11-28T08:00:00.000Z\ttrusted\t');
    expect(result.out).toContain('rates-held\turl\t-\t2026-11-28T08:00:00.000Z\tunchanged\t');
    expect((await readCatalog(table, 'herald')).articles).toHaveLength(2); // still only what the test wrote
  });

  it('prints one JSON object with --json', async () => {
    const result = await run('feeds', 'check', file, '--json');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as { articles: { article: { articleId: string }; idFrom: string }[]; skipped: { reason: string }[] };
    expect(parsed.articles.map((a) => a.article.articleId)).toEqual(['storm-7', 'cup-final', 'rates-held', expect.stringMatching(/^h-/)]);
    expect(parsed.articles.every((a) => a.idFrom === 'url')).toBe(true);
    expect(parsed.skipped).toHaveLength(1);
  });

  it('refuses what is not a feed, a missing file, an unreachable URL and an unknown site in one line', async () => {
    const cases: [string[], RegExp][] = [
      [[join(dir, 'page.html')], /page\.html: not an RSS or Atom feed \(root element: html\)$/],
      [[join(dir, 'missing.xml')], /no file .*missing\.xml \(give an http\(s\) URL or a file\)$/],
      [[`${base}/gone.xml`], /cannot fetch .*gone\.xml: HTTP 404$/],
      [[file, '--site', 'nobody'], /no site "nobody"/],
    ];
    for (const [args, message] of cases) {
      const result = await run('feeds', 'check', ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.err.trim()).toMatch(message);
    }
  });

  it('has --help', async () => {
    const result = await run('feeds', 'check', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('writes nothing');
  });
});

describe('newspulse articles list', () => {
  it('prints the catalog newest first with where its metadata came from, or one JSON array', async () => {
    await upsertArticle(table, 'herald', { articleId: 'older', title: 'Older\tstory', url: 'https://herald.example/older', section: 'world', tags: [], publishedAt: '2026-11-20T08:00:00.000Z' }, 'beacon', new Date());
    const text = await run('articles', 'list', '--site', 'herald');
    expect(text.code).toBe(0);
    expect(text.out.split('\n')).toEqual([
      'id\tsection\tpublished\tsource\ttitle\turl',
      'cup-final\t-\t2026-11-28T08:00:00.000Z\tadmin\tOfficial title\thttps://herald.example/sport/cup-final.html',
      'rates-held\t-\t2026-11-28T08:00:00.000Z\tfeed\tRates held\thttps://herald.example/business/rates-held',
      'older\tworld\t2026-11-20T08:00:00.000Z\tbeacon\tOlder story\thttps://herald.example/older',
      '3 articles',
    ]);
    const json = await run('articles', 'list', '--site', 'herald', '--json');
    const articles = JSON.parse(json.out) as { articleId: string; source: string; title: string }[];
    expect(articles.map((a) => [a.articleId, a.source])).toEqual([['cup-final', 'admin'], ['rates-held', 'feed'], ['older', 'beacon']]);
    expect(articles[2]?.title).toBe('Older\tstory');
  });

  it('says how a catalog fills when it is empty, and refuses an unknown site', async () => {
    await givenSite(table, { site: 'empty' });
    expect((await run('articles', 'list', '--site', 'empty')).out).toMatch(/^no articles in the catalog of "empty" yet/);
    const unknown = await run('articles', 'list', '--site', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no site "nobody"');
  });
});
