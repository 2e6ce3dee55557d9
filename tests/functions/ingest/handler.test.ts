import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../../support/sites.ts';
import { httpApiEvent, lambdaContext } from '../../support/lambda-events.ts';

let table: TestTable;
let handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table);
  // The handler reads its configuration once, at module load, exactly as in Lambda.
  process.env.DYNAMODB_ENDPOINT = table.endpoint;
  process.env.NEWSPULSE_TABLE = table.tableName;
  ({ handler } = (await import('../../../functions/ingest/handler.ts')) as never);
});
afterAll(() => table.drop());

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

describe('the Lambda entry (handle(app))', () => {
  const cases = [
    { name: 'a counted view', body: { type: 'view', articleId: 'lambda-1', sessionId: 'lambda-session-1' }, origin: TEST_ORIGIN },
    { name: 'a bad request', body: { type: 'view', articleId: 'lambda-1' }, origin: TEST_ORIGIN },
    { name: 'a disallowed origin', body: { type: 'view', articleId: 'lambda-1', sessionId: 'lambda-session-2' }, origin: 'https://evil.example' },
  ];

  it.each(cases)('answers $name like app.request()', async ({ body, origin }, ) => {
    const headers = { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': UA };
    const path = '/v1/sites/daily/events';
    // The Lambda goes first; the app then sees the same state plus that request (a repeat for the view).
    const viaLambda = await handler(httpApiEvent({ method: 'POST', path, headers, body: JSON.stringify(body) }), lambdaContext);
    const viaApp = await ingestApp(table).request(path, { method: 'POST', headers, body: JSON.stringify({ ...body, sessionId: 'sessionId' in body ? `${body.sessionId}-b` : undefined }) });
    expect(viaLambda.statusCode).toBe(viaApp.status);
    expect(JSON.parse(viaLambda.body)).toEqual(await viaApp.json());
    expect(viaLambda.headers?.['content-type']).toBe(viaApp.headers.get('content-type'));
    expect(viaLambda.headers?.['access-control-allow-origin']).toBe(viaApp.headers.get('access-control-allow-origin') ?? undefined);
  });

  it('serves the pixel as base64 image data', async () => {
    const result = (await handler(
      httpApiEvent({ method: 'GET', path: '/v1/sites/daily/pixel.gif', query: 'articleId=lambda-2&sessionId=lambda-pixel-1', headers: { 'user-agent': UA } }),
      lambdaContext,
    )) as { statusCode: number; body: string; isBase64Encoded?: boolean };
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64').subarray(0, 3).toString()).toBe('GIF');
  });

  it('answers /healthz', async () => {
    const result = await handler(httpApiEvent({ method: 'GET', path: '/healthz' }), lambdaContext);
    expect(result.statusCode).toBe(200);
  });
});
