import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * fast-check arbitraries for requests a hostile or broken client could send (tests/reliability/*-fuzz):
 * strange methods, paths and query strings (unicode, bad percent-escapes, overlong ids), JSON that is huge,
 * deep, wrongly typed or full of prototype keys, numbers JSON.stringify cannot even write (NaN, 1e308, -0,
 * subnormals), invalid UTF-8, and abused headers. Plus `expectSafeAnswer`, what every answer must satisfy.
 */

/** A request as the fuzz tests send it through `app.request()`. */
export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
}

/** Strings that have broken parsers, key builders or templates somewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202e',
  '\ufeff',
  '../../etc/passwd',
  '..',
  '#',
  'a#b',
  'SITE#daily',
  '_all',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '{{7*7}}',
  '\r\nX-Injected: 1',
  '%00',
  '%E0%A4%A',
  '%ZZ',
  '\u{1F600}',
  'ÄÖÜ',
  'مرحبا',
  '\u0301',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Any string a client could put in a field: printable unicode, control characters, lone surrogates, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), loneSurrogate), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '0', '\u00e9', '\u{1F600}', '-'), fc.integer({ min: 60, max: 3000 })).map(([c, n]) => c.repeat(n)) },
);

/** Numbers as JSON text, including ones JSON cannot carry (NaN) and ones DynamoDB cannot store (1e-200). */
export const RAW_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '1e309',
  '-1e308',
  '-0',
  '0',
  '1',
  '-1',
  '0.5',
  '1e-200',
  '1e-320',
  '5e-324',
  '9007199254740993',
  '123456789012345678901234567890',
  '1.7976931348623157e308',
  '0x10',
  '1_000',
  '.5',
  '01',
  '86400',
  '86401',
  '1.0000000000000002',
];

/** A JSON-ish value whose text may not be valid JSON (raw numbers are spliced in as written). */
export type Fuzzy = { raw: string } | string | boolean | null | Fuzzy[] | { [key: string]: Fuzzy };

const rawNumber = fc.constantFrom(...RAW_NUMBERS).map((raw) => ({ raw }));

/** Keys that reach prototypes, or that the schemas know. */
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'events', 'type', 'articleId', 'sessionId', 'meta', 'title', 'seconds', 'scrollDepth', 'url', 'toString', ''),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

