import fc from 'fast-check';
import { asReader } from '../support/readers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../functions/ingest/app.ts';
import { MAX_EVENTS_PER_REQUEST } from '../../shared/ingest/events.ts';
import {
  expectSafeAnswer,
  hostileBeaconBody,
  hostileHeaders,
  hostileString,
  method,
  queryString,
  requestInit,
  segment,
  type HostileRequest,
} from '../support/hostile-requests.ts';
import { TEST_ORIGIN, givenSite, ingestApp } from '../support/sites.ts';
import { tableSnapshot, watchWrites } from '../support/table-watch.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Property-based tests of the ingest API (issue 7): thousands of generated hostile beacons never get a 5xx,
 * and a rejected one writes nothing; valid beacons at the edges of the schema are all accepted.
 */

// Real time, fixed for the file: DynamoDB Local deletes items whose TTL (expiresAt) has passed, so markers
// written by a clock in the past would vanish from under the table snapshots.
const NOW = Date.now();
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

let table: TestTable;
let app: ReturnType<typeof ingestApp>;
let writes: ReturnType<typeof watchWrites>;
/** The table as it was after the last request that was allowed to write. */
let snapshot: string;
let generated = 0;

beforeAll(async () => {
  table = await createTestTable();
  writes = watchWrites(table.client);
  await givenSite(table, { site: 'daily' });
  await givenSite(table, { site: 'trusty', origins: ['*'], trustBeaconMetadata: true });
  // A fixed clock: every event of the file falls in one hour, so repeats and stale engagement are predictable.
  app = ingestApp(table, () => NOW);
  snapshot = await tableSnapshot(table);
});
afterAll(async () => {
  console.log(`ingest fuzz: ${generated} generated requests`);
  await table.drop();
});

/** Sends one request and checks the contract; a rejection (4xx) must leave the table exactly as it was. */
async function send(request: HostileRequest) {
  generated++;
  const writesBefore = writes.count();
  const response = await app.request(request.path, requestInit(request));
  const answer = await expectSafeAnswer(response, request, { jsonErrors: true });
  if (answer.status >= 400) {
    expect(writes.names.slice(writesBefore), `${request.method} ${request.path.slice(0, 100)} -> ${answer.status} tried to write`).toEqual([]);
    expect(await tableSnapshot(table)).toBe(snapshot);
  } else if (writes.count() > writesBefore) {
    snapshot = await tableSnapshot(table);
  }
  return answer;
}

const ingestPath = fc.oneof(
  { weight: 8, arbitrary: segment(['daily', 'trusty', 'nosuch']).map((site) => `/v1/sites/${site}/events`) },
  { weight: 1, arbitrary: fc.tuple(segment(['daily']), segment(['events', 'pixel.gif'])).map(([site, what]) => `/v1/sites/${site}/${what}/extra`) },
  { weight: 1, arbitrary: fc.constantFrom('/v1/sites//events', '/v1/sites/daily/events/', '/v1/sites/daily/EVENTS', '//v1/sites/daily/events', '/v1/sites/daily/./events', '/v1/sites/daily/%65vents', '/healthz', '/') },
);

