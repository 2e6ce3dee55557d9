import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadApp } from '../../../functions/read/app.ts';
import { upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { rankSite } from '../../../shared/rank/rank-site.ts';
import { cachedSiteLookup } from '../../../shared/sites/site-cache.ts';
import { getSite } from '../../../shared/sites/site-store.ts';
import { httpApiEvent, lambdaContext } from '../../support/lambda-events.ts';
import { givenSite } from '../../support/sites.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

let table: TestTable;
let handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'daily' });
  await upsertArticle(table, 'daily', { articleId: 'story-1', title: 'One', url: 'https://news.example/1', section: 'world', tags: [], publishedAt: '2026-11-28T08:00:00Z' }, 'admin', new Date());
  await rankSite(table, (await getSite(table, 'daily'))!, Date.parse('2026-11-28T12:00:00Z'));
  process.env.DYNAMODB_ENDPOINT = table.endpoint;
  process.env.NEWSPULSE_TABLE = table.tableName;
  ({ handler } = (await import('../../../functions/read/handler.ts')) as never);
});
afterAll(() => table.drop());

describe('the read Lambda entry (handle(app))', () => {
  it.each(['/v1/sites/daily/lists/latest', '/v1/sites/daily/lists/nope', '/v1/sites/daily/widgets', '/v1/sites/daily/articles/story-1/stats'])(
    'answers %s like app.request()',
    async (path) => {
      const viaLambda = await handler(httpApiEvent({ method: 'GET', path }), lambdaContext);
      const viaApp = await createReadApp({ db: table, sites: cachedSiteLookup(table, Date.now) }).request(path);
      expect(viaLambda.statusCode).toBe(viaApp.status);
      expect(JSON.parse(viaLambda.body)).toEqual(await viaApp.json());
      expect(viaLambda.headers?.etag).toBe(viaApp.headers.get('etag') ?? undefined);
    },
  );
});
