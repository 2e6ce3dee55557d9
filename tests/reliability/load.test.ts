import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beaconPlan, contractViolations, sendBeacons } from '../support/beacon-load.ts';
import { LOAD_ORIGIN, expectExactCounts, givenLoadSite } from '../support/load-site.ts';
import { serveLocalApp } from '../support/local-server.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Load, the quick edition (issue 7; tests/soak/load.soak.ts sends 20,000): 2,000 beacons at concurrency 50
 * over real HTTP to the local server's app. Every accepted view is stored and counted exactly once: repeats,
 * resends of the same body (client retries) and bots count nothing, even while their twin is in flight.
 */

const SITE = 'loadsite';
const ARTICLES = 40;

let table: TestTable;
let server: Awaited<ReturnType<typeof serveLocalApp>>;

beforeAll(async () => {
  table = await createTestTable();
  await givenLoadSite(table, SITE, ARTICLES);
  server = await serveLocalApp({ endpoint: table.endpoint, tableName: table.tableName });
});
afterAll(async () => {
  await server?.close();
  await table.drop();
});

describe('2,000 beacons at concurrency 50', () => {
  it('counts every accepted view exactly once, and only those', async () => {
    const plan = beaconPlan({ beacons: 2_000, seed: 2026, articles: ARTICLES, repeatShare: 0.12, resendShare: 0.08 });
    const started = Date.now();
    const outcomes = await sendBeacons(plan, { url: server.url, site: SITE, origin: LOAD_ORIGIN, concurrency: 50 });
    const seconds = (Date.now() - started) / 1000;
    expect(contractViolations(outcomes)).toEqual([]);
    const report = await expectExactCounts({ db: table, items: await table.items(), site: SITE, plan, outcomes, readUrl: server.url });
    console.log(`load: ${report.beacons} beacons in ${seconds.toFixed(1)} s (${(report.beacons / seconds).toFixed(0)}/s); views expected ${report.expectedViews}, accepted ${report.acceptedViews}, stored ${report.storedViews}, in stats ${report.statsViews}; ${JSON.stringify(report.byKind)}`);
    expect(report.byKind.repeat.beacons + report.byKind.resend.beacons).toBeGreaterThan(200);
  });
});
