import { createRoute, z } from '@hono/zod-openapi';
import { articleIdSchema } from '../../ids.ts';
import { LIST_NAMES } from '../../lists/list-item.ts';
import { HEADERS, articleParam, errors, siteParam } from './common.ts';

/**
 * The read API as /v1/openapi.json describes it: functions/read/app.ts serves these routes, and their schemas
 * validate its requests.
 */

/** Validated as any short name so that an unknown list is a 404 (the documented answer), not a 400. */
const listParam = z
  .string()
  .max(32)
  .meta({ param: { name: 'list', in: 'path' }, enum: [...LIST_NAMES], example: 'popular-now', description: LIST_NAMES.join(', ') });

const limitQuery = z.coerce.number().int().min(1).max(50).default(10).meta({ param: { name: 'limit', in: 'query' }, example: 10 });
/** Extra items per block for a browser to drop its reader's read articles from (compose-widgets.ts). */
const spareQuery = z.coerce
  .number()
  .int()
  .min(0)
  .max(20)
  .default(0)
  .meta({ param: { name: 'spare', in: 'query', description: "items per block after `limit`, not reserved from the later blocks: the browser drops what its reader already read and keeps each article once (widgets.js)" }, example: 10 });

const sectionQuery = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(64)
  .regex(/^[^_]/, 'must not start with _')
  .optional()
  .meta({ param: { name: 'section', in: 'query' }, example: 'world' });

/** Comma-separated article ids (`exclude`, `read`): at most MAX_LISTED_IDS, each a valid id. */
const MAX_LISTED_IDS = 50;
const idListQuery = (name: string, description: string) =>
  z
    .string()
    .max(MAX_LISTED_IDS * 129)
    .optional()
    .transform((value, ctx) => {
      const ids = value ? value.split(',').filter(Boolean) : [];
      if (ids.length > MAX_LISTED_IDS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_LISTED_IDS} ids` });
      for (const id of ids) {
        if (!articleIdSchema.safeParse(id).success) ctx.addIssue({ code: 'custom', message: `not an article id: ${id.slice(0, 40)}` });
      }
      return ids;
    })
    .meta({ param: { name, in: 'query' }, type: 'string', maxLength: MAX_LISTED_IDS * 129, description: `${description}: at most ${MAX_LISTED_IDS} article ids, comma-separated`, example: 'a000001,a000002' });

const listItemSchema = z
  .object({
    articleId: z.string(),
    title: z.string(),
    url: z.string(),
    section: z.string().optional(),
    image: z.string().optional(),
    publishedAt: z.string(),
    score: z.number(),
    parts: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).openapi({ description: 'the parts of the score, so a list can be explained' }),
  })
  .openapi('ListItem');

const listResponseSchema = z
  .object({
    site: z.string(),
    list: z.string(),
    section: z.string().nullable(),
    generatedAt: z.string().nullable().openapi({ description: 'when the rank job computed this list; null before its first run' }),
    items: z.array(listItemSchema),
  })
  .openapi('List');

const relatedResponseSchema = z
  .object({ site: z.string(), articleId: z.string(), generatedAt: z.string().nullable(), items: z.array(listItemSchema) })
  .openapi('Related');

const widgetsResponseSchema = z
  .object({
    site: z.string(),
    articleId: z.string().nullable(),
    section: z.string().nullable(),
    weeklyBest: z.array(listItemSchema),
    popularNow: z.array(listItemSchema),
    mustReads: z.array(listItemSchema),
    latest: z.array(listItemSchema),
    related: z.array(listItemSchema),
  })
  .openapi('Widgets');

const statsResponseSchema = z
  .object({
    site: z.string(),
    articleId: z.string(),
    views: z.number().int().openapi({ description: 'counted views since tracking began (as of the last rank run)' }),
    views7d: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .openapi('ArticleStats');

/** A cacheable answer: 200 with its schema and cache headers, or 304 when If-None-Match names its ETag. */
const cacheable = (schema: z.ZodType, description: string) => ({
  200: { description, headers: { ...HEADERS.etag, ...HEADERS.cacheControl }, content: { 'application/json': { schema } } },
  304: { description: 'not modified (If-None-Match)', headers: { ...HEADERS.etag, ...HEADERS.cacheControl } },
  ...errors(400, 404, 503),
});

export const listRoute = createRoute({
  operationId: 'getList',
  method: 'get',
  path: '/v1/sites/{site}/lists/{list}',
  summary: 'A precomputed list (Popular Now, Weekly Best, Must-Reads, Latest), site-wide or for a section',
  request: {
    params: z.object({ site: siteParam, list: listParam }),
    query: z.object({ section: sectionQuery, limit: limitQuery, exclude: idListQuery('exclude', 'articles to leave out') }),
  },
  responses: cacheable(listResponseSchema, 'the list'),
});

export const relatedRoute = createRoute({
  operationId: 'getRelated',
  method: 'get',
  path: '/v1/sites/{site}/articles/{articleId}/related',
  summary: 'You May Also Like: related stories of an article',
  description:
    'The list the rank job computed; when there is none yet (an article published since the last run), composed at read time from the same section\'s latest stories, then what is popular now and fresh, then the week\'s best. Those items carry `parts.fallback` (section-latest, popular-now, latest or weekly-best). Never empty while the site has other articles.',
  request: { params: z.object({ site: siteParam, articleId: articleParam }), query: z.object({ limit: limitQuery }) },
  responses: cacheable(relatedResponseSchema, 'related stories'),
});

export const widgetsRoute = createRoute({
  operationId: 'getWidgets',
  method: 'get',
  path: '/v1/sites/{site}/widgets',
  summary: 'Every block of an article page in one request: no article twice, never the current one, none already read',
  request: {
    params: z.object({ site: siteParam }),
    query: z.object({
      articleId: articleParam.optional().meta({ param: { name: 'articleId', in: 'query' } }),
      section: sectionQuery,
      limit: limitQuery,
      spare: spareQuery,
      read: idListQuery('read', 'articles the visitor already read (kept by the browser); varies per reader, so behind the CDN it is not part of the cache key and not forwarded: widgets.js sends `spare` and drops read articles itself'),
    }),
  },
  responses: cacheable(widgetsResponseSchema, 'the blocks'),
});

export const statsRoute = createRoute({
  operationId: 'getArticleStats',
  method: 'get',
  path: '/v1/sites/{site}/articles/{articleId}/stats',
  summary: 'View counts of an article',
  request: { params: z.object({ site: siteParam, articleId: articleParam }) },
  responses: cacheable(statsResponseSchema, 'view counts'),
});

export const READ_ROUTES = [listRoute, relatedRoute, widgetsRoute, statsRoute];
