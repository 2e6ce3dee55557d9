import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../shared/catalog/catalog-store.ts';
import { importLine, sortedEvents, syntheticCatalog, type TrafficOptions } from '../../sim/synthetic-traffic.ts';
import { runCli } from '../support/run-cli.ts';
import { givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * Synthetic traffic with a known co-read structure (sim/: a session's next article comes from the section of
 * the one just read 60% of the time), replayed by `newspulse evaluate` through the real import and rank code.
 */
const START = Date.parse('2026-11-20T00:00:00Z');
const traffic: TrafficOptions = { seed: 5, start: START, end: START + 2 * 86_400_000, articles: 80, sessions: 2500, sections: ['world', 'sport', 'tech', 'culture'] };

let table: TestTable;
const dir = mkdtempSync(join(tmpdir(), 'newspulse-evaluate-'));
const events = join(dir, 'history.ndjson');
const catalog = join(dir, 'catalog.ndjson');

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'herald' });
  writeFileSync(catalog, syntheticCatalog(traffic).map((a) => JSON.stringify(a)).join('\n'));
  writeFileSync(events, sortedEvents(traffic).map(importLine).join('\n'));
});
afterAll(() => table.drop());

interface Report {
  steps: number;
  related: Record<'newspulse' | 'coVisitation' | 'mostRead', { requests: number; hitRate: number; mrr: number }>;
  popularNow: Record<'newspulse' | 'mostRead', { requests: number; hitRate: number; mrr: number }>;
}

describe('newspulse evaluate', () => {
  it('scores the lists on a history against the baselines, in a scratch table, leaving the site untouched', async () => {
    const tablesBefore = (await table.client.send(new ListTablesCommand({}))).TableNames ?? [];
    const result = await runCli(table, 'evaluate', '--site', 'herald', '--catalog', catalog, '--every', '3h', '--json', events);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as Report;
    expect(report.steps).toBe(8); // the second day, every 3 hours
    expect(report.related.newspulse.requests).toBeGreaterThan(200);
    expect(report.related.newspulse.requests).toBe(report.related.mostRead.requests);
    // Related stories use the co-reads: they beat the most-read list for "what did this reader read next".
    expect(report.related.newspulse.hitRate).toBeGreaterThan(report.related.mostRead.hitRate);
    expect(report.related.newspulse.mrr).toBeGreaterThan(report.related.mostRead.mrr);
    expect(report.popularNow.newspulse.requests).toBeGreaterThan(500);
    expect(report.popularNow.newspulse.hitRate).toBeGreaterThan(0);

    // The scratch table is gone, the site's own catalog untouched.
    expect((await table.client.send(new ListTablesCommand({}))).TableNames).toEqual(tablesBefore);
    expect((await readCatalog(table, 'herald')).articles).toEqual([]);
  });

  it('prints a table, and refuses what it cannot evaluate with one line', async () => {
    const text = await runCli(table, 'evaluate', '--site', 'herald', '--catalog', catalog, '--every', '6h', events);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/hit@10 +MRR@10 +requests/);
    const hit = Number(/related: newspulse +(0\.\d{3})/.exec(text.out)?.[1]);
    // Settings laid over the site's for this evaluation only: related without co-reads does worse here.
    const contentOnly = await runCli(table, 'evaluate', '--site', 'herald', '--catalog', catalog, '--every', '6h', '--json', '--set', 'related.coReadWeight=0', events);
    expect(contentOnly.code).toBe(0);
    expect((JSON.parse(contentOnly.out) as Report).related.newspulse.hitRate).toBeLessThan(hit);
    for (const [args, message] of [
      [['--every', '1s'], /--every wants a duration/],
      [['--from', '2026-11-23T00:00:00Z'], /nothing to evaluate/],
      [['--site', 'nobody'], /no site "nobody"/],
      [['--aws'], /not --aws/],
    ] as const) {
      const refused = await runCli(table, 'evaluate', '--site', 'herald', '--catalog', catalog, ...args, events);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.err).toMatch(message);
    }
  });
});
