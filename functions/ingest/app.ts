import type { Metrics } from '@aws-lambda-powertools/metrics';
import { Hono, type Context } from 'hono';
import { isbot } from 'isbot';
import { isIP } from 'node:net';
import { articleIdSchema, siteIdSchema } from '../../shared/ids.ts';
import { ApiError, handleError, handleNotFound, noSniff } from '../../shared/http/api-error.ts';
import type { ClientAddress } from '../../shared/http/client-address.ts';
import { requireOrigin, requireReferer } from '../../shared/http/cors.ts';
import { cachedAdminKeyLookup, siteOfKey } from '../../shared/http/site-key.ts';
import { limitBody, parseJson, pathParam, queryParam, requireSite, validBody } from '../../shared/http/request.ts';
import { eventBatchSchema, eventSchema, type IngestEvent } from '../../shared/ingest/events.ts';
import { eventIngester } from '../../shared/ingest/event-ingester.ts';
import { readArticleViews } from '../../shared/lists/stats-store.ts';
import type { RecordResult, TimedEvent } from '../../shared/ingest/record-events.ts';
import { READER_ADDRESS_HEADER, READER_AGENT_HEADER, type Reader, type VisitorIdentity } from '../../shared/ingest/visitor.ts';
import type { SiteLookup } from '../../shared/sites/site-cache.ts';
import type { Site } from '../../shared/sites/site.ts';
import type { Db } from '../../shared/store/db.ts';
import { directItemsReader, type ItemsReader } from '../../shared/store/item-cache.ts';
import { METRICS } from '../metric-names.ts';
import { MetricUnit } from '../telemetry.ts';

/** Largest accepted request body: 20 events with metadata fit comfortably. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface IngestDeps {
  db: Db;
  sites: SiteLookup;
  clock: () => number;
  /** Who a reader is, decided on the server (shared/ingest/visitor.ts). */
  visitors: VisitorIdentity;
  /** The client address the platform vouches for (shared/http/client-address.ts): Lambda's or the socket's. */
  clientAddress: ClientAddress;
  /** How the view count a beacon's answer carries is read: a BatchGetItem (default) or the Lambda's minute-long cache. */
  readItems?: ItemsReader;
  /** Where the beacons' business numbers go (views counted vs repeats and bots): the Lambda's Powertools metrics. */
  metrics?: Pick<Metrics, 'addMetric'>;
}

/** 1x1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The ingest API (shared/http/contract/ingest-routes.ts): `POST /v1/sites/{site}/events` (beacons) and
 * `GET /v1/sites/{site}/pixel.gif`. Routes check who sends (an allowed Origin, or the site's admin key for a
 * server-side sender), find the visitor on the server, then hand the events to the counting rules
 * (shared/ingest/record-events.ts).
 */
export function createIngestApp(deps: IngestDeps) {
  const ingestEvents = eventIngester(deps.db);
  const readItems = deps.readItems ?? directItemsReader(deps.db);
  const adminKeys = cachedAdminKeyLookup(deps.db, deps.clock);
  const app = new Hono();
  app.use(noSniff);
  app.onError(handleError);
  app.notFound(handleNotFound);

  const pathSite = (c: Context) => requireSite(deps.sites, pathParam(c, 'site', siteIdSchema));
  /** The reader of a browser's request: the address the platform saw, and its User-Agent. */
  const browserReader = async (c: Context): Promise<Reader> => ({ address: await deps.clientAddress(c), userAgent: c.req.header('user-agent') ?? '' });

  /**
   * The site and the reader behind a beacon. A browser must send an Origin the site allows (403 otherwise);
   * the reader is then the platform's client address and the request's User-Agent. A server-side sender (an
   * edge worker, an AMP proxy, `newspulse simulate`) authenticates with the site's admin key instead and may
   * name the reader it forwards, as analytics measurement protocols do.
   */
  const beaconSender = async (c: Context): Promise<{ site: Site; reader: Reader }> => {
    if (c.req.header('authorization') !== undefined) {
      const site = await siteOfKey(c, deps.sites, adminKeys);
      return { site, reader: forwardedReader(c, await deps.clientAddress(c)) };
    }
    const site = await pathSite(c);
    requireOrigin(c, site);
    return { site, reader: await browserReader(c) };
  };

  /**
   * Counts a request's events for the reader (the visitor replaces whatever session the client claimed), and
   * reports the beacons' business numbers: views counted vs repeats, bots and stale engagement.
   */
  const ingest = async (site: Site, events: IngestEvent[], reader: Reader, isBot: boolean): Promise<RecordResult> => {
    const now = deps.clock();
    const { visitor, addressHash } = await deps.visitors(site.site, reader, now);
    const timed: TimedEvent[] = events.map((event) => ({ ...event, sessionId: visitor, ts: now, addressHash }));
    const result = await ingestEvents(site, timed, { isBot, now: new Date(now) });
    deps.metrics?.addMetric(METRICS.eventsAccepted, MetricUnit.Count, result.accepted);
    deps.metrics?.addMetric(METRICS.eventsIgnored, MetricUnit.Count, result.ignored);
    return result;
  };

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.options('/v1/sites/:site/events', async (c) => {
    const site = await pathSite(c);
    requireOrigin(c, site);
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  /**
   * The viewed article's count for the page's view counter, read beside the view's write (never after it):
   * the beacon's answer carries it, so the page needs no /stats request. A failed read only leaves it out.
   */
  const viewCount = (site: Site, events: IngestEvent[], isBot: boolean): Promise<number | undefined> => {
    const view = events.find((event) => event.type === 'view');
    if (!view || isBot) return Promise.resolve(undefined);
    return readArticleViews(readItems, site.site, view.articleId).catch(() => undefined);
  };

  app.post('/v1/sites/:site/events', limitBody(MAX_BODY_BYTES), async (c) => {
    const { site, reader } = await beaconSender(c);
    const events = parseEvents(await c.req.text());
    const isBot = isBotAgent(reader.userAgent);
    const [result, views] = await Promise.all([ingest(site, events, reader, isBot), viewCount(site, events, isBot)]);
    return c.json({ accepted: result.accepted, ignored: result.ignored, ...(views === undefined ? {} : { views }) }, 202);
  });

  app.get('/v1/sites/:site/pixel.gif', async (c) => {
    const site = await pathSite(c);
    requireReferer(c, site);
    const articleId = queryParam(c, 'articleId', articleIdSchema);
    // A pixel carries no session of its own: the visitor is the reader. (`sessionId` in its query is ignored.)
    const reader = await browserReader(c);
    await ingest(site, [{ type: 'view', articleId, sessionId: 'pixel' }], reader, isBotAgent(reader.userAgent));
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

/** No User-Agent, an empty one, or a known crawler's: a bot, accepted and not counted. */
function isBotAgent(userAgent: string): boolean {
  return userAgent.trim() === '' || isbot(userAgent);
}

/** The reader a server-side sender forwards: its address (an IP, 400 otherwise) and User-Agent, or its own. */
function forwardedReader(c: Context, senderAddress: string): Reader {
  const address = c.req.header(READER_ADDRESS_HEADER)?.trim();
  if (address !== undefined && isIP(address) === 0) {
    throw new ApiError(400, 'invalid_request', `${READER_ADDRESS_HEADER} must be an IPv4 or IPv6 address`);
  }
  const userAgent = c.req.header(READER_AGENT_HEADER) ?? c.req.header('user-agent') ?? '';
  if (userAgent.length > 1024) throw new ApiError(400, 'invalid_request', `${READER_AGENT_HEADER} is longer than 1024 characters`);
  return { address: address ?? senderAddress, userAgent };
}
