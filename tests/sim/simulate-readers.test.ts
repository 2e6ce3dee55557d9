import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { readHourTrail } from '../../shared/window/trail-reader.ts';
import { hourKey } from '../../shared/time.ts';
import { simulateReaders } from '../../sim/simulate-readers.ts';
import { syntheticCatalog } from '../../sim/synthetic-traffic.ts';
import { givenSite, ingestApp } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

let table: TestTable;
let server: ReturnType<typeof serve>;
let api: string;
let adminKey: string;
const START = Date.parse('2026-11-28T10:00:00Z');
const catalog = syntheticCatalog({ seed: 3, start: START, end: START + 60_000, articles: 40, sessions: 0 });

beforeAll(async () => {
  table = await createTestTable();
  ({ adminKey } = await givenSite(table, { site: 'daily' }));
  for (const article of catalog) await upsertArticle(table, 'daily', article, 'admin', new Date(START));
  let now = START;
  // The server's clock follows the simulator's, so events land in the hour they were generated for.
  server = serve({ fetch: ingestApp(table, () => now).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((done) => server.once('listening', done));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  clock.now = () => now;
  clock.advance = (ms) => void (now += ms);
});
afterAll(async () => {
  server.close();
  await table.drop();
});

const clock = { now: () => START, advance: (_ms: number) => {} };

describe('newspulse simulate', () => {
  it('sends synthetic readers of the catalog through the HTTP API as beacons', async () => {
    const summary = await simulateReaders({
      api, site: 'daily', adminKey, catalog, minutes: 2, rate: 5, seed: 9,
      clock: () => clock.now(),
      sleep: async (ms) => clock.advance(ms),
    });
    expect(summary.failed).toBe(0);
    expect(summary.sent).toBeGreaterThan(500); // about 5 events a second for 2 minutes
    expect(summary.accepted).toBeGreaterThan(summary.sent / 2);
    expect(summary.ignored).toBeGreaterThan(0); // bots and refreshers
    const trail = await readHourTrail(table, 'daily', hourKey(START), START + 3_600_000);
    const ids = new Set(catalog.map((a) => a.articleId));
    expect(trail.views.length + trail.engagements.length).toBe(summary.accepted);
    expect(trail.views.every((v) => ids.has(v.articleId))).toBe(true);
    // Each synthetic session a reader of its own (its own address), not this machine's one visitor.
    expect(new Set(trail.views.map((v) => v.sessionId)).size).toBeGreaterThan(50);
  });
});
