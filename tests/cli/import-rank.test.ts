import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { runCli } from '../support/run-cli.ts';
import { givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

let table: TestTable;
const dir = mkdtempSync(join(tmpdir(), 'newspulse-import-'));
const T0 = Date.parse('2026-11-25T09:00:00Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: 'herald' });
  for (const id of ['story-a', 'story-b']) {
    await upsertArticle(table, 'herald', { articleId: id, title: `Title ${id}`, url: `https://herald.example/${id}`, section: 'world', tags: [], publishedAt: iso(-60) }, 'admin', new Date());
  }
});
afterAll(() => table.drop());

describe('newspulse import and rank', () => {
  it('imports history by the live rules, reports rejected lines, and ranks it as of a time', async () => {
    const lines = [
      JSON.stringify({ type: 'view', articleId: 'story-a', sessionId: 'reader-0001', ts: iso(0) }),
      JSON.stringify({ type: 'view', articleId: 'story-a', sessionId: 'reader-0001', ts: iso(5) }), // repeat
      JSON.stringify({ type: 'view', articleId: 'story-a', sessionId: 'reader-0002', ts: iso(6) }),
      JSON.stringify({ type: 'view', articleId: 'story-b', sessionId: 'reader-0003', ts: iso(7), userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' }),
      JSON.stringify({ type: 'view', articleId: 'story-b', sessionId: 'reader-0004', ts: iso(8) }),
      JSON.stringify({ type: 'engage', articleId: 'story-a', sessionId: 'reader-0001', seconds: 80, scrollDepth: 0.9, ts: iso(3) }),
      '{not json',
      JSON.stringify({ type: 'view', articleId: 'story-a', ts: iso(9) }),
      JSON.stringify({ type: 'view', articleId: 'story-b', sessionId: 'reader-0005', ts: iso(120) }), // after --at
      '',
    ];
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, lines.join('\n'));
    const imported = await runCli(table, 'import', '--site', 'herald', file);
    expect(imported.code).toBe(1); // lines were rejected
    expect(imported.err).toBe('newspulse: 2 of 9 lines rejected');
    expect(imported.out).toContain('9 lines: 5 accepted, 2 ignored');
    expect(imported.out).toContain('2 rejected');
    expect(imported.out).toMatch(/line 7: not valid JSON/);
    expect(imported.out).toMatch(/line 8: sessionId/);

    const ranked = await runCli(table, 'rank', '--site', 'herald', '--at', iso(60), '--json');
    expect(ranked.code).toBe(0);
    const report = JSON.parse(ranked.out);
    expect(report.reports[0]).toMatchObject({ site: 'herald', at: iso(60) });
    const weekly = await readList(table, 'herald', 'weekly-best');
    expect(weekly?.items.map((i) => [i.articleId, i.parts.views])).toEqual([['story-a', 2], ['story-b', 1]]);

    // Two views are below Popular Now's default minimum (3); the site's own setting lets them in.
    expect((await readList(table, 'herald', 'popular-now'))?.items ?? []).toEqual([]);
    expect((await runCli(table, 'sites', 'set', 'herald', '--set', 'popularNow.minViews=1')).code).toBe(0);
    expect((await runCli(table, 'rank', '--site', 'herald', '--at', iso(60))).code).toBe(0);
    expect((await readList(table, 'herald', 'popular-now'))?.items.map((i) => i.articleId)).toEqual(['story-a', 'story-b']);
  });

  it('refuses an unknown site and a bad --at with one clear line', async () => {
    const file = join(dir, 'empty.ndjson');
    writeFileSync(file, '');
    expect((await runCli(table, 'import', '--site', 'nosuch', file)).err).toContain('no site "nosuch"');
    expect((await runCli(table, 'rank', '--at', 'yesterday')).err).toContain('--at is not an ISO time');
  });

  it('has --help', async () => {
    for (const command of ['import', 'rank']) {
      const help = await runCli(table, command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain(`Usage: newspulse ${command}`);
    }
  });
});
