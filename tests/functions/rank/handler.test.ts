import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { readList } from '../../../shared/lists/lists-store.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { givenSite } from '../../support/sites.ts';

let table: TestTable;
let handler: (event: unknown) => Promise<{ sites: number }>;

/** What EventBridge Scheduler sends to the rank function for one site (the fan-out input). */
const scheduledEvent = (site?: string) => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: '2026-11-28T16:00:00Z',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/rank'],
  detail: {},
  ...(site ? { site } : {}),
});

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'daily' });
  await upsertArticle(table, 'daily', { articleId: 'story-1', title: 'Story one', url: 'https://news.example/1', section: 'world', tags: [], publishedAt: '2026-11-28T08:00:00Z' }, 'admin', new Date());
  process.env.DYNAMODB_ENDPOINT = table.endpoint;
  process.env.NEWSPULSE_TABLE = table.tableName;
  ({ handler } = (await import('../../../functions/rank/handler.ts')) as never);
});
afterAll(() => table.drop());

describe('the rank Lambda entry', () => {
  it('ranks the site named by a scheduled event', async () => {
    expect(await handler(scheduledEvent('daily'))).toMatchObject({ sites: 1 });
    expect((await readList(table, 'daily', 'latest'))?.items.map((i) => i.articleId)).toEqual(['story-1']);
  });

  it('ranks every site when the event names none', async () => {
    expect(await handler(scheduledEvent())).toMatchObject({ sites: 1 });
  });

  it('fails loudly for an unknown site, so the alarm on errors sees it', async () => {
    await expect(handler(scheduledEvent('nosuch'))).rejects.toThrow('no site "nosuch"');
  });
});
