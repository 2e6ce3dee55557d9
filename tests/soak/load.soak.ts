import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beaconPlan, contractViolations, sendBeacons } from '../support/beacon-load.ts';
import { LOAD_ORIGIN, expectExactCounts, givenLoadSite } from '../support/load-site.ts';
import { spawnLocalServer, type RunningServer } from '../support/local-server.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Load (issue 7, `npm run soak`): 20,000 beacons at concurrency 100 over real HTTP to the local server, started
 * as `npm start` starts it (local/start.ts in its own process). Counted views equal accepted views exactly: in the
 * trails, in the stats the read API serves after a rank run, in Weekly Best; repeats, client resends of the
 * same body and bots count nothing, none is lost and none doubled.
 */

const SITE = 'soakload';
const ARTICLES = 120;

let table: TestTable;
let server: RunningServer;

beforeAll(async () => {
  table = await createTestTable();
  await givenLoadSite(table, SITE, ARTICLES);
  server = await spawnLocalServer({ endpoint: table.endpoint, tableName: table.tableName });
});
afterAll(async () => {
  await server?.close();
  await table?.drop();
});

describe('20,000 beacons at concurrency 100 against the local server', () => {
  it('counts every accepted view exactly once, and only those', async () => {
    const plan = beaconPlan({ beacons: 20_000, seed: 20_000, articles: ARTICLES });
    const started = Date.now();
    let lastReport = started;
    const outcomes = await sendBeacons(plan, {
      url: server.url,
      site: SITE,
      origin: LOAD_ORIGIN,
      concurrency: 100,
      onAttempt: (_attempt, done) => {
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          console.log(`load: ${done} of ${plan.length} beacons after ${((lastReport - started) / 1000).toFixed(0)} s`);
        }
      },
    });
    const seconds = (Date.now() - started) / 1000;
    expect(contractViolations(outcomes).slice(0, 10), server.output().slice(-2000)).toEqual([]);
    const report = await expectExactCounts({ db: table, items: await table.items(), site: SITE, plan, outcomes, readUrl: server.url });
    const latencies = outcomes.map((o) => o.attempts[0]!.ms).sort((a, b) => a - b);
    console.log(
      `load: ${report.beacons} beacons in ${seconds.toFixed(1)} s (${(report.beacons / seconds).toFixed(0)}/s, median ${latencies[latencies.length >> 1]} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]} ms); ` +
        `views expected ${report.expectedViews}, accepted ${report.acceptedViews}, stored ${report.storedViews}, in stats ${report.statsViews}; ${JSON.stringify(report.byKind)}`,
    );
  });
});