describe('hostile beacons', () => {
  it('never answer 5xx, and a rejected beacon writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: method }),
          path: ingestPath,
          headers: hostileHeaders(),
          body: hostileBeaconBody,
        }),
        async (request) => {
          const answer = await send(request);
          if (answer.status === 202) {
            const { accepted, ignored } = answer.json as { accepted: number; ignored: number };
            expect(Number.isInteger(accepted) && Number.isInteger(ignored) && accepted >= 0 && ignored >= 0 && accepted + ignored >= 1).toBe(true);
          }
        },
      ),
      {
        numRuns: 700,
        examples: [
          // Regression (found by this test): a valid but tiny scroll depth made DynamoDB refuse the number
          // ("Number underflow"), which was a 500.
          [{ method: 'POST', path: '/v1/sites/daily/events', headers: {}, body: '{"type":"engage","articleId":"a","sessionId":"abcdefgh","seconds":5,"scrollDepth":1e-320}' }],
          [{ method: 'POST', path: '/v1/sites/daily/events', headers: {}, body: '{"__proto__":{"type":"view"},"type":"view","articleId":"a","sessionId":"abcdefgh"}' }],
          [{ method: 'POST', path: '/v1/sites/daily/events', headers: {}, body: `{"events":${'['.repeat(8000)}` }],
        ],
      },
    );
  });

  it('pixel requests with hostile queries never answer 5xx, and a rejected one writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.oneof({ weight: 6, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: method }),
          path: fc.tuple(segment(['daily', 'trusty', 'nosuch']), queryString(['articleId', 'sessionId'])).map(([site, query]) => `/v1/sites/${site}/pixel.gif${query}`),
          headers: hostileHeaders(),
        }),
        async (request) => {
          const answer = await send(request);
          if (answer.status === 200) expect(answer.headers.get('content-type')).toBe('image/gif');
        },
      ),
      { numRuns: 250 },
    );
  });
});

const articleId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:~-]{0,20}$/),
  fc.constantFrom('a', '0', 'A'.repeat(128), `x${'~'.repeat(127)}`, '1:2.3_4-5~6'),
);
const sessionId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), fc.constantFrom('________', '-'.repeat(64), 'a'.repeat(64)));
/** Any text within a schema's bound, which zod counts in code points. */
const anyText = (max: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength: max }), fc.string({ unit: 'binary', maxLength: Math.min(max, 50) }), hostileString).filter((s) => [...s].length <= max);
const isoTime = fc
  .tuple(fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), fc.constantFrom('Z', '+00:00', '+14:00', '-12:00', '+05:30'))
  .map(([ms, zone]) => new Date(ms).toISOString().replace('Z', zone));
const meta = fc.record(
  {
    title: anyText(300),
    url: fc.oneof(fc.webUrl({ size: 'small' }), anyText(2048)),
    section: anyText(64),
    tags: fc.array(anyText(64), { maxLength: 20 }),
    publishedAt: isoTime,
    image: fc.oneof(fc.webUrl({ size: 'small' }), anyText(100)),
  },
  { requiredKeys: [] },
);
const view = fc.record(
  { type: fc.constant('view'), articleId, sessionId, url: anyText(2048), referrer: anyText(2048), meta },
  { requiredKeys: ['type', 'articleId', 'sessionId'] },
);
const engage = fc.record(
  {
    type: fc.constant('engage'),
    articleId,
    sessionId,
    seconds: fc.oneof(fc.integer({ min: 0, max: 86_400 }), fc.constantFrom(0, -0, 86_400)),
    scrollDepth: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, -0, 1, Number.MIN_VALUE, 1e-200, 1e-131, 0.1 + 0.2, 1 - Number.EPSILON)),
  },
  { requiredKeys: ['type', 'articleId', 'sessionId', 'seconds'] },
);
type EdgeEvent = { type: string; articleId: string; sessionId: string; seconds?: number };
/** At most one event per (type, article) in a batch (one request is one visitor): concurrent twins would race for the outcome. */
const edgeEvents = fc.uniqueArray(fc.oneof(view, engage) as fc.Arbitrary<EdgeEvent>, {
  minLength: 1,
  maxLength: MAX_EVENTS_PER_REQUEST,
  selector: (e) => `${e.type}|${e.articleId}`,
});

