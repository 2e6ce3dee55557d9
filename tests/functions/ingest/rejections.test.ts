import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../functions/ingest/app.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../../support/sites.ts';

const BROWSER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const view = { type: 'view', articleId: 'story-1', sessionId: 'session-0001' };

let table: TestTable;
let app: ReturnType<typeof ingestApp>;

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table);
  app = ingestApp(table);
});
afterAll(() => table.drop());

function post(body: string, { site = 'daily', origin = TEST_ORIGIN, ua = BROWSER_UA } = {}) {
  return app.request(`/v1/sites/${site}/events`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain', origin, 'user-agent': ua },
  });
}

/** Every rejection must answer as specified and leave the table exactly as it was. */
const cases: { name: string; body: string; site?: string; origin?: string; status: number; code: string; mentions?: string }[] = [
  { name: 'bad JSON', body: '{"type": "view",', status: 400, code: 'invalid_json' },
  { name: 'an empty body', body: '', status: 400, code: 'invalid_json' },
  { name: 'a missing field', body: JSON.stringify({ type: 'view', articleId: 'story-1' }), status: 400, code: 'invalid_request', mentions: 'sessionId' },
  { name: 'an unknown event type', body: JSON.stringify({ ...view, type: 'click' }), status: 400, code: 'invalid_request', mentions: 'type' },
  { name: 'an unknown field', body: JSON.stringify({ ...view, extra: 1 }), status: 400, code: 'invalid_request', mentions: 'extra' },
  { name: 'too long a string', body: JSON.stringify({ ...view, articleId: 'a'.repeat(129) }), status: 400, code: 'invalid_request', mentions: 'articleId' },
  { name: 'too long a nested string', body: JSON.stringify({ ...view, meta: { title: 't'.repeat(301) } }), status: 400, code: 'invalid_request', mentions: 'meta.title' },
  { name: 'an id with a key separator', body: JSON.stringify({ ...view, articleId: 'a#b' }), status: 400, code: 'invalid_request', mentions: 'articleId' },
  { name: 'a negative engaged time', body: JSON.stringify({ type: 'engage', articleId: 'x', sessionId: 'session-0001', seconds: -1 }), status: 400, code: 'invalid_request', mentions: 'seconds' },
  { name: 'scroll depth above 1', body: JSON.stringify({ type: 'engage', articleId: 'x', sessionId: 'session-0001', seconds: 3, scrollDepth: 1.5 }), status: 400, code: 'invalid_request', mentions: 'scrollDepth' },
  { name: 'too many events', body: JSON.stringify({ events: Array.from({ length: 21 }, () => view) }), status: 400, code: 'invalid_request', mentions: 'events' },
  { name: 'an empty batch', body: JSON.stringify({ events: [] }), status: 400, code: 'invalid_request', mentions: 'events' },
  { name: 'one bad event in a batch (the good ones are not written either)', body: JSON.stringify({ events: [view, { ...view, sessionId: 'x' }] }), status: 400, code: 'invalid_request', mentions: 'events[1].sessionId' },
  { name: 'a JSON array', body: JSON.stringify([view]), status: 400, code: 'invalid_request' },
  { name: 'an oversized body', body: JSON.stringify({ ...view, url: 'u'.repeat(MAX_BODY_BYTES) }), status: 413, code: 'payload_too_large' },
  { name: 'an unknown site', body: JSON.stringify(view), site: 'nosuchsite', status: 404, code: 'unknown_site' },
  { name: 'a malformed site id', body: JSON.stringify(view), site: 'Bad_Site', status: 400, code: 'invalid_request', mentions: 'site' },
  { name: 'a disallowed origin', body: JSON.stringify(view), origin: 'https://evil.example', status: 403, code: 'origin_not_allowed' },
];

describe('rejected requests', () => {
  it.each(cases)('answers $status for $name and writes nothing', async ({ body, site, origin, status, code, mentions }) => {
    const before = await table.items();
    const response = await post(body, { site, origin });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const json = await response.json();
    expect(json.error.code).toBe(code);
    expect(typeof json.error.message).toBe('string');
    if (mentions) expect(json.error.message).toContain(mentions);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(await table.items()).toEqual(before);
  });

  it('accepts a bot, answers 202 and writes nothing', async () => {
    const before = await table.items();
    const response = await post(JSON.stringify(view), { ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)' });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 0, ignored: 1 });
    expect(await table.items()).toEqual(before);
  });

  it('answers 404 JSON for an unknown route', async () => {
    const response = await app.request('/v1/nothing');
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});
