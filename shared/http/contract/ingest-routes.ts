import { createRoute, z } from '@hono/zod-openapi';
import { eventBatchSchema, eventSchema } from '../../ingest/events.ts';
import { articleParam, errors, sessionIdQuery, siteParam } from './common.ts';

/** The ingest API as /v1/openapi.json describes it; functions/ingest/app.ts validates with the same schemas. */

const eventsBody = z.union([eventSchema, eventBatchSchema]).openapi('Events', {
  description: 'one event, or {"events": [...]} with at most 20; sent as text/plain by sendBeacon (no CORS preflight) or as application/json',
});

const acceptedSchema = z
  .object({
    accepted: z.number().int().openapi({ description: 'events counted (views) or recorded (engagement)' }),
    ignored: z.number().int().openapi({ description: 'events accepted and ignored: repeats, bots, stale engagement' }),
  })
  .openapi('Accepted');

const postEventsRoute = createRoute({
  operationId: 'postEvents',
  method: 'post',
  path: '/v1/sites/{site}/events',
  summary: 'Record view and engagement beacons',
  description: 'Requests from an Origin the site does not allow get 403 and write nothing. Bots are accepted and ignored.',
  request: {
    params: z.object({ site: siteParam }),
    body: { required: true, content: { 'text/plain': { schema: eventsBody }, 'application/json': { schema: eventsBody } } },
  },
  responses: {
    202: { description: 'the events were taken', content: { 'application/json': { schema: acceptedSchema } } },
    ...errors(400, 403, 404, 413, 503),
  },
});

const pixelRoute = createRoute({
  operationId: 'getPixel',
  method: 'get',
  path: '/v1/sites/{site}/pixel.gif',
  summary: 'Count a view from a page without JavaScript (a 1x1 GIF)',
  request: { params: z.object({ site: siteParam }), query: z.object({ articleId: articleParam.meta({ param: { name: 'articleId', in: 'query' } }), sessionId: sessionIdQuery }) },
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
