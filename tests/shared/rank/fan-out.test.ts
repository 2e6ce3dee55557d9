import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseRankLease, takeRankLease } from '../../../shared/rank/rank-lease.ts';
import { rankSite } from '../../../shared/rank/rank-site.ts';
import { readRunStates } from '../../../shared/rank/run-states.ts';
import { QUIET_SITE_MS, sitesDue } from '../../../shared/rank/sites-due.ts';
import { recordEvents } from '../../../shared/ingest/record-events.ts';
import { upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { getSite } from '../../../shared/sites/site-store.ts';
import { givenSite } from '../../support/sites.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

const HOUR = 3_600_000;
const RATE = 5 * 60_000;
let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

describe('sitesDue: which sites a schedule queues', () => {
  const at = Date.parse('2026-11-30T10:25:00Z');
  const states = new Map([
    ['busy', { pending: false, changedAt: at - 10 * 60_000 }],
    ['quiet', { pending: false, changedAt: at - QUIET_SITE_MS - 1 }],
  ]);

  it('queues busy and never-ranked sites every period, quiet ones only at the first schedule of an hour', () => {
    expect(sitesDue(['busy', 'quiet', 'new'], states, at, RATE)).toEqual({ due: ['busy', 'new'], quiet: ['quiet'] });
    expect(sitesDue(['busy', 'quiet', 'new'], states, Date.parse('2026-11-30T11:02:00Z'), RATE).due).toEqual(['busy', 'quiet', 'new']);
  });
});

describe('the rank lease', () => {
  it('lets one run hold a site at a time, and lapses by itself', async () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    const first = await takeRankLease(table, 'leased', now, 60_000);
    expect(first).toBeDefined();
    expect(await takeRankLease(table, 'leased', now + 1000, 60_000)).toBeUndefined(); // a duplicate
    expect(await takeRankLease(table, 'leased', now + 61_000, 60_000)).toBeDefined(); // the first run was killed: lapsed
    await releaseRankLease(table, 'leased', first!); // too late: not its lease any more, nothing happens
    expect(await takeRankLease(table, 'leased', now + 62_000, 60_000)).toBeUndefined();
  });
});

describe('a site\'s last change', () => {
  it('moves with readers and stays through the hourly refresh runs of a quiet site', async () => {
    const T = Date.parse('2026-11-30T08:00:00Z');
    await givenSite(table, { site: 'calm' });
    await upsertArticle(table, 'calm', { articleId: 'a-1', title: 'A', url: 'https://news.example/a-1', tags: [], publishedAt: new Date(T - HOUR).toISOString() }, 'admin', new Date(T - HOUR));
    await recordEvents(table, 'calm', [{ type: 'view', articleId: 'a-1', sessionId: 'reader-0001', ts: T - 60_000 }], { isBot: false });
    const site = (await getSite(table, 'calm'))!;
    await rankSite(table, site, T);
    expect((await readRunStates(table, ['calm'])).get('calm')?.changedAt).toBe(T);
    await rankSite(table, site, T + HOUR + 60_000); // nothing new: the hourly refresh
    expect((await readRunStates(table, ['calm'])).get('calm')).toMatchObject({ at: T + HOUR + 60_000, changedAt: T });
    await recordEvents(table, 'calm', [{ type: 'view', articleId: 'a-1', sessionId: 'reader-0002', ts: T + HOUR + 120_000 }], { isBot: false });
    await rankSite(table, site, T + HOUR + 180_000);
    expect((await readRunStates(table, ['calm'])).get('calm')?.changedAt).toBe(T + HOUR + 180_000);
  });
});
