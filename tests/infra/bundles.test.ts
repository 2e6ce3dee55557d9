import { getArticle, upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { releaseRankLease, takeRankLease } from '../../shared/rank/rank-lease.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, METRICS_NAMESPACE, SERVICES } from '../../functions/metric-names.ts';
import { SNIPPET_ARTICLE, SNIPPET_SITE } from '../../infra/beacon-snippet.ts';
import { addSite } from '../../shared/sites/site-store.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import { httpApiEvent } from '../support/lambda-events.ts';
import { describeCalls, isAllowed } from './support/dynamo-iam.ts';
import { fakeSecretsManager, fakeSqs, feedServer, recordingDynamoProxy } from './support/local-servers.ts';
import { emittedMetrics, runBundle, type BundleRun } from './support/run-bundle.ts';
import {
  FUNCTION_IDS,
  asList,
  functionLogicalId,
  resource,
  roleStatements,
  removeSynthOutputs,
  synthNewspulse,
  type FunctionName,
} from './support/synth-newspulse.ts';

/**
 * The real thing, as far as it runs offline: the app is synthesized with bundling on (the same esbuild run
 * `cdk deploy` does), each function's index.mjs is loaded by plain Node from the staged asset folder (no
 * node_modules there: the bundle must be self-contained) with the environment the template gives it, and is
 * sent what its trigger sends (HTTP API v2 events, the schedule's input, SQS messages). DynamoDB Local stands
 * in for DynamoDB, behind a proxy that records every call so it can be checked against the function's IAM
 * policy; a small fake stands in for SQS.
 */

const ORIGIN = 'https://news.example';
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const FAKE_API = 'https://api.example';
const HOUR = 3_600_000;

let table: TestTable;
let adminKey: string;
let synth: ReturnType<typeof synthNewspulse>;
let sqs: Awaited<ReturnType<typeof fakeSqs>>;
let secrets: Awaited<ReturnType<typeof fakeSecretsManager>>;
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:NewspulseVisitorSecret-AbCdEf';
let feed: Awaited<ReturnType<typeof feedServer>>;
const proxies = {} as Record<FunctionName, Awaited<ReturnType<typeof recordingDynamoProxy>>>;
const runs = {} as Record<FunctionName, BundleRun>;

const publishedAt = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

/** A CloudFormation value (string or Fn::Join) as text, with every token replaced by `token(value)`. */
function resolveJoin(value: unknown, token: (value: unknown) => string): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map((part) => resolveJoin(part, token)).join(join[0]);
  return token(value);
}

/** The bundle of a function and the environment its template gives it, pointed at the local stand-ins. */
function bundleOf(name: FunctionName) {
  const fn = resource(synth.template, functionLogicalId(synth.template, name));
  const folder = fn.Metadata?.['aws:asset:path'] as string;
  expect(fn.Properties.Handler).toBe('index.handler');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(fn.Properties.Environment.Variables as Record<string, unknown>)) {
    if (typeof value === 'string') env[key] = value;
    // The table's name, from the data stack's SSM parameter (resolved at deploy time): the test table.
    else if (key === 'NEWSPULSE_TABLE' && JSON.stringify(value).includes('SsmParameterValueNewspulseDatatablename')) env[key] = table.tableName;
    // The rank queue (a big site's related shards go back onto it): the fake SQS.
    else if (key === 'RANK_QUEUE_URL' && JSON.stringify(value).includes('RankFanOutRuns')) env[key] = `${sqs.url}/123456789012/rank-runs`;
    // The visitor hash's secret: the fake Secrets Manager.
    else if (key === 'VISITOR_SECRET_ARN' && JSON.stringify(value).includes('VisitorSecret')) env[key] = SECRET_ARN;
    else throw new Error(`${name}: unexpected environment value ${key}=${JSON.stringify(value)}`);
  }
  return {
    path: join(synth.outdir, folder, 'index.mjs'),
    env: {
      ...env,
      // What Lambda itself sets (region, log level from the function's logging config) ...
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: `newspulse-${name}`,
      AWS_LAMBDA_LOG_LEVEL: fn.Properties.LoggingConfig.ApplicationLogLevel as string,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // ... and the local stand-ins; metrics on, as in Lambda (the test environment turns them off).
      DYNAMODB_ENDPOINT: proxies[name].url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      POWERTOOLS_METRICS_DISABLED: 'false',
      METRICS_INTERVAL_SECONDS: '0', // every invocation's document, to compare per request (the default batches a minute)
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', // Node 20 here; Lambda runs 24
    },
  };
}

