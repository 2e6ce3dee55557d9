import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { isStoreUnavailable } from '../store/store-errors.ts';

/** One problem with a request, as the error body's `issues` lists it. */
interface ApiIssue {
  path: string;
  message: string;
}

/** An error a client caused or should know about; rendered as `{"error": {code, message, issues}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Seconds a client should wait before retrying after the store was unavailable. */
const RETRY_AFTER_SECONDS = 5;

/** Turns zod issues into `path: message` pairs and a message that names the first bad field. */
export function validationError(error: z.ZodError, where = 'body'): ApiError {
  const issues = error.issues.slice(0, 10).map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const first = issues[0];
  const message = first ? `invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `invalid ${where}`;
  return new ApiError(400, 'invalid_request', message, issues);
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function errorBody(error: ApiError) {
  return { error: { code: error.code, message: error.message, issues: error.issues } };
}

/**
 * The apps' `onError`: client errors as they are, an unavailable store as 503 with Retry-After, anything
 * else as a 500 without details (logged, never a stack trace in the response).
 */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(errorBody(error), error.status);
  }
  if (isStoreUnavailable(error)) {

    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return c.json(errorBody(new ApiError(503, 'store_unavailable', 'the store is unavailable, retry later')), 503);
  }
  console.error(JSON.stringify({ level: 'error', message: 'unhandled error', path: c.req.path, error: String(error), stack: error.stack }));
  return c.json(errorBody(new ApiError(500, 'internal', 'internal error')), 500);
}

/** The apps' `notFound`. */
export function handleNotFound(c: Context): Response {
  return c.json(errorBody(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`)), 404);
}

/**
 * Every answer of the APIs says what it is and nothing else: `nosniff` keeps a browser from reading a JSON
 * error (which may echo a client's input) as HTML or script.
 */
export const noSniff: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
};
