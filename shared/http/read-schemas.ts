import { z } from '@hono/zod-openapi';
import { articleIdSchema, siteIdSchema } from '../ids.ts';

/**
 * The read API's request and response schemas: they validate requests, type the handlers and generate
 * /v1/openapi.json, so the documentation cannot drift from the code.
 */

// Wrapped in a pipe made here: zod 4 gives `.openapi()` only to schemas created after @hono/zod-openapi
// extended zod, and the shared id schemas may have been created before (import order).
export const siteParam = z.string().pipe(siteIdSchema).openapi({ param: { name: 'site', in: 'path' }, example: 'demo' });
export const articleParam = z.string().pipe(articleIdSchema).openapi({ param: { name: 'articleId', in: 'path' }, example: 'a000123' });
export const listParam = z.string().max(32).openapi({ param: { name: 'list', in: 'path' }, example: 'popular-now', description: 'popular-now, weekly-best, must-reads or latest' });

export const limitQuery = z.coerce.number().int().min(1).max(50).default(10).openapi({ param: { name: 'limit', in: 'query' }, example: 10 });
export const sectionQuery = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(64)
  .regex(/^[^_]/, 'must not start with _')
  .optional()
  .openapi({ param: { name: 'section', in: 'query' }, example: 'world' });

/** Comma-separated article ids (`exclude`, `read`): at most 50, each a valid id. */
export const idListQuery = (name: string, description: string) =>
  z
    .string()
    .max(50 * 129)
    .optional()
    .transform((value, ctx) => {
      const ids = value ? value.split(',').filter(Boolean) : [];
      if (ids.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 ids' });
      for (const id of ids) {
        if (!articleIdSchema.safeParse(id).success) ctx.addIssue({ code: 'custom', message: `not an article id: ${id.slice(0, 40)}` });
      }
      return ids;
    })
    .openapi({ param: { name, in: 'query' }, type: 'string', description, example: 'a000001,a000002' });

export const listItemSchema = z
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

export const listResponseSchema = z
  .object({
    site: z.string(),
    list: z.string(),
    section: z.string().nullable(),
    generatedAt: z.string().nullable().openapi({ description: 'when the rank job computed this list; null before its first run' }),
    items: z.array(listItemSchema),
  })
  .openapi('List');

export const relatedResponseSchema = z
  .object({ site: z.string(), articleId: z.string(), generatedAt: z.string().nullable(), items: z.array(listItemSchema) })
  .openapi('Related');

export const widgetsResponseSchema = z
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

export const statsResponseSchema = z
  .object({
    site: z.string(),
    articleId: z.string(),
    views: z.number().int().openapi({ description: 'counted views since tracking began (as of the last rank run)' }),
    views7d: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .openapi('ArticleStats');

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');