async function invoke(name: FunctionName, events: unknown[]): Promise<BundleRun> {
  const { path, env } = bundleOf(name);
  const run = await runBundle(path, events, env);
  runs[name] = run;
  return run;
}

/** Every HTTP route of the template, with the function its integration calls. */
function httpRoutes(): { method: string; path: string; target: FunctionName }[] {
  const json = synth.template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const byFunction = Object.fromEntries(
    (Object.keys(FUNCTION_IDS) as FunctionName[]).map((name) => [functionLogicalId(synth.template, name), name]),
  );
  return Object.values(json)
    .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey !== '$default')
    .map((r) => {
      const integrationId = (r.Properties.Target['Fn::Join'][1] as unknown[]).find((p) => typeof p === 'object') as { Ref: string };
      const uri = json[integrationId.Ref]!.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
      const [method, path] = (r.Properties.RouteKey as string).split(' ') as [string, string];
      return { method, path, target: byFunction[uri['Fn::GetAtt'][0]]! };
    });
}

const samplePath = (path: string) => path.replace('{site}', 'daily').replace('{list}', 'latest').replace('{articleId}', 'story-1');

/** A route that reached an app which does not serve it answers the apps' `no route` 404. */
const isNoRoute = (result: { ok: boolean; value?: { statusCode: number; body: string } }) =>
  result.ok && result.value?.statusCode === 404 && JSON.parse(result.value.body).error?.code === 'not_found';

/** A beacon from the reader at `sourceIp` (what API Gateway's request context reports). */
function beacon(body: unknown, headers: Record<string, string> = {}, sourceIp = '198.51.100.20') {
  return httpApiEvent({
    method: 'POST',
    path: '/v1/sites/daily/events',
    sourceIp,
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN, 'user-agent': UA, ...headers },
    body: JSON.stringify(body),
  });
}

/** Runs the stack's BeaconSnippet output as a browser would (after the operator filled in the placeholders). */
function snippetBeacon(articleId: string) {
  // The snippet names the ingest function URL's host (Fn::Select of its Url): the fake API's host here.
  const snippet = resolveJoin(synth.template.toJSON().Outputs.BeaconSnippet.Value, (token) => {
    expect(JSON.stringify(token)).toContain('IngestFunctionFunctionUrl');
    return new URL(FAKE_API).host;
  })
    .replaceAll(SNIPPET_SITE, 'daily')
    .replaceAll(SNIPPET_ARTICLE, articleId);
  const tag = /<script data-site="([^"]*)" data-article-id="([^"]*)">(.*?)<\/script>/s.exec(snippet)!;
  const sent: { url: string; body: string }[] = [];
  const storage = new Map<string, string>();
  runInNewContext(tag[3]!, {
    document: { currentScript: { dataset: { site: tag[1], articleId: tag[2] } } },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    navigator: { sendBeacon: (url: string, body: string) => (sent.push({ url, body }), true) },
    location: { href: `${ORIGIN}/world/${articleId}.html` },
    crypto: globalThis.crypto,
  });
  expect(snippet).toContain(`<noscript><img src="${FAKE_API}/v1/sites/daily/pixel.gif?articleId=${articleId}"`);
  expect(sent).toHaveLength(1);
  const { url, body } = sent[0]!;
  expect(url.startsWith(FAKE_API)).toBe(true);
  return httpApiEvent({
    method: 'POST',
    path: url.slice(FAKE_API.length),
    // sendBeacon with a string body: text/plain, no preflight; the page's origin.
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN, 'user-agent': UA },
    body,
  });
}

