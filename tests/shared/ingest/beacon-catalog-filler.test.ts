import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArticle, upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { pageArticle } from '../../../shared/ingest/beacon-catalog-filler.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../../support/sites.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'trusting', trustBeaconMetadata: true });
  await givenSite(table, { site: 'careful', trustBeaconMetadata: false });
});
afterAll(() => table.drop());

const meta = { title: 'Rates <b>held</b>', url: 'https://news.example/rates', section: 'Business', tags: ['Economy'], publishedAt: '2026-11-28T08:00:00Z' };

function view(site: string, articleId: string, sessionId: string, m: object = meta) {
  return ingestApp(table).request(`/v1/sites/${site}/events`, {
    method: 'POST',
    headers: { origin: TEST_ORIGIN, 'user-agent': UA },
    body: JSON.stringify({ type: 'view', articleId, sessionId, meta: m }),
  });
}

describe('beacon metadata', () => {
  it('fills the catalog of a site that trusts it, keeping markup as text', async () => {
    expect((await view('trusting', 'rates-1', 'session-meta-1')).status).toBe(202);
    const article = await getArticle(table, 'trusting', 'rates-1');
    expect(article).toMatchObject({ title: 'Rates <b>held</b>', section: 'business', tags: ['economy'], source: 'beacon' });
  });

  it('never reaches the catalog of a site that does not trust it', async () => {
    await view('careful', 'rates-2', 'session-meta-2');
    expect(await getArticle(table, 'careful', 'rates-2')).toBeUndefined();
  });

  it('never overwrites metadata from the admin API or a feed', async () => {
    await upsertArticle(table, 'trusting', { articleId: 'official-1', title: 'Official title', url: 'https://news.example/o', tags: [], publishedAt: '2026-11-28T07:00:00.000Z' }, 'feed', new Date());
    await view('trusting', 'official-1', 'session-meta-3', { ...meta, title: 'Spoofed title' });
    expect((await getArticle(table, 'trusting', 'official-1'))?.title).toBe('Official title');
  });

  it("lets a page's article:section fill the section a feed left out, never change one, never add one to admin metadata", async () => {
    const base = { url: 'https://news.example/x', tags: ['donald trump'], publishedAt: '2026-11-28T07:00:00.000Z' };
    await upsertArticle(table, 'trusting', { ...base, articleId: 'feed-no-section', title: 'From the feed' }, 'feed', new Date());
    await upsertArticle(table, 'trusting', { ...base, articleId: 'feed-world', title: 'From the feed', section: 'world' }, 'feed', new Date());
    await upsertArticle(table, 'trusting', { ...base, articleId: 'admin-none', title: 'From the newsroom' }, 'admin', new Date());
    for (const [i, id] of ['feed-no-section', 'feed-world', 'admin-none'].entries()) await view('trusting', id, `session-section-${i}`, { ...meta, section: 'US News' });
    expect(await getArticle(table, 'trusting', 'feed-no-section')).toMatchObject({ title: 'From the feed', section: 'us news', source: 'feed' });
    expect((await getArticle(table, 'trusting', 'feed-world'))?.section).toBe('world');
    expect((await getArticle(table, 'trusting', 'admin-none'))?.section).toBeUndefined();
  });

  it('ignores incomplete metadata (no publish time) and still counts the view', async () => {
    const response = await view('trusting', 'partial-1', 'session-meta-4', { title: 'No date' });
    expect(await response.json()).toMatchObject({ accepted: 1, ignored: 0 });
    expect(await getArticle(table, 'trusting', 'partial-1')).toBeUndefined();
  });
});

describe('page metadata a beacon may bring', () => {
  const site = { origins: [TEST_ORIGIN] };
  const page = (m: object) => pageArticle(site, { type: 'view', articleId: 'p-1', sessionId: 'session-p1', meta: { ...meta, ...m } });

  it('describes a page of the site only: a url elsewhere gives nothing', () => {
    expect(page({})).toMatchObject({ articleId: 'p-1', url: 'https://news.example/rates', section: 'business' });
    expect(page({ url: 'https://evil.example/rates' })).toBeUndefined();
    expect(page({ url: 'javascript:alert(1)' })).toBeUndefined();
    expect(pageArticle({ origins: ['*'] }, { type: 'view', articleId: 'p-1', sessionId: 'session-p1', meta: { ...meta, url: 'https://any.example/x' } })).toBeDefined();
  });

  it('leaves out an image on another host, and a section that is not plain text', () => {
    expect(page({ image: 'https://evil.example/x.jpg' })?.image).toBeUndefined();
    expect(page({ image: `${TEST_ORIGIN}/img/x.jpg` })?.image).toBe(`${TEST_ORIGIN}/img/x.jpg`);
    for (const section of ['world\u202e', 'a#b', '<b>x</b>', 'x\u0000', '']) expect(page({ section })?.section, JSON.stringify(section)).toBeUndefined();
    expect(page({ section: 'Arts & Culture' })?.section).toBe('arts & culture');
  });

  it('keeps to the sections and image hosts the site lists, when it lists them', () => {
    const listed = { origins: [TEST_ORIGIN], sections: ['business', 'world'], imageHosts: ['img.news-cdn.example'] };
    const withMeta = (m: object) => pageArticle(listed, { type: 'view', articleId: 'p-2', sessionId: 'session-p2', meta: { ...meta, ...m } });
    expect(withMeta({ section: 'Business' })?.section).toBe('business');
    expect(withMeta({ section: 'spoofed' })?.section).toBeUndefined();
    expect(withMeta({ image: 'https://img.news-cdn.example/a.jpg' })?.image).toBe('https://img.news-cdn.example/a.jpg');
    expect(withMeta({ image: 'https://img.evil.example/a.jpg' })?.image).toBeUndefined();
  });
});
