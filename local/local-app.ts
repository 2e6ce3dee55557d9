import { Hono } from 'hono';
import { createAdminApp } from '../functions/admin/app.ts';
import { createIngestApp, type IngestDeps } from '../functions/ingest/app.ts';
import { createReadApp } from '../functions/read/app.ts';
import { handleError, handleNotFound } from '../shared/http/api-error.ts';

/**
 * The local server's app: the same Hono apps the Lambda functions run, mounted on one port.
 * (The read API, the SDK scripts and the demo site join here as they are built.)
 */
export function createLocalApp(deps: IngestDeps) {
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.route('/', createIngestApp(deps));
  app.route('/', createAdminApp(deps));
  app.route('/', createReadApp(deps));
  return app;
}
