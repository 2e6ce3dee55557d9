import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isbot } from 'isbot';
import { ApiError, errorBody, handleError, handleNotFound, validationError } from '../../shared/http/api-error.ts';
import { checkOrigin } from '../../shared/http/cors.ts';
import { eventIngester } from '../../shared/ingest/ingest-events.ts';
import { articleIdSchema, sessionIdSchema, siteIdSchema } from '../../shared/ids.ts';
import { eventBatchSchema, eventSchema, type IngestEvent } from '../../shared/ingest/events.ts';
import type { SiteLookup } from '../../shared/sites/site-cache.ts';
import type { Site } from '../../shared/sites/site.ts';
import type { Db } from '../../shared/store/db.ts';

/** Largest accepted request body: 20 events with metadata fit comfortably. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface IngestDeps {
  db: Db;
  sites: SiteLookup;
  clock: () => number;
  /** Session id for a pixel view that carries none (see shared/ingest/pixel-session.ts). */
  pixelSessionId: (site: string, address: string, userAgent: string, now: number) => Promise<string>;
}

/** 1x1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The ingest API: `POST /v1/sites/{site}/events` (beacons) and `GET /v1/sites/{site}/pixel.gif`.
 * Routes parse and check the request, then hand the events to recordEvents (the counting rules).
 */
export function createIngestApp(deps: IngestDeps) {
  const ingest = eventIngester(deps.db);
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.options('/v1/sites/:site/events', async (c) => {
    const site = await knownSite(deps, c.req.param('site'));
    checkOrigin(c, site);
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  app.post(
    '/v1/sites/:site/events',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(errorBody(new ApiError(413, 'payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`)), 413),
    }),
    async (c) => {
      const site = await knownSite(deps, c.req.param('site'));
      checkOrigin(c, site);
      const events = parseEvents(await c.req.text());
      const now = deps.clock();
      const result = await ingest(
        site,
        events.map((event) => ({ ...event, ts: now })),
        { isBot: isbot(c.req.header('user-agent') ?? ''), now: new Date(now) },
      );
      return c.json({ accepted: result.accepted, ignored: result.ignored }, 202);
    },
  );

  app.get('/v1/sites/:site/pixel.gif', async (c) => {
    const site = await knownSite(deps, c.req.param('site'));
    checkOrigin(c, site);
    const articleId = articleIdSchema.safeParse(c.req.query('articleId'));
    if (!articleId.success) throw prefixed(validationError(articleId.error, 'query'), 'articleId');
    const userAgent = c.req.header('user-agent') ?? '';
    const now = deps.clock();
    const given = c.req.query('sessionId');
    let sessionId: string;
    if (given !== undefined) {
      const parsed = sessionIdSchema.safeParse(given);
      if (!parsed.success) throw prefixed(validationError(parsed.error, 'query'), 'sessionId');
      sessionId = parsed.data;
    } else {
      sessionId = await deps.pixelSessionId(site.site, clientAddress(c), userAgent, now);
    }
    await ingest(site, [{ type: 'view', articleId: articleId.data, sessionId, ts: now }], { isBot: isbot(userAgent), now: new Date(now) });
    return c.body(PIXEL, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' });
  });

  return app;
}

async function knownSite(deps: IngestDeps, id: string): Promise<Site> {
  const parsed = siteIdSchema.safeParse(id);
  if (!parsed.success) throw prefixed(validationError(parsed.error, 'path'), 'site');
  const site = await deps.sites(parsed.data);
  if (!site) throw new ApiError(404, 'unknown_site', `no site "${parsed.data}"`);
  return site;
}

/** Parses a beacon body (JSON sent as text/plain or application/json): one event or `{"events": [...]}`. */
export function parseEvents(text: string): IngestEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body is not valid JSON');
  }
  const isBatch = typeof json === 'object' && json !== null && !Array.isArray(json) && 'events' in json;
  if (isBatch) {
    const batch = eventBatchSchema.safeParse(json);
    if (!batch.success) throw validationError(batch.error);
    return batch.data.events;
  }
  const single = eventSchema.safeParse(json);
  if (!single.success) throw validationError(single.error);
  return [single.data];
}

/** Names a query or path parameter in a validation error whose zod path is empty. */
function prefixed(error: ApiError, field: string): ApiError {
  const issues = error.issues.map((issue) => ({ ...issue, path: issue.path ? `${field}.${issue.path}` : field }));
  const first = issues[0];
  return new ApiError(400, error.code, `invalid ${field}: ${first?.message ?? 'bad value'}`, issues);
}

/** The visitor's address as the front (API Gateway, CloudFront, a proxy) reports it; used only to hash. */
function clientAddress(c: Context): string {
  return c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? '';
}