/** Arbitrary fuzzy values: scalars, raw numbers, arrays and objects with hostile keys, nested a few levels. */
export const fuzzyValue: fc.Arbitrary<Fuzzy> = fc.letrec<{ value: Fuzzy }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    rawNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Serializes a fuzzy value; raw numbers go in as written. Keys like `__proto__` are kept as plain keys. */
export function fuzzyJson(value: Fuzzy): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(fuzzyJson).join(',')}]`;
  if ('raw' in value && typeof value.raw === 'string' && Object.keys(value).length === 1) return value.raw;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${fuzzyJson(v)}`)
    .join(',')}}`;
}

/** Sets `key` to `value` in a plain object, `__proto__` included as an own key (as JSON.parse would). */
export function withKey(target: Record<string, Fuzzy>, key: string, value: Fuzzy | undefined): Record<string, Fuzzy> {
  const out: Record<string, Fuzzy> = {};
  for (const [k, v] of Object.entries(target)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (value === undefined) delete out[key];
  else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const VALID_VIEW: Record<string, Fuzzy> = { type: 'view', articleId: 'story-1', sessionId: 'session-0001' };
const VALID_ENGAGE: Record<string, Fuzzy> = { type: 'engage', articleId: 'story-1', sessionId: 'session-0001', seconds: { raw: '12' }, scrollDepth: { raw: '0.5' } };
const VALID_META: Record<string, Fuzzy> = { title: 'A story', url: 'https://news.example/a', section: 'world', tags: ['x'], publishedAt: '2026-11-28T10:00:00Z' };

/** One valid event with one thing broken: a field replaced, removed or added, or the meta broken. */
export const brokenEvent: fc.Arbitrary<Record<string, Fuzzy>> = fc
  .tuple(
    fc.constantFrom(VALID_VIEW, VALID_ENGAGE, withKey(VALID_VIEW, 'meta', VALID_META)),
    fc.constantFrom('type', 'articleId', 'sessionId', 'seconds', 'scrollDepth', 'url', 'referrer', 'meta', '__proto__', 'constructor', 'extra'),
    fc.option(fuzzyValue, { nil: undefined, freq: 6 }),
    fc.option(fc.tuple(fc.constantFrom('title', 'url', 'section', 'tags', 'publishedAt', 'image', '__proto__'), fuzzyValue), { nil: undefined }),
  )
  .map(([base, key, value, metaChange]) => {
    let event = withKey(base, key, value);
    if (metaChange) event = withKey(event, 'meta', withKey(VALID_META, metaChange[0], metaChange[1]));
    return event;
  });

/** A beacon body that may be anything: broken events, batches, random JSON, deep nesting, huge, bytes. */
export const hostileBeaconBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 5, arbitrary: brokenEvent.map(fuzzyJson) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(fc.oneof(brokenEvent, fc.constant(VALID_VIEW)), { maxLength: 25 }), fc.option(fc.tuple(hostileKey, fuzzyValue), { nil: undefined }))
      .map(([events, extra]) => fuzzyJson(extra ? withKey({ events }, extra[0], extra[1]) : { events })),
  },
  { weight: 2, arbitrary: fuzzyValue.map(fuzzyJson) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'true', '1', '"view"', '[]', '{}', '{"events":null}', '{"type":"view"', '\ufeff{}', 'undefined') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('[', '{"a":', '{"events":[', '{"type":"view","meta":'), fc.integer({ min: 100, max: 20_000 }))
      .map(([open, depth]) => open.repeat(depth)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 8000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 16 * 1024 - 64, max: 200_000 }).map((n) => JSON.stringify({ ...VALID_VIEW, url: 'u'.repeat(n) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 1,
    // Valid JSON around invalid UTF-8: a lone continuation byte, an overlong NUL, a truncated sequence.
    arbitrary: fc.constantFrom([0x80], [0xc0, 0x80], [0xe2, 0x82], [0xff, 0xfe], [0xed, 0xa0, 0x80]).map((bad) =>
      Buffer.concat([Buffer.from('{"type":"view","articleId":"story-1","sessionId":"session-0001","meta":{"title":"'), Buffer.from(bad), Buffer.from('"}}')]),
    ),
  },
);

/** Content types a beacon should or should not send; the body is read as text whatever it says. */
export const contentType = fc.constantFrom(
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/json',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'image/gif',
  '',
  'text/plain; charset=\u0000',
  'x'.repeat(2000),
);

/** Header abuse: huge or odd Origins, heaps of cookies, bot and empty user agents, junk caching headers. */
export function hostileHeaders(extra: fc.Arbitrary<Record<string, string>> = fc.constant({})): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        origin: fc.oneof(
          fc.constantFrom('https://news.example', 'https://evil.example', 'null', '', 'https://news.example.evil.example', 'HTTPS://NEWS.EXAMPLE', 'https://news.example/', '*'),
          fc.integer({ min: 1000, max: 60_000 }).map((n) => `https://${'a'.repeat(n)}.example`),
          hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        ),
        cookie: fc.integer({ min: 1, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `c${i}=${'v'.repeat(i % 50)}`).join('; ')),
        'user-agent': fc.constantFrom(
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
          'Googlebot/2.1 (+http://www.google.com/bot.html)',
          '',
          'curl/8.0',
          'x'.repeat(20_000),
        ),
        'content-type': contentType,
        'if-none-match': fc.constantFrom('*', '"x"', 'W/"x"', ',,,', '"'.repeat(5000), 'a,'.repeat(2000)),
        'x-forwarded-for': fc.constantFrom('192.0.2.1', '::1', 'unknown', '', ',,,', '1.1.1.1, 2.2.2.2', 'x'.repeat(10_000)),
        'accept-encoding': fc.constantFrom('gzip', 'br', '*', 'identity;q=0'),
      },
      { requiredKeys: [] },
    )
    .chain((headers) => extra.map((more) => ({ ...headers, ...more })))
    .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, v]) => isHeaderValue(v))));
}

