import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { TRAIL_TTL_MS } from '../../shared/window/trail-item.ts';
import { runCli } from '../support/run-cli.ts';
import { givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * A backfill of history older than every TTL, in a table that deletes expired items as DynamoDB Local 3.x and
 * AWS do: nothing it writes (trails, then the rollups and digests of the replayed hours) may be expired when
 * written, so every accepted view is still there when the history is ranked.
 */
let table: TestTable;
const dir = mkdtempSync(join(tmpdir(), 'newspulse-old-history-'));
const T0 = Date.parse('2025-01-14T09:00:00Z'); // far beyond the 8-day trail TTL and the 2-day digests TTL
const ARTICLES = ['jan-a', 'jan-b', 'jan-c', 'jan-d', 'jan-e'];

beforeAll(async () => {
  table = await createTestTable({ deleteExpired: true });
  await givenSite(table, { site: 'archive' });
  for (const id of ARTICLES) {
    await upsertArticle(table, 'archive', { articleId: id, title: `Title ${id}`, url: `https://archive.example/${id}`, section: 'world', tags: [], publishedAt: new Date(T0 - 3_600_000).toISOString() }, 'admin', new Date());
  }
});
afterAll(() => table.drop());

describe('an imported history older than every TTL', () => {
  it('is never expired when written, and ranks with every accepted view', async () => {
    // 1,200 views over six hours, each a different reader (none is a repeat), 240 per article.
    const lines = Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({ type: 'view', articleId: ARTICLES[i % ARTICLES.length], sessionId: `reader-${String(i).padStart(5, '0')}`, ts: new Date(T0 + Math.floor(i / 200) * 3_600_000 + (i % 200) * 1000).toISOString() }),
    );
    const file = join(dir, 'january.ndjson');
    writeFileSync(file, lines.join('\n'));
    const imported = await runCli(table, 'import', '--site', 'archive', file);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('1200 lines: 1200 accepted');

    const at = new Date(T0 + 8 * 3_600_000).toISOString(); // the six hours are closed: their rollups are written
    const ranked = await runCli(table, 'rank', '--site', 'archive', '--at', at, '--json');
    expect(ranked.code).toBe(0);
    const written = Date.now();
    const items = await table.items();
    const withTtl = items.filter((item) => typeof item.expiresAt === 'number');
    expect(withTtl.filter((item) => String(item.pk).startsWith('TRAIL#'))).toHaveLength(1200);
    expect(withTtl.some((item) => String(item.pk).startsWith('ROLLUP#'))).toBe(true);
    for (const item of withTtl) {
      // At least the shortest TTL (digests: 2 days) from now, never in the past.
      expect((item.expiresAt as number) * 1000, `${String(item.pk)} ${String(item.sk)}`).toBeGreaterThan(written + 36 * 3_600_000);
    }
    const trail = withTtl.find((item) => String(item.pk).startsWith('TRAIL#'))!;
    expect((trail.expiresAt as number) * 1000).toBeGreaterThan(written + TRAIL_TTL_MS - 2 * 3_600_000);

    const weekly = await readList(table, 'archive', 'weekly-best');
    expect(weekly?.items.map((i) => Number(i.parts.views)).reduce((a, b) => a + b, 0)).toBe(1200);
    expect(weekly?.items.map((i) => i.parts.views)).toEqual([240, 240, 240, 240, 240]);

    // Ranked again (now from the stored rollups): still every view.
    expect((await runCli(table, 'rank', '--site', 'archive', '--at', at)).code).toBe(0);
    expect((await readList(table, 'archive', 'weekly-best'))?.items.map((i) => i.parts.views)).toEqual([240, 240, 240, 240, 240]);
  });
});
