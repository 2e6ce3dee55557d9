import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { runCli } from '../support/run-cli.ts';
import { givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
  for (const site of ['broken', 'fine']) {
    await givenSite(table, { site });
    await upsertArticle(table, site, { articleId: 'story-1', title: 'Story', url: 'https://news.example/1', section: 'world', tags: [], publishedAt: '2026-11-28T08:00:00Z' }, 'admin', new Date());
  }
  // A site whose stored settings no run can use.
  const broken = (await getSite(table, 'broken'))!;
  await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'SITES', sk: 'SITE#broken', ...broken, settings: { popularNow: { halfLifeMinutes: -5 } } } }));
});
afterAll(() => table.drop());

describe('newspulse rank when a site fails', () => {
  it('ranks the other sites, then exits 1 naming the failed site and why', async () => {
    const result = await runCli(table, 'rank');
    expect(result.code).toBe(1);
    expect(result.err).toContain('rank failed for broken (invalid rank settings: popularNow.halfLifeMinutes:');
    expect(result.out).toContain('fine: ranked');
    expect((await readList(table, 'fine', 'latest'))?.items.map((i) => i.articleId)).toEqual(['story-1']);
  });
});