/** Only values a fetch Request accepts as a header (no CR/LF/NUL, Latin-1). */
function isHeaderValue(value: string): boolean {
  return !/[\r\n\0]/.test(value) && /^[\x00-\xff]*$/.test(value);
}

/** A path segment: what the route expects, or something hostile, percent-encoded or raw (bad escapes kept). */
export function segment(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid) },
    { weight: 2, arbitrary: hostileString.map((s) => encodeURIComponent(toWellFormed(s)).slice(0, 4000)) },
    { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%ZZ', '%', '%00', '..', '.', '%2e%2e', '%2F', 'a%2Fb', '%23', 'A'.repeat(200), 'a'.repeat(129), '0'.repeat(128), 'a'.repeat(64)) },
  );
}

/** A query string from known and unknown keys, repeated keys, and hostile values. */
export function queryString(keys: string[]): fc.Arbitrary<string> {
  const value = fc.oneof(
    fc.constantFrom(...RAW_NUMBERS, '10', '50', '51', '1', '', ' 5', '5 ', '5.0', '1e1', '+5', 'a,b,c', ',,,', 'a'.repeat(7000)),
    hostileString.map((s) => encodeURIComponent(toWellFormed(s)).slice(0, 3000)),
    fc.constantFrom('%E0%A4%A', '%', '%00', '%FF', 'a%2Cb'),
    fc.array(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { maxLength: 60 }).map((ids) => ids.join(',')),
  );
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.constantFrom('__proto__', 'constructor', 'x', '', '%00', 'limit[]', 'a'.repeat(300))), value), { maxLength: 6 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
}

/** `String.prototype.toWellFormed` (Node 20): lone surrogates become U+FFFD so encodeURIComponent cannot throw. */
export function toWellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Methods: the usual ones, lower-case, and extension methods (fetch forbids CONNECT, TRACE and TRACK). */
export const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'get', 'post', 'PROPFIND', 'PURGE', 'M-SEARCH');

/** What `expectSafeAnswer` found, for the property's own checks. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * The contract every answer to every request keeps: never a 5xx (no store outage here), an error is JSON
 * `{"error": {code, message, issues}}` with a message that says something, and no stack trace anywhere.
 */
export async function expectSafeAnswer(response: Response, request: { method: string; path: string }, options: { jsonErrors?: boolean } = {}): Promise<Answer> {
  const text = await response.text();
  const what = `${request.method} ${request.path.slice(0, 200)} -> ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, what).toBeLessThan(500);
  expect(text, what).not.toMatch(STACK_TRACE);
  let json: unknown;
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  if (isJson && text) json = JSON.parse(text);
  if (response.status >= 400 && (options.jsonErrors ?? true) && request.method.toUpperCase() !== 'HEAD') {
    expect(isJson, what).toBe(true);
    const error = (json as { error?: { code?: unknown; message?: unknown; issues?: unknown } }).error;
    expect(typeof error?.code, what).toBe('string');
    expect(typeof error?.message, what).toBe('string');
    expect((error?.message as string).length, what).toBeGreaterThan(5);
    expect(Array.isArray(error?.issues), what).toBe(true);
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** What a stack trace or a leaked source location looks like in a body. */
export const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+:\d+/;

/** Turns a generated request into `app.request()` arguments (no body on GET/HEAD, as fetch demands). */
export function requestInit(request: HostileRequest): RequestInit {
  const body = ['GET', 'HEAD'].includes(request.method.toUpperCase()) ? undefined : request.body;
  return { method: request.method, headers: request.headers, ...(body === undefined ? {} : { body: body as BodyInit }) };
}
