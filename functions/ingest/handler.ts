import { handle } from 'hono/aws-lambda';
import { lambdaClientAddress } from '../../shared/http/client-address.ts';
import { createIngestApp } from './app.ts';
import { runtime } from '../runtime.ts';
import { SERVICES } from '../metric-names.ts';
import { observeHttp, telemetry } from '../telemetry.ts';

/** Lambda entry: module scope builds the client, app and telemetry once per container; the adapter does the rest. */
const { db, sites, visitors } = runtime();
const observed = telemetry(SERVICES.ingest);
export const handler = observeHttp(handle(createIngestApp({ db, sites, visitors, clientAddress: lambdaClientAddress, clock: Date.now, metrics: observed.metrics })), observed);
