import { createRoute, z } from '@hono/zod-openapi';
import { eventBatchSchema, eventSchema } from '../../ingest/events.ts';
import { articleParam, errors, siteParam } from './common.ts';

/** The ingest API as /v1/openapi.json describes it; functions/ingest/app.ts validates with the same schemas. */

const eventsBody = z.union([eventSchema, eventBatchSchema]).openapi('Events', {
  description: 'one event, or {"events": [...]} with at most 20; sent as text/plain by sendBeacon (no CORS preflight) or as application/json',
});

const acceptedSchema = z
  .object({
    accepted: z.number().int().openapi({ description: 'events counted (views) or recorded (engagement)' }),
    ignored: z.number().int().openapi({ description: 'events accepted and ignored: repeats, bots, stale engagement' }),
    views: z
      .number()
      .int()
      .optional()
      .openapi({ description: "the viewed article's count as of the last rank run (what GET /stats serves as `views`): the page's view counter needs no request of its own. Absent for bots and requests without a view." }),
  })
  .openapi('Accepted');

const postEventsRoute = createRoute({
  operationId: 'postEvents',
  method: 'post',
  path: '/v1/sites/{site}/events',
  summary: 'Record view and engagement beacons',
  description:
    'A browser must send an Origin the site allows (403 `origin_required` / `origin_not_allowed` otherwise, nothing written). ' +
    'The visitor is decided on the server: a daily-keyed hash of the site, the client address API Gateway saw and the User-Agent; ' +
    'the body\'s sessionId decides nothing. A server-side sender (edge worker, AMP proxy) sends the site\'s admin key as a bearer ' +
    'token instead of an Origin and may name the reader it forwards in X-Newspulse-Reader-Address and X-Newspulse-Reader-User-Agent. ' +
    'Bots (a known crawler, no or an empty User-Agent) are accepted and ignored; so are repeats (one counted view per visitor and article per half hour of the clock, :00-:29 and :30-:59 UTC).',
  security: [{}, { siteAdminKey: [] }],
  request: {
    params: z.object({ site: siteParam }),
    headers: z.object({
      'x-newspulse-reader-address': z.string().optional().openapi({ description: 'with the admin key: the reader\'s IP address' }),
      'x-newspulse-reader-user-agent': z.string().max(1024).optional().openapi({ description: 'with the admin key: the reader\'s User-Agent' }),
    }),
    body: { required: true, content: { 'text/plain': { schema: eventsBody }, 'application/json': { schema: eventsBody } } },
  },
  responses: {
    202: { description: 'the events were taken', content: { 'application/json': { schema: acceptedSchema } } },
    ...errors(400, 401, 403, 404, 413, 503),
  },
});

const pixelRoute = createRoute({
  operationId: 'getPixel',
  method: 'get',
  path: '/v1/sites/{site}/pixel.gif',
  summary: 'Count a view from a page without JavaScript (a 1x1 GIF)',
  description: 'The visitor is the server\'s hash of address and User-Agent (no session parameter). A Referer, when sent, must be a page of the site (403 otherwise).',
  request: { params: z.object({ site: siteParam }), query: z.object({ articleId: articleParam.meta({ param: { name: 'articleId', in: 'query' } }) }) },
  responses: {
    200: { description: 'a transparent 1x1 GIF', content: { 'image/gif': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errors(400, 403, 404, 503),
  },
});

const healthRoute = createRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: answers without touching the store',
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } } } },
});

export const INGEST_ROUTES = [postEventsRoute, pixelRoute, healthRoute];