describe('valid beacons at the edges', () => {
  /** What earlier runs already recorded: repeats and stale engagement are ignored, by the rules. */
  const seenViews = new Set<string>();
  const engagedSeconds = new Map<string, number>();

  // Every request here comes from one reader (one address and browser): the server's visitor, whatever
  // sessionIds the events claim, so repeats are per site and article.
  it('are all accepted from an allowed origin (403 without one): 202, every event accounted for, repeats and bots ignored', async () => {
    await fc.assert(
      fc.asyncProperty(
        edgeEvents,
        fc.boolean(),
        fc.record({
          site: fc.constantFrom('daily', 'trusty'),
          origin: fc.constantFrom(TEST_ORIGIN, undefined),
          contentType: fc.constantFrom('text/plain', 'text/plain;charset=UTF-8', 'application/json', undefined),
          bot: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
          pad: fc.nat({ max: 40 }),
        }),
        async (events, batched, { site, origin, contentType, bot, pad }) => {
          const json = batched || events.length > 1 ? JSON.stringify({ events }) : JSON.stringify(events[0]);
          const body = json + ' '.repeat(pad);
          // Its own reader: the hostile requests and pixels of the tests above count views of short ids too.
          const headers: Record<string, string> = { 'user-agent': bot ? 'Googlebot/2.1 (+http://www.google.com/bot.html)' : BROWSER, ...asReader('edges-reader') };
          if (origin) headers.origin = origin;
          if (contentType) headers['content-type'] = contentType;
          const answer = await send({ method: 'POST', path: `/v1/sites/${site}/events`, headers, body });
          if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
            expect(answer.status).toBe(413);
            return;
          }
          if (!origin) {
            expect(answer.status, answer.text).toBe(403);
            return;
          }
          expect(answer.status, answer.text).toBe(202);
          let expected = 0;
          if (!bot) {
            for (const e of events) {
              const key = `${site}|${e.articleId}`;
              if (e.type === 'view') {
                if (!seenViews.has(key)) expected++;
                seenViews.add(key);
              } else {
                const before = engagedSeconds.get(key);
                if (before === undefined || before <= e.seconds!) {
                  expected++;
                  engagedSeconds.set(key, e.seconds!);
                }
              }
            }
          }
          expect(answer.json).toMatchObject({ accepted: expected, ignored: events.length - expected });
        },
      ),
      {
        numRuns: 150,
        examples: [
          // Regression: scroll depths DynamoDB cannot store as given (below 1E-130) answered 500.
          [[{ type: 'engage', articleId: 'tiny-depth', sessionId: 'session-tiny-1', seconds: 5, scrollDepth: 1e-200 } as EdgeEvent], false, { site: 'daily', origin: TEST_ORIGIN, contentType: 'text/plain', bot: false, pad: 0 }],
          [[{ type: 'engage', articleId: 'tiny-depth', sessionId: 'session-tiny-2', seconds: 5, scrollDepth: Number.MIN_VALUE } as EdgeEvent], false, { site: 'daily', origin: undefined, contentType: undefined, bot: false, pad: 0 }],
        ],
      },
    );
  });

  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    const event = JSON.stringify({ type: 'view', articleId: 'limit-1', sessionId: 'session-limit' });
    const exact = event + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(event));
    const ok = await send({ method: 'POST', path: '/v1/sites/daily/events', headers: { origin: TEST_ORIGIN, 'user-agent': BROWSER }, body: exact });
    expect(ok.status).toBe(202);
    const over = await send({ method: 'POST', path: '/v1/sites/daily/events', headers: { origin: TEST_ORIGIN, 'user-agent': BROWSER }, body: `${exact} ` });
    expect(over.status).toBe(413);
  });

  it('stores a tiny scroll depth as DynamoDB can (regression: it was a 500)', async () => {
    const answer = await send({
      method: 'POST',
      path: '/v1/sites/daily/events',
      headers: { origin: TEST_ORIGIN, 'user-agent': BROWSER },
      body: JSON.stringify({ type: 'engage', articleId: 'depth-1', sessionId: 'session-depth-1', seconds: 9, scrollDepth: 1e-200 }),
    });
    expect(answer.status).toBe(202);
    const item = (await table.items()).find((i) => String(i.sk).endsWith('#E#depth-1'));
    expect(item).toMatchObject({ s: 9, d: 0 });
  });
});
