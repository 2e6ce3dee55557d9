import { handle } from 'hono/aws-lambda';
import { createIngestApp } from './app.ts';
import { runtime } from '../runtime.ts';
import { METRICS, SERVICES } from '../metric-names.ts';
import { MetricUnit, observeHttp, telemetry } from '../telemetry.ts';

/** Lambda entry: module scope builds the client, app and telemetry once per container; the adapter does the rest. */
const { db, sites, pixelSessionId } = runtime();
const observed = telemetry(SERVICES.ingest);

export const handler = observeHttp(handle(createIngestApp({ db, sites, pixelSessionId, clock: Date.now })), observed, (result, metrics) => {
  // The business numbers (views counted vs repeats and bots), from the answer the beacon gets: 202 {accepted, ignored}.
  if (result.statusCode !== 202) return;
  const { accepted, ignored } = JSON.parse(result.body) as { accepted: number; ignored: number };
  metrics.addMetric(METRICS.eventsAccepted, MetricUnit.Count, accepted);
  metrics.addMetric(METRICS.eventsIgnored, MetricUnit.Count, ignored);
});
