import { createRoute, z } from '@hono/zod-openapi';
import { articleSchema } from '../../catalog/article.ts';
import { pinBodySchema } from '../../catalog/pin-input.ts';
import { articleParam, errors, siteParam } from './common.ts';

/**
 * The admin API as /v1/openapi.json describes it: functions/admin/app.ts validates with the same schemas.
 * Every route needs the site's admin key as a bearer token.
 */

/**
 * Schemas made before @hono/zod-openapi extended zod have no `.openapi()` (zod 4 copies methods onto each
 * schema when it is made): a shared schema gets its component name on a copy made here (`.omit`, `.extend`),
 * which validates exactly as the original.
 */

/** The article body: the catalog schema without `articleId`, which the path gives (one source of truth). */
export const articleBodySchema = articleSchema.omit({ articleId: true }).openapi('ArticleInput');

const catalogArticleSchema = articleSchema
  .extend({ source: z.enum(['admin', 'feed', 'beacon']), updatedAt: z.string() })
  .openapi('CatalogArticle');

const pinSchema = z
  .object({ articleId: z.string(), until: z.string(), note: z.string().optional(), createdAt: z.string() })
  .openapi('Pin');

const secured = { security: [{ siteAdminKey: [] }] };
const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });
const articlePath = z.object({ site: siteParam, articleId: articleParam });

const putArticleRoute = createRoute({
  ...secured,
  operationId: 'putArticle',
  method: 'put',
  path: '/v1/sites/{site}/articles/{articleId}',
  summary: 'Write an article\'s catalog metadata (the most trusted source: feeds and beacons never overwrite it)',
  request: { params: articlePath, body: jsonBody(articleBodySchema) },
  responses: { 200: { description: 'the article as stored', content: { 'application/json': { schema: catalogArticleSchema } } }, ...errors(400, 401, 403, 404, 413, 503) },
});

const listPinsRoute = createRoute({
  ...secured,
  operationId: 'listPins',
  method: 'get',
  path: '/v1/sites/{site}/pins',
  summary: 'The site\'s editorial pins, expired ones marked',
  request: { params: z.object({ site: siteParam }) },
  responses: {
    200: {
      description: 'the pins',
      content: { 'application/json': { schema: z.object({ site: z.string(), pins: z.array(pinSchema.extend({ expired: z.boolean() })) }) } },
    },
    ...errors(400, 401, 403, 404, 503),
  },
});

const putPinRoute = createRoute({
  ...secured,
  operationId: 'putPin',
  method: 'put',
  path: '/v1/sites/{site}/pins/{articleId}',
  summary: 'Pin a catalog article to the top of Must-Reads until a time (at most 90 days ahead)',
  request: { params: articlePath, body: jsonBody(pinBodySchema.extend({}).openapi('PinInput')) },
  responses: { 200: { description: 'the pin', content: { 'application/json': { schema: pinSchema } } }, ...errors(400, 401, 403, 404, 413, 503) },
});

const deletePinRoute = createRoute({
  ...secured,
  operationId: 'deletePin',
  method: 'delete',
  path: '/v1/sites/{site}/pins/{articleId}',
  summary: 'Unpin an article',
  request: { params: articlePath },
  responses: { 204: { description: 'unpinned' }, ...errors(400, 401, 403, 404, 503) },
});

const series = z.array(z.number().int().min(0));

const hourlyViewsSchema = z
  .object({
    site: z.string(),
    generatedAt: z.string().describe('the rank run that counted them'),
    hours: z.array(z.string()).describe('start of each hour, oldest first; the last is the current hour, partial'),
    total: series.describe('counted views of the whole site per hour'),
    sections: z.array(z.object({ section: z.string(), views: series })),
    articles: z.array(z.object({ articleId: z.string(), title: z.string(), section: z.string().optional(), views: series })).describe('the articles most read in the last 6 hours, with their views per hour'),
  })
  .openapi('HourlyViews');

const hourlyViewsRoute = createRoute({
  ...secured,
  operationId: 'getHourlyViews',
  method: 'get',
  path: '/v1/sites/{site}/dashboard/hourly-views',
  summary: 'Views per hour over the last 48 hours, of the site, its sections and its leading articles (the editors\' dashboard), as of the last rank run',
  request: { params: z.object({ site: siteParam }) },
  responses: {
    200: { description: 'views per hour', content: { 'application/json': { schema: hourlyViewsSchema } } },
    ...errors(400, 401, 403, 404, 503),
  },
});

export const ADMIN_ROUTES = [putArticleRoute, listPinsRoute, putPinRoute, deletePinRoute, hourlyViewsRoute];
