import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../../shared/ingest/record-events.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

const NOW = Date.parse('2026-11-28T10:00:00Z');
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

describe('write units (ReturnConsumedCapacity)', () => {
  it('spends at most 2 write units on a counted view and at most 1 on an ignored repeat', async () => {
    const view = { type: 'view' as const, articleId: 'story-1', sessionId: 'capacity-1', ts: NOW, url: 'https://news.example/story-1' };
    const counted = await recordEvents(table, 'daily', [view], { isBot: false });
    expect(counted.outcomes).toEqual(['counted']);
    expect(counted.writeUnits).toBeGreaterThan(0);
    expect(counted.writeUnits).toBeLessThanOrEqual(2);

    const repeat = await recordEvents(table, 'daily', [{ ...view, ts: NOW + 60_000 }], { isBot: false });
    expect(repeat.outcomes).toEqual(['repeat']);
    expect(repeat.writeUnits).toBeGreaterThan(0);
    expect(repeat.writeUnits).toBeLessThanOrEqual(1);
  });

  it('keeps the budget with the longest ids the schema allows', async () => {
    const view = { type: 'view' as const, articleId: 'a'.repeat(128), sessionId: 's'.repeat(64), ts: NOW };
    const counted = await recordEvents(table, 'a-site-with-a-long-name-that-is-still-valid-0123456789', [view], { isBot: false });
    expect(counted.writeUnits).toBeLessThanOrEqual(2);
  });

  it('writes nothing for a bot', async () => {
    const before = (await table.items()).length;
    const result = await recordEvents(table, 'daily', [{ type: 'view', articleId: 'story-2', sessionId: 'bot-sess-1', ts: NOW }], { isBot: true });
    expect(result).toMatchObject({ accepted: 0, ignored: 1, writeUnits: 0 });
    expect((await table.items()).length).toBe(before);
  });

  it('counts historical events by their own time (the import path)', async () => {
    const at = (minutes: number) => NOW - 3 * 86_400_000 + minutes * 60_000;
    const events = [0, 10, 45, 50, 100].map((m) => ({ type: 'view' as const, articleId: 'story-3', sessionId: 'history-1', ts: at(m) }));
    const outcomes: string[] = [];
    for (const event of events) outcomes.push(...(await recordEvents(table, 'daily', [event], { isBot: false })).outcomes);
    // 10 is within 30 min of 0; 45 is 35 min after 10 (the last view) so counted; 50 repeats 45; 100 counted.
    expect(outcomes).toEqual(['counted', 'repeat', 'counted', 'repeat', 'counted']);
  });
});