beforeAll(async () => {
  table = await createTestTable();
  feed = await feedServer([{ id: 'feed-1', title: 'From the feed', section: 'world', publishedAt: publishedAt(3) }]);
  sqs = await fakeSqs();
  secrets = await fakeSecretsManager('a-visitor-secret-of-64-characters-generated-by-secrets-manager-0');
  for (const name of Object.keys(FUNCTION_IDS) as FunctionName[]) proxies[name] = await recordingDynamoProxy(table.endpoint);
  ({ adminKey } = await addSite(table, { site: 'daily', origins: [ORIGIN], feeds: [feed.url], trustBeaconMetadata: true }, new Date()));
  await upsertArticle(table, 'daily', { articleId: 'feed-unsectioned', title: 'Feed story', url: `${ORIGIN}/world/feed-unsectioned.html`, tags: [], publishedAt: publishedAt(2) }, 'feed', new Date());
  synth = synthNewspulse({ bundle: true });
});

afterAll(async () => {
  await Promise.all([...Object.values(proxies).map((p) => p.close()), sqs?.close(), secrets?.close(), feed?.close()]);
  await table?.drop();
  removeSynthOutputs();
});

describe('the deployed bundles, run locally', () => {
  it('are self-contained ESM files with source maps, one per function', () => {
    for (const name of Object.keys(FUNCTION_IDS) as FunctionName[]) {
      const { path } = bundleOf(name);
      expect(existsSync(path), name).toBe(true);
      expect(existsSync(`${path}.map`), name).toBe(true);
    }
  });

  it('ingest counts the views the BeaconSnippet output sends, answers preflights per site, serves the pixel', async () => {
    const run = await invoke('ingest', [
      snippetBeacon('story-1'),
      beacon({ type: 'view', articleId: 'story-1', sessionId: 'session-bbbb' }),
      beacon({ type: 'view', articleId: 'story-1', sessionId: 'session-cccc' }, {}, '198.51.100.21'),
      // The first reader again, under another session id: the visitor is its address and browser, a repeat.
      beacon({ type: 'view', articleId: 'story-1', sessionId: 'session-zzzz' }),
      beacon({
        type: 'view',
        articleId: 'story-2',
        sessionId: 'session-bbbb',
        meta: { title: 'Beacon story', url: `${ORIGIN}/world/story-2.html`, section: 'world', tags: [], publishedAt: publishedAt(2) },
      }),
      beacon({ type: 'engage', articleId: 'story-1', sessionId: 'session-bbbb', seconds: 40, scrollDepth: 0.9 }),
      httpApiEvent({
        method: 'OPTIONS',
        path: '/v1/sites/daily/events',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      }),
      httpApiEvent({ method: 'GET', path: '/v1/sites/daily/pixel.gif', query: 'articleId=story-1', sourceIp: '198.51.100.22', headers: { 'user-agent': UA, 'x-forwarded-for': '198.51.100.7' } }),
      beacon({ type: 'view', articleId: 'story-1', sessionId: 'session-dddd' }, { origin: 'https://evil.example' }),
      // A feed article without a section: the page's article:section fills it (a conditional UpdateItem).
      beacon({
        type: 'view',
        articleId: 'feed-unsectioned',
        sessionId: 'session-bbbb',
        meta: { title: 'Feed story', url: `${ORIGIN}/world/feed-unsectioned.html`, section: 'world', tags: [], publishedAt: publishedAt(2) },
      }),
    ]);
    const values = run.results.map((r) => (r.ok ? r.value : r.error));
    expect(run.results.every((r) => r.ok), JSON.stringify(values)).toBe(true);
    const [first, second, third, repeat, withMeta, engage, preflight, pixel, foreign, sectioned] = values;
    expect(JSON.parse(sectioned.body)).toMatchObject({ accepted: 1 });
    expect((await getArticle(table, 'daily', 'feed-unsectioned'))?.section).toBe('world');
    for (const counted of [first, second, third, withMeta]) expect(JSON.parse(counted.body)).toMatchObject({ accepted: 1, ignored: 0 });
    expect(JSON.parse(repeat.body)).toMatchObject({ accepted: 0, ignored: 1 });
    expect(JSON.parse(engage.body)).toMatchObject({ accepted: 1, ignored: 0 });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(pixel.statusCode).toBe(200);
    expect(pixel.isBase64Encoded).toBe(true);
    expect(foreign.statusCode).toBe(403);
    expect(emittedMetrics(run.lines, METRICS_NAMESPACE, SERVICES.ingest)).toMatchObject({
      [METRICS.eventsAccepted]: [1, 1, 1, 0, 1, 1, 1, 1],
      [METRICS.eventsIgnored]: [0, 0, 0, 1, 0, 0, 0, 0],
    });
    // The secret was read once for the container, from the ARN the template gives the function.
    expect(secrets.reads).toEqual([SECRET_ARN]);
  });

  it('ingest counts a view once when DynamoDB\'s answer is lost, and says so (the SDK retry meets its own item)', async () => {
    // View A: its one write is applied and the answer lost once; the SDK retries, is refused with the item it
    // stored (ReturnValuesOnConditionCheckFailure), and answers "counted". View B: a plain repeat of A.
    let lost = false;
    proxies.ingest.setFault(({ target, body }) => {
      const pk = String(body.Item?.pk?.S ?? '');
      if (target.endsWith('PutItem') && pk.startsWith('TRAIL#') && JSON.stringify(body).includes('retry-a') && !lost) {
        lost = true;
        return 'apply-then-fail';
      }
      return 'forward';
    });
    try {
      const view = beacon({ type: 'view', articleId: 'retry-a', sessionId: 'session-rrrr' }, {}, '198.51.100.30');
      const first = await invoke('ingest', [view]);
      const again = await invoke('ingest', [view]);
      const answers = [...first.results, ...again.results].map((r) => JSON.parse((r.ok ? r.value : r.error).body));
      expect(answers).toMatchObject([{ accepted: 1, ignored: 0 }, { accepted: 0, ignored: 1 }]);
    } finally {
      proxies.ingest.setFault(() => 'forward');
    }
    expect(lost).toBe(true);
    const trail = (await table.items()).filter((i) => String(i.pk).startsWith('TRAIL#daily#') && /#V#retry-a#/.test(String(i.sk)));
    expect(trail).toHaveLength(1);
  });

  it('admin writes the catalog and pins with the site key', async () => {
    const auth = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    const run = await invoke('admin', [
      httpApiEvent({
        method: 'PUT',
        path: '/v1/sites/daily/articles/story-1',
        headers: auth,
        body: JSON.stringify({ title: 'Story one', url: `${ORIGIN}/world/story-1.html`, section: 'world', tags: ['storm'], publishedAt: publishedAt(4) }),
      }),
      httpApiEvent({ method: 'PUT', path: '/v1/sites/daily/pins/story-1', headers: auth, body: JSON.stringify({ until: new Date(Date.now() + 24 * HOUR).toISOString() }) }),
      httpApiEvent({ method: 'GET', path: '/v1/sites/daily/pins', headers: auth }),
      httpApiEvent({ method: 'DELETE', path: '/v1/sites/daily/pins/story-9', headers: auth }),
      httpApiEvent({ method: 'GET', path: '/v1/sites/daily/pins' }),
    ]);
    const [article, pin, pins, unpin, anonymous] = run.results.map((r) => (r.ok ? r.value : r.error));
    expect(article.statusCode).toBe(200);
    expect(pin.statusCode).toBe(200);
    expect(JSON.parse(pins.body).pins.map((p: { articleId: string }) => p.articleId)).toEqual(['story-1']);
    expect(unpin.statusCode).toBe(404);
    expect(anonymous.statusCode).toBe(401);
  });

  it('the scheduler queues one rank run per site from what the schedule rule sends', async () => {
    const rule = Object.values(synth.template.findResources('AWS::Events::Rule'))[0] as { Properties: any };
    const transformer = rule.Properties.Targets[0].InputTransformer;
    expect(transformer.InputPathsMap).toEqual({ time: '$.time' });
    const queueUrl = `${sqs.url}/123456789012/rank-runs`;
    const input = resolveJoin(transformer.InputTemplate, () => queueUrl).replace('<time>', JSON.stringify(new Date().toISOString()));
    const run = await invoke('rankScheduler', [JSON.parse(input)]);
    expect(run.results).toEqual([{ ok: true, value: { queued: 1 } }]);
    expect(sqs.sent.map((m) => ({ queueUrl: m.queueUrl, site: JSON.parse(m.body).site }))).toEqual([{ queueUrl, site: 'daily' }]);
    // Stale once the next schedule has fired: the rule's rate (the synthesized default, 5 minutes) later.
    const { scheduledAt, notAfter } = JSON.parse(sqs.sent[0]!.body) as { scheduledAt: string; notAfter: string };
    expect(Date.parse(notAfter) - Date.parse(scheduledAt)).toBe(rule.Properties.ScheduleExpression === 'rate(5 minutes)' ? 300_000 : NaN);
    expect(emittedMetrics(run.lines, METRICS_NAMESPACE, SERVICES.rankScheduler)).toEqual({ [METRICS.sitesScheduled]: [1] });
  });

  it('rank ranks each queued site, reports a failing one as a batch item failure, and takes a direct scheduled event', async () => {
    const record = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: `r-${messageId}`,
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:rank-runs',
      awsRegion: 'us-east-1',
    });
    const run = await invoke('rank', [
      { Records: sqs.sent.map((m, i) => record(`queued-${i}`, m.body)) },
      { Records: [record('bad-site', JSON.stringify({ site: 'nosuch' }))] },
      { version: '0', id: 'e-1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), resources: [], detail: {}, site: 'daily' },
    ]);
    expect(run.results).toEqual([
      { ok: true, value: { batchItemFailures: [] } },
      { ok: true, value: { batchItemFailures: [{ itemIdentifier: 'bad-site' }] } },
      { ok: true, value: expect.objectContaining({ sites: 1 }) },
    ]);
    const metrics = emittedMetrics(run.lines, METRICS_NAMESPACE, SERVICES.rank);
    expect(metrics[METRICS.rankSucceeded]).toEqual([1, 1]);
    expect(metrics[METRICS.rankFailed]).toEqual([1]);
    expect(run.lines.find((l) => l.level === 'ERROR')).toMatchObject({ message: 'rank failed', site: 'nosuch', service: SERVICES.rank });

    // A stale message and a duplicate (another run holds the site) are skipped, deleted, and counted as skips.
    const held = await takeRankLease(table, 'daily', Date.now(), 60_000);
    const skipped = await invoke('rank', [
      { Records: [record('stale', JSON.stringify({ site: 'daily', notAfter: new Date(Date.now() - 1000).toISOString() }))] },
      { Records: [record('duplicate', JSON.stringify({ site: 'daily', notAfter: new Date(Date.now() + 300_000).toISOString() }))] },
    ]);
    await releaseRankLease(table, 'daily', held!);
    expect(skipped.results).toEqual([
      { ok: true, value: { batchItemFailures: [] } },
      { ok: true, value: { batchItemFailures: [] } },
    ]);
    expect(emittedMetrics(skipped.lines, METRICS_NAMESPACE, SERVICES.rank)).toEqual({ [METRICS.rankSkipped]: [1, 1] });
    expect(skipped.lines.filter((l) => l.message === 'rank run skipped').map((l) => String(l.reason).split(':')[0])).toEqual(['stale', 'another run holds the site']);
  });

  it('read serves the lists the rank run wrote, cacheable by the CDN', async () => {
    const get = (path: string, query?: string) => httpApiEvent({ method: 'GET', path, ...(query ? { query } : {}), headers: { origin: ORIGIN } });
    const run = await invoke('read', [
      get('/v1/sites/daily/lists/popular-now'),
      get('/v1/sites/daily/lists/latest'),
      get('/v1/sites/daily/widgets', 'articleId=story-2&section=world'),
      get('/v1/sites/daily/articles/story-1/stats'),
      get('/v1/openapi.json'),
      get('/healthz'),
      get('/v1/sites/nosuch/lists/latest'),
    ]);
    const [popular, latest, widgets, stats, openapi, health, unknown] = run.results.map((r) => (r.ok ? r.value : r.error));
    expect(popular.statusCode).toBe(200);
    expect(JSON.parse(popular.body).items.map((i: { articleId: string }) => i.articleId)).toContain('story-1');
    expect(popular.headers['cache-control']).toContain('s-maxage=60');
    expect(popular.headers.etag).toBeTruthy();
    expect(popular.headers['access-control-allow-origin']).toBe('*');
    // The catalog from the admin API, trusted beacon metadata and the feed, all ranked.
    expect(JSON.parse(latest.body).items.map((i: { articleId: string }) => i.articleId).sort()).toEqual(['feed-1', 'feed-unsectioned', 'story-1', 'story-2']);
    expect(widgets.statusCode).toBe(200);
    expect(JSON.parse(stats.body).views).toBeGreaterThanOrEqual(3);
    expect(openapi.statusCode).toBe(200);
    expect(health.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['cache-control']).toBe('no-store');
  });

  it('every route of the HTTP API reaches a function that serves it', async () => {
    const routes = httpRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(13);
    for (const name of ['ingest', 'read', 'admin'] as const) {
      const mine = routes.filter((r) => r.target === name);
      const run = await runBundle(
        bundleOf(name).path,
        mine.map((r) => httpApiEvent({ method: r.method, path: samplePath(r.path), headers: { origin: ORIGIN, 'user-agent': UA } })),
        bundleOf(name).env,
      );
      const unserved = mine.filter((_, i) => isNoRoute(run.results[i] as never) || !run.results[i]!.ok);
      expect(unserved, `${name} does not serve these routes`).toEqual([]);
    }
  });

  it('every DynamoDB call each bundle made is allowed by its role, and nothing else is', () => {
    const isTableArn = (r: unknown) => JSON.stringify(r).includes('SsmParameterValueNewspulseDatatablename') && JSON.stringify(r).includes(':table/');
    for (const name of Object.keys(FUNCTION_IDS) as FunctionName[]) {
      const statements = roleStatements(synth.template, name);
      const calls = proxies[name].requests.flatMap((r) => describeCalls(r.target, r.body));
      expect(calls.length, `${name} made no DynamoDB call`).toBeGreaterThan(0);
      expect(new Set(calls.map((c) => c.table)), name).toEqual(new Set([table.tableName]));
      const denied = calls.filter((call) => !isAllowed(call, statements, isTableArn));
      expect(denied, `${name} would be denied`).toEqual([]);
      // The check can fail: the same role is refused an operation on a partition it was not given.
      expect(isAllowed({ action: 'PutItem', table: table.tableName, leadingKeys: ['SITES'] }, statements, isTableArn)).toBe(false);
    }
    // The scheduler may only send to the rank queue.
    const sqsStatements = roleStatements(synth.template, 'rankScheduler').filter((s) => asList(s.Action).some((a) => a.startsWith('sqs:')));
    expect(sqsStatements.flatMap((s) => asList(s.Action))).toEqual(['sqs:SendMessage']);
    expect(JSON.stringify(sqsStatements[0]!.Resource)).toContain('RankFanOutRuns');
    expect(new Set(sqs.sent.map((m) => m.target))).toEqual(new Set(['AmazonSQS.SendMessageBatch'])); // needs sqs:SendMessage
  });

  it('printed nothing but JSON (no warnings, no stray console output), on stdout or stderr', () => {
    for (const [name, run] of Object.entries(runs)) {
      const stray = run.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('{'));
      expect(stray, name).toEqual([]);
    }
  });

  it('read only reads, ingest queries only trails, the scheduler only lists sites (as recorded)', () => {
    const actions = (name: FunctionName) => new Set(proxies[name].requests.flatMap((r) => describeCalls(r.target, r.body).map((c) => c.action)));
    expect([...actions('read')].every((a) => a === 'GetItem' || a === 'BatchGetItem')).toBe(true);
    const ingestQueries = proxies.ingest.requests.flatMap((r) => describeCalls(r.target, r.body)).filter((c) => c.action === 'Query');
    expect(ingestQueries.every((c) => c.leadingKeys.every((k) => k.startsWith('TRAIL#')))).toBe(true);
    expect(actions('rankScheduler')).toEqual(new Set(['Query', 'BatchGetItem'])); // the sites, their run states
  });
});
