import { Hono } from 'hono';
import { createAdminApp } from '../functions/admin/app.ts';
import { createIngestApp, type IngestDeps } from '../functions/ingest/app.ts';
import { createReadApp } from '../functions/read/app.ts';
import { handleError, handleNotFound, noSniff } from '../shared/http/api-error.ts';
import { createDemoApp } from './demo/demo-app.ts';
import { createSdkApp } from '../web/sdk-app.ts';
import { createDashboardApp } from '../web/dashboard-app.ts';

/**
 * The local server's app: the same Hono apps the Lambda functions run, mounted on one port, plus the SDK
 * scripts (`/sdk/beacon.js`, `/sdk/widgets.js`), the editors' dashboard (`/dashboard/`) and the demo news site
 * (`/demo/`).
 */
export function createLocalApp(deps: IngestDeps) {
  const app = new Hono();
  app.use(noSniff);
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.route('/', createIngestApp(deps));
  app.route('/', createAdminApp(deps));
  app.route('/', createReadApp(deps));
  app.route('/', createSdkApp());
  app.route('/', createDashboardApp());
  app.route('/', createDemoApp({ db: deps.db, clock: deps.clock }));
  return app;
}
