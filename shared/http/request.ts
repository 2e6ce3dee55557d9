import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { SiteLookup } from '../sites/site-cache.ts';
import type { Site } from '../sites/site.ts';
import { ApiError, errorBody, validationError } from './api-error.ts';

/**
 * The request checks every app shares (ingest, read, admin), so a bad parameter, an unknown site or a large
 * body gets the same answer from each.
 */

/** A path parameter, validated: 400 naming the parameter. */
export function pathParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  return valid(c.req.param(name), name, schema);
}

/** A query parameter, validated: 400 naming the parameter. */
export function queryParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  return valid(c.req.query(name), name, schema);
}

function valid<S extends z.ZodType>(value: unknown, name: string, schema: S): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 10).map((issue) => ({ path: [name, ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new ApiError(400, 'invalid_request', `invalid ${name}: ${issues[0]?.message ?? 'bad value'}`, issues);
}

/** A JSON body (sent as any content type: beacons use text/plain), validated: 400 `invalid_json` or naming the first bad field. */
export function parseJsonBody<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  return validBody(parseJson(text), schema);
}

/** A body's JSON: 400 `invalid_json` when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body is not valid JSON');
  }
}

/** A parsed body, validated: 400 naming the first bad field. */
export function validBody<S extends z.ZodType>(json: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** The registered site of this id: 404 `unknown_site` otherwise. */
export async function requireSite(sites: SiteLookup, id: string): Promise<Site> {
  const site = await sites(id);
  if (!site) throw new ApiError(404, 'unknown_site', `no site "${id}"`);
  return site;
}

/** Refuses bodies over `maxBytes` with 413, whatever Content-Length claims (hono's bodyLimit counts the stream). */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json(errorBody(new ApiError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`)), 413),
  });
}
