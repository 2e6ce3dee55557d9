import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/store/dynamo-client.ts';
import { ensureTable } from '../../shared/store/ensure-table.ts';
import type { Db } from '../../shared/store/db.ts';
import { beaconPlan } from '../support/beacon-load.ts';
import { LOAD_ORIGIN, givenLoadSite } from '../support/load-site.ts';
import { serveLocalApp, type RunningServer } from '../support/local-server.ts';
import { expectOutageContract, runOutageScenario } from '../support/outage-scenario.ts';
import { startRestartableDynamo, type RestartableDynamo } from '../support/restartable-dynamo.ts';
import { scanAll } from '../support/test-table.ts';

/**
 * Faults, the quick edition (issue 7; tests/soak/store-outage.soak.ts runs longer): DynamoDB Local is stopped in
 * the middle of a beacon load, once politely (SIGTERM) and once as a crash (SIGKILL), and started again on the
 * same port. Ingest answers 503 with Retry-After meanwhile (never a 500, never a stack trace), the read API too,
 * and both recover without restarting the server; every view a 2xx accepted is stored, none twice.
 */

const SITE = 'outage';
const TABLE = 'newspulse-outage';

/**
 * 1,000 beacons over HTTP, a DynamoDB Local of the test's own started twice, and a scan: some 15 s on an idle
 * 2-core machine, 35-55 s while other work keeps both cores busy (the 60 s default timed out there).
 */
const TIMEOUT_MS = 300_000;

let dynamo: RestartableDynamo;
let db: Db;
let server: RunningServer;

beforeAll(async () => {
  dynamo = await startRestartableDynamo();
  db = { client: createDocumentClient({ endpoint: dynamo.endpoint, region: 'us-east-1' }), tableName: TABLE };
  await ensureTable(db.client, TABLE);
  await givenLoadSite(db, SITE, 20);
  server = await serveLocalApp({ endpoint: dynamo.endpoint, tableName: TABLE });
}, TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
  db?.client.destroy();
  await dynamo?.dispose();
});


describe('DynamoDB Local stopped in the middle of a load', () => {
  it('answers 503 with Retry-After meanwhile, recovers, and loses no accepted view', { timeout: TIMEOUT_MS }, async () => {
    const plan = beaconPlan({ beacons: 1_000, seed: 503, articles: 20, botShare: 0.03, engageShare: 0.05 });
    const result = await runOutageScenario({
      url: server.url,
      site: SITE,
      origin: LOAD_ORIGIN,
      plan,
      concurrency: 40,
      dynamo,
      // One stop here (a JVM restart is seconds); the soak stops it with SIGTERM and SIGKILL, several times.
      outages: [{ afterBeacons: 400, signal: 'SIGKILL', downMs: 1_500 }],
      readPaths: [`/v1/sites/${SITE}/lists/popular-now`, `/v1/sites/${SITE}/widgets?articleId=load-0001`, `/v1/sites/${SITE}/articles/load-0001/stats`],
      items: () => scanAll(db.client, TABLE),
    });
    console.log(
      `outage: ${result.answers} answers, ${result.answers503} were 503; views expected ${result.expectedViews}, accepted ${result.acceptedViews}, stored ${result.storedViews}; ` +
        `lost ${result.lostAfter503.length + result.lostWithout503.length}; ` +
        result.outages
          .map((o) => `${o.signal}: ${o.answers503} 503s (slowest ${o.slowest503Ms} ms), store back ${((o.restartedAt - o.stoppedAt) / 1000).toFixed(1)} s after the stop, first 202 ${o.firstAcceptedAfterRestart === undefined ? 'never' : `${o.firstAcceptedAfterRestart - o.restartedAt} ms`} after that`)
          .join('; '),
    );
    expectOutageContract(result);
    expect(result.outages).toHaveLength(1);
  });
});
