import { handle } from 'hono/aws-lambda';
import { SHARED_CACHE_MS } from '../../shared/http/cache.ts';
import { cachedItemsReader } from '../../shared/store/item-cache.ts';
import { config } from '../../shared/config.ts';
import { edgeClientAddress, lambdaClientAddress } from '../../shared/http/client-address.ts';
import { readOnce, readSecretString } from '../../shared/ingest/visitor-secret.ts';
import { createIngestApp } from './app.ts';
import { runtime } from '../runtime.ts';
import { SERVICES } from '../metric-names.ts';
import { observeHttp, telemetry } from '../telemetry.ts';

/** Lambda entry: module scope builds the client, app and telemetry once per container; the adapter does the rest. */
const settings = config();
const { db, sites, visitors } = runtime(settings);
const observed = telemetry(SERVICES.ingest);

/** With the beacon firewall, the edge key CloudFront adds (read once per container): see edgeClientAddress. */
const edgeKeyArn = settings.EDGE_KEY_SECRET_ARN;
const clientAddress = edgeKeyArn ? edgeClientAddress(readOnce(() => readSecretString(edgeKeyArn, settings.AWS_REGION)), lambdaClientAddress) : lambdaClientAddress;

/** View counts change once per rank run: a warm container reads each article's once a minute, not once a view. */
const readItems = cachedItemsReader(db, Date.now, SHARED_CACHE_MS);
/** Beacons' business numbers (views counted vs ignored) are published once a minute per container, not per beacon. */
export const handler = observeHttp(handle(createIngestApp({ db, sites, visitors, clientAddress, clock: Date.now, readItems, metrics: observed.metrics })), observed, {
  publishEveryMs: settings.METRICS_INTERVAL_SECONDS * 1000,
});
