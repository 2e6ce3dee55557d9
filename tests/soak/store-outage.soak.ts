import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { createDocumentClient } from '../../shared/store/dynamo-client.ts';
import type { Db } from '../../shared/store/db.ts';
import { ensureTable } from '../../shared/store/ensure-table.ts';
import { beaconPlan, entries } from '../support/beacon-load.ts';
import { LOAD_ORIGIN, givenLoadSite } from '../support/load-site.ts';
import { spawnLocalServer, type RunningServer } from '../support/local-server.ts';
import { expectOutageContract, runOutageScenario } from '../support/outage-scenario.ts';
import { startRestartableDynamo, type RestartableDynamo } from '../support/restartable-dynamo.ts';
import { scanAll } from '../support/test-table.ts';

/**
 * Faults under load (issue 7, `npm run soak`): the local server (local/start.ts, its own process) takes 8,000
 * beacons at concurrency 100 while its DynamoDB Local is stopped and started again three times (SIGTERM,
 * SIGKILL, SIGTERM), each time for several seconds. Every answer is a 202 or a 503 with Retry-After, reads
 * answer 503 too, ingest recovers each time without a server restart, no view is lost or doubled, and a rank
 * run afterwards serves exactly the stored counts.
 */

const SITE = 'soakoutage';
const TABLE = 'newspulse-soak-outage';
const ARTICLES = 40;

let dynamo: RestartableDynamo;
let db: Db;
let server: RunningServer;

beforeAll(async () => {
  dynamo = await startRestartableDynamo();
  db = { client: createDocumentClient({ endpoint: dynamo.endpoint, region: 'us-east-1' }), tableName: TABLE };
  await ensureTable(db.client, TABLE);
  await givenLoadSite(db, SITE, ARTICLES);
  server = await spawnLocalServer({ endpoint: dynamo.endpoint, tableName: TABLE });
});
afterAll(async () => {
  await server?.close();
  db?.client.destroy();
  await dynamo?.dispose();
});


describe('DynamoDB Local stopped three times during 8,000 beacons', () => {
  it('answers 503 with Retry-After meanwhile, recovers each time, and loses or doubles no view', async () => {
    const plan = beaconPlan({ beacons: 8_000, seed: 8_503, articles: ARTICLES });
    const result = await runOutageScenario({
      url: server.url,
      site: SITE,
      origin: LOAD_ORIGIN,
      plan,
      concurrency: 100,
      dynamo,
      outages: [
        { afterBeacons: 1_000, signal: 'SIGTERM', downMs: 5_000 },
        { afterBeacons: 3_500, signal: 'SIGKILL', downMs: 5_000 },
        { afterBeacons: 6_000, signal: 'SIGTERM', downMs: 3_000 },
      ],
      readPaths: [`/v1/sites/${SITE}/lists/popular-now`, `/v1/sites/${SITE}/widgets?articleId=load-0001`, `/v1/sites/${SITE}/articles/load-0001/stats`, `/v1/sites/${SITE}/articles/load-0001/related`],
      items: () => scanAll(db.client, TABLE),
    });
    console.log(
      `soak outage: ${result.answers} answers, ${result.answers503} were 503; views expected ${result.expectedViews}, accepted ${result.acceptedViews}, stored ${result.storedViews}; lost ${result.lostAfter503.length + result.lostWithout503.length}; ` +
        result.outages
          .map((o) => `${o.signal}: ${o.answers503} 503s (slowest ${o.slowest503Ms} ms), store back ${((o.restartedAt - o.stoppedAt) / 1000).toFixed(1)} s after the stop, first 202 ${o.firstAcceptedAfterRestart === undefined ? 'never' : `${o.firstAcceptedAfterRestart - o.restartedAt} ms`} after that`)
          .join('; '),
    );
    expectOutageContract(result);
    expect(result.storedViews).toBe(result.expectedViews);

    // The counts a rank run serves are the stored ones.
    await rankSite(db, (await getSite(db, SITE))!, Date.now());
    const served = new Map<string, number>();
    for (const [articleId] of result.storedPerArticle) {
      const body = (await (await fetch(`${server.url}/v1/sites/${SITE}/articles/${articleId}/stats`)).json()) as { views: number };
      served.set(articleId, body.views);
    }
    expect(entries(served)).toEqual(entries(result.storedPerArticle));
  });
});
