import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArticle, readCatalog, upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { pollFeeds, type FeedPollResult } from '../../../shared/catalog/feed-poller.ts';
import type { Site } from '../../../shared/sites/site.ts';
import { givenSite } from '../../support/sites.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const LIMITS = { timeoutMs: 1_000, maxBytes: 16 * 1024 }; // generous: healthy local feeds answer in milliseconds

function rssItem(id: string, title: string, section = 'World') {
  return `<item><title>${title}</title><link>https://news.example/${section.toLowerCase()}/${id}.html</link><pubDate>Sat, 28 Nov 2026 08:00:00 GMT</pubDate><category>${section}</category></item>`;
}
const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>${items}</channel></rss>`;

/** What the fixture server answers; tests change `routes` between polls. */
const routes: Record<string, (res: ServerResponse) => void> = {
  '/main.xml': xml(rss(rssItem('storm-7', 'Storm hits the coast') + rssItem('official-1', 'Feed title for an admin article') + '<item><title>No date</title><link>https://news.example/x</link></item>')),
  '/sport.xml': xml(rss(rssItem('storm-7', 'Storm (sport feed copy)', 'Sport') + rssItem('final-3', 'Cup final', 'Sport'))),
  '/atom.xml': xml(
    `<feed xmlns="http://www.w3.org/2005/Atom"><title>N</title><entry><id>99001</id><title>Atom story</title><link href="https://news.example/a/99001"/><published>2026-11-28T07:00:00Z</published></entry></feed>`,
  ),
  '/error.xml': (res) => res.writeHead(500).end('oops'),
  '/slow.xml': (res) => void setTimeout(() => res.destroyed || xml(rss(rssItem('late-1', 'Too late')))(res), 10_000).unref(),
  '/stalling.xml': (res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel>'); // and never the rest
  },
  '/invalid.xml': xml('<rss><channel><item><title>Unclosed</channel></rss>'),
  '/html': xml('<html><head><title>Not found</title></head><body/></html>', 'text/html'),
  '/big.xml': xml(rss(Array.from({ length: 200 }, (_, i) => rssItem(`big-${i}`, `Big ${i}`)).join(''))),
  '/big-chunked.xml': (res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' }); // no Content-Length: only streaming tells
    const chunk = rssItem('chunk', 'x'.repeat(200));
    for (let i = 0; i < 100; i++) res.write(chunk);
    res.end('</channel></rss>');
  },
  '/latin1.xml': (res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${rss(rssItem('cafe-1', 'Café crème')).replace('<?xml version="1.0"?>', '')}`, 'latin1'));
  },
};

function xml(body: string, contentType = 'application/rss+xml; charset=utf-8') {
  return (res: ServerResponse) => res.writeHead(200, { 'content-type': contentType }).end(body);
}

let table: TestTable;
let server: Server;
let base: string;
let closedPort: number;

