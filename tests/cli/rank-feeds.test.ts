import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../shared/catalog/catalog-store.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { runCli } from '../support/run-cli.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import { givenSite } from '../support/sites.ts';

const AT = Date.parse('2026-11-28T12:00:00Z');
const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>
<item><guid isPermaLink="false">feed-1</guid><title>Harbour reopens</title><link>https://herald.example/feed-1</link><category>City</category><pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate></item>
<item><guid isPermaLink="false">feed-2</guid><title>Council votes</title><link>https://herald.example/feed-2</link><category>City</category><pubDate>Sat, 28 Nov 2026 11:00:00 GMT</pubDate></item>
</channel></rss>`;

let table: TestTable;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/rss.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
    else res.writeHead(500).end('broken');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = await createTestTable();
  await givenSite(table, { site: 'herald', sections: ['city'], feeds: [`${base}/rss.xml`, `${base}/broken.xml`] });
  await givenSite(table, { site: 'replayed', feeds: [`${base}/rss.xml`] });
});
afterAll(async () => {
  await table.drop();
  await new Promise((done) => server.close(done));
});

describe('the rank job and feeds', () => {
  it('polls the site feeds into the catalog on a live run; a broken feed is reported, not fatal', async () => {
    const ranked = await runCli(table, 'rank', '--site', 'herald', '--json');
    expect(ranked.code).toBe(0);
    const { feeds } = JSON.parse(ranked.out) as { feeds: { site: string; feeds: { written: number; error?: string }[] }[] };
    expect(feeds.map((s) => [s.site, s.feeds.map((f) => [f.written, f.error])])).toEqual([['herald', [[2, undefined], [0, 'HTTP 500']]]]);
    const latest = await readList(table, 'herald', 'latest', 'city');
    expect(latest?.items.map((i) => i.articleId)).toEqual(['feed-2', 'feed-1']);
  });

  it('does not poll on a replay', async () => {
    const ranked = await runCli(table, 'rank', '--site', 'replayed', '--at', new Date(AT).toISOString(), '--json');
    expect(ranked.code).toBe(0);
    expect(JSON.parse(ranked.out).feeds).toEqual([]);
    expect((await readCatalog(table, 'replayed')).articles).toEqual([]);
  });
});
