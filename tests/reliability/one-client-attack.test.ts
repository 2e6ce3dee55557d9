import { serve } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/local-app.ts';
import { getArticle, upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { socketClientAddress } from '../../shared/http/client-address.ts';
import { visitorIdentity } from '../../shared/ingest/visitor.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { rankSites, sitesToRank } from '../../shared/rank/rank-sites.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { HOUR_MS } from '../../shared/time.ts';
import { TEST_ORIGIN, givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * One client trying to buy the lists (issue 14), against the local server wired as `npm start` wires it: the
 * client address is the socket's peer (no test header, no X-Forwarded-For). Organic readers each come from
 * their own loopback address (127.0.0.x, Node's `localAddress`) and browser. The same organic traffic goes to
 * two sites; the attacker works on one of them only, so "organic counts unchanged" is a comparison, not a
 * guess.
 */

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
];
const ATTACKER = '127.0.0.99';
const BOUGHT = 'bought-1';
/** Organic readers: which articles each of 24 readers reads (politics stories are read together). */
const READS: Record<string, number> = { 'politics-1': 24, 'politics-2': 16, 'sport-1': 12, 'politics-3': 9, 'sport-2': 6, 'politics-4': 5, 'sport-3': 3 };
const ORGANIC = Object.keys(READS);
/** The pair the attacker reads together, to make a sport story related to a politics one. */
const CO_READ = ['sport-2', 'politics-3'];

let table: TestTable;
let server: ReturnType<typeof serve>;
let port: number;
let app: ReturnType<typeof createLocalApp>;

interface Sent {
  status: number;
  body: string;
}

/** One HTTP request from a loopback address of the caller's choice. */
function send(from: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, localAddress: from, headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const beacon = (site: string, from: string, events: object[], headers: Record<string, string> = {}) =>
  send(from, 'POST', `/v1/sites/${site}/events`, { 'content-type': 'text/plain;charset=UTF-8', origin: TEST_ORIGIN, 'user-agent': BROWSERS[0]!, ...headers }, JSON.stringify({ events }));

const meta = (articleId: string, section: string) => ({
  title: `Title of ${articleId}`,
  url: `${TEST_ORIGIN}/${section}/${articleId}`,
  section,
  tags: [section],
  publishedAt: new Date(Date.now() - 3 * HOUR_MS).toISOString(),
});

/** The organic readers of a site: reader i reads the articles read by more than i readers, and engages. */
async function organicTraffic(site: string): Promise<void> {
  for (let reader = 0; reader < 24; reader++) {
    const from = `127.0.0.${10 + reader}`;
    const userAgent = BROWSERS[reader % BROWSERS.length]!;
    const read = ORGANIC.filter((id) => READS[id]! > reader);
    const sessionId = `organic-${site}-${reader.toString().padStart(3, '0')}`;
    const events = read.flatMap((articleId) => [
      { type: 'view', articleId, sessionId },
      { type: 'engage', articleId, sessionId, seconds: 40 + ((reader * 37) % 120), scrollDepth: 0.5 + (reader % 5) / 10 },
    ]);
    const answer = await beacon(site, from, events, { 'user-agent': userAgent });
    expect(answer.status, answer.body).toBe(202);
  }
}

const stats = async (site: string, id: string) => (await (await app.request(`/v1/sites/${site}/articles/${id}/stats`)).json()) as { views: number };
const list = async (site: string, name: 'popular-now' | 'must-reads' | 'weekly-best') => (await readList(table, site, name))?.items.map((i) => i.articleId) ?? [];

const attackAnswers: Record<string, number[]> = {};
const note = (trick: string, answer: Sent) => (attackAnswers[trick] ??= []).push(answer.status);

beforeAll(async () => {
  table = await createTestTable();
  for (const site of ['clean', 'attacked']) {
    await givenSite(table, { site, trustBeaconMetadata: true });
    for (const id of ORGANIC) await upsertArticle(table, site, { articleId: id, ...meta(id, id.split('-')[0]!) }, 'admin', new Date());
    await upsertArticle(table, site, { articleId: BOUGHT, ...meta(BOUGHT, 'world') }, 'admin', new Date());
  }
  app = createLocalApp({
    db: table,
    sites: cachedSiteLookup(table, Date.now),
    clock: Date.now,
    visitors: visitorIdentity(async () => Buffer.from('one-client-attack test secret')),
    clientAddress: socketClientAddress(),
  });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((done) => server.once('listening', done));
  port = (server.address() as AddressInfo).port;

  for (const site of ['clean', 'attacked']) await organicTraffic(site);

  const views = (n: number, articleId: string, prefix: string) => Array.from({ length: n }, (_, i) => ({ type: 'view', articleId, sessionId: `${prefix}-${i.toString().padStart(4, '0')}` }));
  const noOrigin = { 'content-type': 'text/plain', 'user-agent': BROWSERS[0]! };
  // 1. 5 POSTs of 20 views, a fresh sessionId each, no Origin.
  for (let i = 0; i < 5; i++) note('no origin', await send(ATTACKER, 'POST', '/v1/sites/attacked/events', noOrigin, JSON.stringify({ events: views(20, BOUGHT, `fresh-${i}`) })));
  // 2. The same with a forged Origin and a forged X-Forwarded-For each time.
  for (let i = 0; i < 5; i++) note('forged origin', await beacon('attacked', ATTACKER, views(20, BOUGHT, `forged-${i}`), { 'x-forwarded-for': `203.0.113.${i + 1}` }));
  // 3. A new User-Agent per request (each a new visitor): 30 of them.
  for (let i = 0; i < 30; i++) note('rotating agents', await beacon('attacked', ATTACKER, views(1, BOUGHT, `agent-${i}`), { 'user-agent': `${BROWSERS[1]} rotate/${i}` }));
  // 4. A day of engaged time, for the article and for one it never read, from every agent.
  for (let i = 0; i < 30; i++) {
    const engage = [BOUGHT, 'sport-3'].map((articleId) => ({ type: 'engage', articleId, sessionId: `agent-${i.toString().padStart(4, '0')}`, seconds: 86_400, scrollDepth: 1 }));
    note('engagement', await beacon('attacked', ATTACKER, engage, { 'user-agent': `${BROWSERS[1]} rotate/${i}` }));
  }
  // 5. Co-reads: 20 sessions reading sport-2 then politics-3, under one agent and then under rotating ones.
  for (const articleId of CO_READ) note('co-reads', await beacon('attacked', ATTACKER, views(20, articleId, 'pair')));
  for (let i = 0; i < 20; i++) note('co-reads', await beacon('attacked', ATTACKER, CO_READ.flatMap((articleId) => views(1, articleId, `pair-agent-${i}`)), { 'user-agent': `${BROWSERS[2]} pair/${i}` }));
  // 6. The pixel: a session parameter, forged X-Forwarded-For, a page elsewhere as Referer.
  for (let i = 0; i < 10; i++) note('pixel', await send(ATTACKER, 'GET', `/v1/sites/attacked/pixel.gif?articleId=${BOUGHT}&sessionId=pixel-${i}`, { 'user-agent': BROWSERS[0]!, 'x-forwarded-for': `198.51.100.${i}` }));
  for (let i = 0; i < 10; i++) note('foreign pixel', await send(ATTACKER, 'GET', `/v1/sites/attacked/pixel.gif?articleId=${BOUGHT}`, { 'user-agent': BROWSERS[3]!, referer: 'https://evil.example/page' }));
  // 7. No User-Agent, and an empty one.
  for (const userAgent of [undefined, '']) {
    const headers: Record<string, string> = { 'content-type': 'text/plain', origin: TEST_ORIGIN };
    if (userAgent !== undefined) headers['user-agent'] = userAgent;
    note('no agent', await send(ATTACKER, 'POST', '/v1/sites/attacked/events', headers, JSON.stringify({ events: views(20, BOUGHT, 'agentless') })));
  }
  // 8. Squatting an upcoming article's metadata, and sections that would break navigation.
  const squat = (url: string, section: string) => ({ type: 'view', articleId: 'upcoming-1', sessionId: 'squatter', meta: { ...meta('upcoming-1', 'world'), title: 'Squatted headline', url, section } });
  note('squat', await beacon('attacked', ATTACKER, [squat('https://evil.example/upcoming-1', 'world')]));
  note('squat', await beacon('attacked', ATTACKER, [squat(`${TEST_ORIGIN}/world/upcoming-1`, 'world\u202e#x')], { 'user-agent': BROWSERS[3]! }));
  // The real page is then read by a real reader: its metadata replaces the squatter's.
  await beacon('attacked', '127.0.0.50', [{ type: 'view', articleId: 'upcoming-1', sessionId: 'real-reader', meta: { ...meta('upcoming-1', 'world'), title: 'The real headline' } }], { 'user-agent': BROWSERS[2]! });

  const sites = await sitesToRank(table);
  const ranked = await rankSites(table, sites, Date.now());
  expect(ranked.failures).toEqual([]);
}, 300_000);

afterAll(async () => {
  server?.close();
  await table?.drop();
});

describe('one client trying to buy the lists', () => {
  it('is refused where it breaks a rule (no Origin, a foreign Referer) and answered 202 "ignored" where it merely repeats', () => {
    expect(attackAnswers['no origin']).toEqual([403, 403, 403, 403, 403]);
    expect(attackAnswers['foreign pixel']).toEqual(Array(10).fill(403));
    for (const trick of ['forged origin', 'rotating agents', 'engagement', 'co-reads', 'no agent', 'squat']) {
      expect(new Set(attackAnswers[trick]), trick).toEqual(new Set([202]));
    }
    expect(new Set(attackAnswers.pixel)).toEqual(new Set([200]));
  });

  it('counts a handful of views of the bought article at most, and keeps it out of Popular Now and Must-Reads', async () => {
    expect((await stats('attacked', BOUGHT)).views).toBeLessThanOrEqual(2);
    expect(await list('attacked', 'popular-now')).not.toContain(BOUGHT);
    expect(await list('attacked', 'must-reads')).not.toContain(BOUGHT);
    expect(await list('attacked', 'popular-now')).toContain('politics-1'); // the lists are not empty
  });

  it('does not make a sport story the first related story of a politics story', async () => {
    const related = (await (await app.request('/v1/sites/attacked/articles/politics-3/related')).json()) as { items: { articleId: string }[] };
    expect(related.items[0]?.articleId).toMatch(/^politics-/);
  });

  it('leaves the organic counts and lists as they are without it (the pair it read: two views more at most)', async () => {
    for (const id of ORGANIC) {
      expect((await stats('clean', id)).views, id).toBe(READS[id]!);
      const attacked = (await stats('attacked', id)).views;
      if (CO_READ.includes(id)) expect(attacked - READS[id]!, id).toBeLessThanOrEqual(2);
      else expect(attacked, id).toBe(READS[id]!);
    }
    // (upcoming-1, the article of the squatting test, exists on the attacked site only.)
    const organicOf = async (site: string) => (await list(site, 'popular-now')).filter((id) => id !== 'upcoming-1');
    expect(await organicOf('attacked')).toEqual(await organicOf('clean'));
    expect(await list('attacked', 'weekly-best')).toEqual(expect.arrayContaining(ORGANIC));
  });

  it('cannot squat an upcoming article: a foreign url is not taken, the real page\'s metadata replaces its own, sections stay plain', async () => {
    const article = await getArticle(table, 'attacked', 'upcoming-1');
    expect(article).toMatchObject({ title: 'The real headline', url: `${TEST_ORIGIN}/world/upcoming-1`, section: 'world', source: 'beacon' });
  });
});