beforeAll(async () => {
  table = await createTestTable();
  server = createServer((req, res) => (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await table.drop();
});

/** A site whose sections are the fixture feeds' categories (a category is a section only when the site lists it). */
async function siteWith(name: string, paths: string[]): Promise<Site> {
  return (await givenSite(table, { site: name, sections: ['world', 'sport'], feeds: paths.map((p) => (p.includes('://') ? p : `${base}${p}`)) })).site;
}

const byFeed = (results: FeedPollResult[]) => Object.fromEntries(results.map((r) => [r.feed.replace(base, ''), r]));

describe('pollFeeds', () => {
  it('puts RSS and Atom articles into the catalog as source feed', async () => {
    const site = await siteWith('plain', ['/main.xml', '/atom.xml']);
    const results = await pollFeeds(table, site, NOW, fetch, LIMITS);
    expect(byFeed(results)).toEqual({
      '/main.xml': { feed: `${base}/main.xml`, fetched: 2, written: 2, skipped: 1, error: undefined },
      '/atom.xml': { feed: `${base}/atom.xml`, fetched: 1, written: 1, skipped: 0, error: undefined },
    });
    const { articles } = await readCatalog(table, 'plain');
    expect(articles.map((a) => a.articleId).sort()).toEqual(['99001', 'official-1', 'storm-7']);
    expect(await getArticle(table, 'plain', 'storm-7')).toEqual({
      articleId: 'storm-7',
      title: 'Storm hits the coast',
      url: 'https://news.example/world/storm-7.html',
      section: 'world',
      tags: [],
      publishedAt: '2026-11-28T08:00:00.000Z',
      image: undefined,
      source: 'feed',
      updatedAt: NOW.toISOString(),
    });
  });

  it('never overwrites an article the admin API wrote', async () => {
    const site = await siteWith('edited', ['/main.xml']);
    const admin = { articleId: 'official-1', title: 'Edited by the newsroom', url: 'https://news.example/o', tags: ['desk'], publishedAt: '2026-11-28T07:00:00.000Z' };
    await upsertArticle(table, 'edited', admin, 'admin', new Date('2026-11-28T11:00:00Z'));
    const [result] = await pollFeeds(table, site, NOW, fetch, LIMITS);
    expect(result).toMatchObject({ fetched: 2, written: 1 });
    expect(await getArticle(table, 'edited', 'official-1')).toMatchObject({ ...admin, source: 'admin', updatedAt: '2026-11-28T11:00:00.000Z' });
    expect((await getArticle(table, 'edited', 'storm-7'))?.source).toBe('feed');
  });

  it("keeps the section a page gave when the feed names none, and never rewrites the article for it", async () => {
    const site = { ...(await siteWith('paged', ['/main.xml'])), sections: [] }; // the feed's categories now name no section
    await pollFeeds(table, site, NOW, fetch, LIMITS);
    expect((await getArticle(table, 'paged', 'storm-7'))?.section).toBeUndefined();
    await table.client.send(new UpdateCommand({ TableName: table.tableName, Key: { pk: 'CATALOG#paged', sk: 'storm-7' }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'section' }, ExpressionAttributeValues: { ':s': 'us news' } }));
    expect((await pollFeeds(table, site, NOW, fetch, LIMITS))[0]).toMatchObject({ fetched: 2, written: 0 });
    expect((await getArticle(table, 'paged', 'storm-7'))?.section).toBe('us news');
    const original = routes['/main.xml']!;
    routes['/main.xml'] = xml(rss(rssItem('storm-7', 'Storm hits the coast, update')));
    try {
      expect((await pollFeeds(table, site, NOW, fetch, LIMITS))[0]).toMatchObject({ written: 1 });
    } finally {
      routes['/main.xml'] = original;
    }
    expect(await getArticle(table, 'paged', 'storm-7')).toMatchObject({ title: 'Storm hits the coast, update', section: 'us news' });
  });

  it('upgrades beacon metadata and rewrites only what changed on the next run', async () => {
    const site = await siteWith('rerun', ['/main.xml']);
    await upsertArticle(table, 'rerun', { articleId: 'storm-7', title: 'From a beacon', url: 'https://news.example/s', tags: [], publishedAt: '2026-11-28T08:00:00.000Z' }, 'beacon', NOW);
    expect((await pollFeeds(table, site, NOW, fetch, LIMITS))[0]).toMatchObject({ fetched: 2, written: 2 });
    expect((await getArticle(table, 'rerun', 'storm-7'))?.title).toBe('Storm hits the coast');

    const later = new Date('2026-11-28T12:05:00Z');
    expect((await pollFeeds(table, site, later, fetch, LIMITS))[0]).toMatchObject({ fetched: 2, written: 0 });
    expect((await getArticle(table, 'rerun', 'storm-7'))?.updatedAt).toBe(NOW.toISOString());

    const original = routes['/main.xml']!;
    routes['/main.xml'] = xml(rss(rssItem('storm-7', 'Storm hits the coast, two dead') + rssItem('official-1', 'Feed title for an admin article')));
    try {
      expect((await pollFeeds(table, site, later, fetch, LIMITS))[0]).toMatchObject({ fetched: 2, written: 1 });
    } finally {
      routes['/main.xml'] = original;
    }
    expect(await getArticle(table, 'rerun', 'storm-7')).toMatchObject({ title: 'Storm hits the coast, two dead', updatedAt: later.toISOString() });
  });

  it('takes an article listed by two feeds from the first one', async () => {
    const site = await siteWith('sections', ['/main.xml', '/sport.xml']);
    const results = byFeed(await pollFeeds(table, site, NOW, fetch, LIMITS));
    expect(results['/sport.xml']).toMatchObject({ fetched: 2, written: 1 });
    expect((await getArticle(table, 'sections', 'storm-7'))?.section).toBe('world');
    expect((await getArticle(table, 'sections', 'final-3'))?.section).toBe('sport');
  });

  it('gives each failing feed an error entry and still stores the others', async () => {
    const site = await siteWith('mixed', [
      '/error.xml',
      '/slow.xml',
      '/stalling.xml',
      '/main.xml',
      '/invalid.xml',
      '/html',
      '/big.xml',
      '/big-chunked.xml',
      '/missing.xml',
      `http://127.0.0.1:${closedPort}/refused.xml`,
      'ftp://news.example/feed.xml',
      '/atom.xml',
    ]);
    const results = byFeed(await pollFeeds(table, site, NOW, fetch, LIMITS));
    const errors = Object.fromEntries(Object.entries(results).map(([feed, r]) => [feed, r.error]));
    expect(errors).toEqual({
      '/error.xml': 'HTTP 500',
      '/slow.xml': 'timed out after 1000 ms',
      '/stalling.xml': 'timed out after 1000 ms',
      '/main.xml': undefined,
      '/invalid.xml': expect.stringMatching(/^not well-formed XML: /),
      '/html': 'not an RSS or Atom feed (root element: html)',
      '/big.xml': `larger than ${16 * 1024} bytes`,
      '/big-chunked.xml': `larger than ${16 * 1024} bytes`,
      '/missing.xml': 'HTTP 404',
      [`http://127.0.0.1:${closedPort}/refused.xml`]: 'fetch failed: ECONNREFUSED',
      'ftp://news.example/feed.xml': 'not an http(s) URL',
      '/atom.xml': undefined,
    });
    expect(results['/error.xml']).toEqual({ feed: `${base}/error.xml`, fetched: 0, written: 0, skipped: 0, error: 'HTTP 500' });
    const { articles } = await readCatalog(table, 'mixed');
    expect(articles.map((a) => a.articleId).sort()).toEqual(['99001', 'official-1', 'storm-7']);
  });

  it('decodes a feed in the charset its XML declaration names', async () => {
    const site = await siteWith('latin', ['/latin1.xml']);
    expect((await pollFeeds(table, site, NOW, fetch, LIMITS))[0]).toMatchObject({ written: 1, error: undefined });
    expect((await getArticle(table, 'latin', 'cafe-1'))?.title).toBe('Café crème');
  });

  it('returns an error entry, never throws, when the catalog cannot be written', async () => {
    const site = await siteWith('nowhere', ['/main.xml']);
    const gone = { client: table.client, tableName: 'no-such-table' };
    const [result] = await pollFeeds(gone, site, NOW, fetch, LIMITS);
    expect(result).toMatchObject({ fetched: 2, written: 0, error: expect.stringMatching(/^writing the catalog: /) });
  });

  it('does nothing for a site without feeds', async () => {
    expect(await pollFeeds(table, await siteWith('nofeeds', []), NOW, fetch, LIMITS)).toEqual([]);
  });
});
