import { OpenAPIHono } from '@hono/zod-openapi';
import { ADMIN_ROUTES } from './admin-routes.ts';
import { INGEST_ROUTES } from './ingest-routes.ts';
import { READ_ROUTES } from './read-routes.ts';

let document: ReturnType<OpenAPIHono['getOpenAPI31Document']> | undefined;

/**
 * /v1/openapi.json: every route of the ingest, read and admin apps, generated from the zod schemas their
 * requests are validated with. Built once per process.
 */
export function openApiDocument() {
  if (document) return document;
  const app = new OpenAPIHono();
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'siteAdminKey', { type: 'http', scheme: 'bearer', description: 'the site\'s admin key, printed once by `newspulse sites add`' });
  for (const route of [...INGEST_ROUTES, ...READ_ROUTES, ...ADMIN_ROUTES]) registry.registerPath(route);
  document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'newspulse API', version: '1.0.0', description: 'Trending lists and related stories for news sites: beacons in, lists out.' },
  });
  return document;
}
