import type { Metrics } from '@aws-lambda-powertools/metrics';
import { Hono, type Context } from 'hono';
import { isbot } from 'isbot';
import { handleError, handleNotFound } from '../../shared/http/api-error.ts';
import { articleParam, sessionIdQuery, siteParam } from '../../shared/http/contract/common.ts';
import { checkOrigin } from '../../shared/http/cors.ts';
import { limitBody, parseJson, pathParam, queryParam, requireSite, validBody } from '../../shared/http/request.ts';
import { eventBatchSchema, eventSchema, type IngestEvent } from '../../shared/ingest/events.ts';
import { eventIngester } from '../../shared/ingest/event-ingester.ts';
import type { RecordResult, TimedEvent } from '../../shared/ingest/record-events.ts';
import type { SiteLookup } from '../../shared/sites/site-cache.ts';
import type { Site } from '../../shared/sites/site.ts';
import type { Db } from '../../shared/store/db.ts';
import { METRICS } from '../metric-names.ts';
import { MetricUnit } from '../telemetry.ts';

/** Largest accepted request body: 20 events with metadata fit comfortably. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface IngestDeps {
  db: Db;
  sites: SiteLookup;
  clock: () => number;
  /** Session id for a pixel view that carries none (see shared/ingest/pixel-session.ts). */
  pixelSessionId: (site: string, address: string, userAgent: string, now: number) => Promise<string>;
  /** Where the beacons' business numbers go (views counted vs repeats and bots): the Lambda's Powertools metrics. */
  metrics?: Pick<Metrics, 'addMetric'>;
}

/** 1x1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The ingest API (shared/http/contract/ingest-routes.ts): `POST /v1/sites/{site}/events` (beacons) and
 * `GET /v1/sites/{site}/pixel.gif`. Routes parse and check the request, then hand the events to the counting
 * rules (shared/ingest/record-events.ts).
 */
export function createIngestApp(deps: IngestDeps) {
  const ingestEvents = eventIngester(deps.db);
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);

  /** The site of the path, if the request's origin may send it events (403 otherwise). */
  const allowedSite = async (c: Context): Promise<Site> => {
    const site = await requireSite(deps.sites, pathParam(c, 'site', siteParam));
    checkOrigin(c, site);
    return site;
  };
  const ingest = (site: Site, events: TimedEvent[], userAgent: string, now: number): Promise<RecordResult> =>
    ingestEvents(site, events, { isBot: isbot(userAgent), now: new Date(now) });

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.options('/v1/sites/:site/events', async (c) => {
    await allowedSite(c);
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  app.post('/v1/sites/:site/events', limitBody(MAX_BODY_BYTES), async (c) => {
    const site = await allowedSite(c);
    const events = parseEvents(await c.req.text());
    const now = deps.clock();
    const result = await ingest(site, events.map((event) => ({ ...event, ts: now })), c.req.header('user-agent') ?? '', now);
    // The beacons' business numbers: views counted vs repeats, bots and stale engagement.
    deps.metrics?.addMetric(METRICS.eventsAccepted, MetricUnit.Count, result.accepted);
    deps.metrics?.addMetric(METRICS.eventsIgnored, MetricUnit.Count, result.ignored);
    return c.json({ accepted: result.accepted, ignored: result.ignored }, 202);
  });

  app.get('/v1/sites/:site/pixel.gif', async (c) => {
    const site = await allowedSite(c);
    const articleId = queryParam(c, 'articleId', articleParam);
    const userAgent = c.req.header('user-agent') ?? '';
    const now = deps.clock();
    const sessionId = queryParam(c, 'sessionId', sessionIdQuery) ?? (await deps.pixelSessionId(site.site, clientAddress(c), userAgent, now));
    await ingest(site, [{ type: 'view', articleId, sessionId, ts: now }], userAgent, now);
    return c.body(PIXEL, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' });
  });

  return app;
}

/** A beacon body (JSON sent as text/plain or application/json): one event or `{"events": [...]}`. */
function parseEvents(text: string): IngestEvent[] {
  const json = parseJson(text);
  const isBatch = typeof json === 'object' && json !== null && !Array.isArray(json) && 'events' in json;
  return isBatch ? validBody(json, eventBatchSchema).events : [validBody(json, eventSchema)];
}

/** The visitor's address as the front (API Gateway, CloudFront, a proxy) reports it; used only to hash. */
function clientAddress(c: Context): string {
  return c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? '';
}
