import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog, upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { readPins } from '../../shared/catalog/pins-store.ts';
import { importArticles } from '../../shared/import/import-articles.ts';
import { createDocumentClient } from '../../shared/store/dynamo-client.ts';
import { freePort } from '../../local/dynamodb-local.ts';
import { runCli } from '../support/run-cli.ts';
import { givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

let table: TestTable;
const dir = mkdtempSync(join(tmpdir(), 'newspulse-articles-'));
const article = (id: string, extra: Record<string, unknown> = {}) => ({
  articleId: id,
  title: `Title ${id}`,
  url: `https://herald.example/${id}`,
  section: 'World',
  tags: ['Asia'],
  publishedAt: '2026-11-25T09:00:00Z',
  image: `https://herald.example/${id}.jpg`,
  ...extra,
});

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'herald' });
  await givenSite(table, { site: 'other' });
});
afterAll(() => table.drop());

describe('newspulse articles import', () => {
  it('imports good lines as admin metadata and reports the bad ones', async () => {
    // A feed already described story-1: the import (admin) overwrites it.
    await upsertArticle(table, 'herald', { ...article('story-1'), title: 'From the feed', section: 'world', tags: [] }, 'feed', new Date());
    const lines = [
      JSON.stringify(article('story-1')),
      JSON.stringify(article('story-2', { section: undefined, image: undefined, tags: undefined })),
      '{not json',
      JSON.stringify(article('story-3', { url: 'ftp://herald.example/3' })),
      '',
      JSON.stringify(article('a#b')),
      JSON.stringify(article('story-4', { views: 3 })),
      JSON.stringify(article('story-5', { title: 'First' })),
      JSON.stringify(article('story-5', { title: 'Second' })), // the later line wins
      ...Array.from({ length: 40 }, (_, i) => JSON.stringify(article(`bulk-${i}`))),
    ];
    const file = join(dir, 'catalog.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');

    const result = await runCli(table, 'articles', 'import', '--site', 'herald', file);
    // Rejected lines fail the command (exit 1, the count on stderr) after the good ones are imported.
    expect(result.err).toBe('newspulse: 4 of 48 lines rejected');
    expect(result.code).toBe(1);
    expect(result.out).toContain('imported 44, rejected 4');
    expect(result.out).toMatch(/line 3: not valid JSON/);
    expect(result.out).toMatch(/line 4: url/);
    expect(result.out).toMatch(/line 6: articleId/);
    expect(result.out).toMatch(/line 7: .*views/);

    const { articles } = await readCatalog(table, 'herald');
    expect(articles).toHaveLength(43); // story-5 twice
    const byId = new Map(articles.map((a) => [a.articleId, a]));
    expect(byId.get('story-1')).toMatchObject({
      title: 'Title story-1',
      section: 'world',
      tags: ['asia'],
      publishedAt: '2026-11-25T09:00:00.000Z',
      image: 'https://herald.example/story-1.jpg',
      source: 'admin',
    });
    expect(byId.get('story-2')).toMatchObject({ tags: [], source: 'admin' });
    expect(byId.get('story-2')?.section).toBeUndefined();
    expect(byId.get('story-5')?.title).toBe('Second');
    expect(byId.has('story-3')).toBe(false);
    expect(byId.has('story-4')).toBe(false);
    expect((await readCatalog(table, 'other')).articles).toEqual([]);
  });

  it('lists only the first rejections', async () => {
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, Array.from({ length: 25 }, () => '[]').join('\n'));
    const result = await runCli(table, 'articles', 'import', '--site', 'herald', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('25 of 25 lines rejected');
    expect(result.out).toContain('imported 0, rejected 25');
    expect(result.out).toContain('line 10:');
    expect(result.out).not.toContain('line 11:');
    expect(result.out).toContain('... and 15 more');
  });

  it('refuses an unknown site, a bad site id and a missing file with one clear line', async () => {
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, JSON.stringify(article('story-9')));
    const unknown = await runCli(table, 'articles', 'import', '--site', 'nosuch', file);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no site "nosuch"');
    expect((await runCli(table, 'articles', 'import', '--site', 'Bad_Id', file)).err).toContain('must be lower-case');
    const missing = await runCli(table, 'articles', 'import', '--site', 'herald', join(dir, 'nope.ndjson'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.ndjson');
    expect((await readCatalog(table, 'nosuch')).articles).toEqual([]);
  });

  it('stops with the store error when the store is down, without hanging', async () => {
    const db = { client: createDocumentClient({ endpoint: `http://127.0.0.1:${await freePort()}`, region: 'us-east-1' }), tableName: 'down' };
    async function* lines() {
      for (let i = 0; i < 100; i++) yield JSON.stringify(article(`down-${i}`));
    }
    await expect(importArticles(db, 'herald', lines(), new Date())).rejects.toThrow();
  });

  it('has --help', async () => {
    for (const args of [['articles', '--help'], ['articles', 'import', '--help'], ['pins', '--help'], ['pins', 'add', '--help']]) {
      const result = await runCli(table, ...args);
      expect(result.code).toBe(0);
      expect(result.out).toContain('Usage: newspulse');
    }
  });
});

describe('newspulse pins', () => {
  it('adds, lists and removes a pin', async () => {
    const until = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const added = await runCli(table, 'pins', 'add', '--site', 'herald', '--until', until, '--note', 'lead story', 'story-1');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(await readPins(table, 'herald')).toEqual([expect.objectContaining({ articleId: 'story-1', until, note: 'lead story' })]);

    const listed = await runCli(table, 'pins', 'list', '--site', 'herald');
    expect(listed.out).toMatch(/story-1\tuntil .*\tactive\tlead story/);

    expect((await runCli(table, 'pins', 'remove', '--site', 'herald', 'story-1')).code).toBe(0);
    expect(await readPins(table, 'herald')).toEqual([]);
    expect((await runCli(table, 'pins', 'remove', '--site', 'herald', 'story-1')).err).toContain('not pinned');
  });

  it('refuses a past time, an article outside the catalog and an unknown site', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await runCli(table, 'pins', 'add', '--site', 'herald', '--until', '2020-01-01T00:00:00Z', 'story-1')).err).toContain('until: must be in the future');
    expect((await runCli(table, 'pins', 'add', '--site', 'herald', '--until', future, 'nowhere')).err).toContain('no article "nowhere"');
    expect((await runCli(table, 'pins', 'add', '--site', 'nosuch', '--until', future, 'story-1')).err).toContain('no site "nosuch"');
    expect(await readPins(table, 'herald')).toEqual([]);
  });
});
