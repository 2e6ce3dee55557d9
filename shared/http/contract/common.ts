import { z } from '@hono/zod-openapi';
import { articleIdSchema, siteIdSchema } from '../../ids.ts';

/**
 * What the three apps' routes share in /v1/openapi.json: the id parameters (the very schemas the server
 * validates with, so their patterns and limits are what it enforces), the error body, and the headers.
 * `.meta()` is zod's own metadata, which the OpenAPI generator reads, so the shared schemas need no wrapper.
 */

export const siteParam = siteIdSchema.meta({ param: { name: 'site', in: 'path' }, example: 'demo' });
export const articleParam = articleIdSchema.meta({ param: { name: 'articleId', in: 'path' }, example: 'a000123' });

const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: errorResponseSchema } };

export const HEADERS = {
  etag: { ETag: { description: 'content version of the answer; send it back as If-None-Match', schema: { type: 'string' as const } } },
  cacheControl: { 'Cache-Control': { description: 'how long browsers and CDNs may keep the answer', schema: { type: 'string' as const } } },
  retryAfter: { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer' as const } } },
};

/** The error answers a route can give, by status. */
const ERRORS = {
  400: { description: 'bad input: the message names the field', content: errorContent },
  401: { description: 'missing or malformed "Authorization: Bearer <site admin key>"', content: errorContent },
  403: { description: 'an origin the site does not allow, or not this site\'s admin key', content: errorContent },
  404: { description: 'unknown site, list or article', content: errorContent },
  413: { description: 'request body too large', content: errorContent },
  503: { description: 'the store is unavailable; retry after Retry-After seconds', headers: HEADERS.retryAfter, content: errorContent },
} as const;

/** The named error answers, for a route's `responses`. */
export function errors<S extends keyof typeof ERRORS>(...statuses: S[]): Pick<typeof ERRORS, S> {
  return Object.fromEntries(statuses.map((status) => [status, ERRORS[status]])) as Pick<typeof ERRORS, S>;
}
