import { describe, expect, it } from 'vitest';
import { createIngestApp } from '../../../functions/ingest/app.ts';
import { testReaders } from '../../support/readers.ts';
import { cachedSiteLookup } from '../../../shared/sites/site-cache.ts';
import { createDocumentClient } from '../../../shared/store/dynamo-client.ts';
import { freePort } from '../../../local/dynamodb-local.ts';

describe('when the store is unavailable', () => {
  it('answers 503 with Retry-After and a JSON error, never a 500', async () => {
    // A port nothing listens on: every DynamoDB call is refused.
    const db = { client: createDocumentClient({ endpoint: `http://127.0.0.1:${await freePort()}`, region: 'us-east-1' }), tableName: 'down' };
    const app = createIngestApp({ db, sites: cachedSiteLookup(db, Date.now), clock: Date.now, ...testReaders() });
    const response = await app.request('/v1/sites/daily/events', {
      method: 'POST',
      body: JSON.stringify({ type: 'view', articleId: 'a', sessionId: 'session-1' }),
    });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await response.json()).error.code).toBe('store_unavailable');
  });
});
