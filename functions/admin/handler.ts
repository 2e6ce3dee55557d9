import { handle } from 'hono/aws-lambda';
import { createAdminApp } from './app.ts';
import { runtime } from '../runtime.ts';
import { SERVICES } from '../metric-names.ts';
import { observeHttp, telemetry } from '../telemetry.ts';

/** Lambda entry: module scope builds the client, app and telemetry once per container; the adapter does the rest. */
const { db, sites } = runtime();
export const handler = observeHttp(handle(createAdminApp({ db, sites, clock: Date.now })), telemetry(SERVICES.admin));
