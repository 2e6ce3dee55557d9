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
  it('spends one write unit on a counted view and one on an ignored repeat', async () => {
    const view = { type: 'view' as const, articleId: 'story-1', sessionId: 'capacity-1', ts: NOW, url: 'https://news.example/story-1' };
    const counted = await recordEvents(table, 'daily', [view], { isBot: false });
    expect(counted.outcomes).toEqual(['counted']);
    expect(counted.writeUnits).toBe(1);

    const repeat = await recordEvents(table, 'daily', [{ ...view, ts: NOW + 60_000 }], { isBot: false });
    expect(repeat.outcomes).toEqual(['repeat']);
    expect(repeat.writeUnits).toBe(1);
  });

  it('stores a view sent twice at the same moment once: the second is a repeat (SDK retries: tests/reliability/view-retry)', async () => {
    const view = { type: 'view' as const, articleId: 'story-9', sessionId: 'retry-own-1', ts: NOW + 5_000 };
    const first = await recordEvents(table, 'daily', [view], { isBot: false });
    const again = await recordEvents(table, 'daily', [view], { isBot: false });
    expect([first.outcomes, again.outcomes]).toEqual([['counted'], ['repeat']]);
    const stored = (await table.items()).filter((item) => String(item.sk).startsWith('retry-own-1#V#story-9#'));
    expect(stored).toHaveLength(1);
  });

  it('keeps the budget with the longest ids the schema allows', async () => {
    const view = { type: 'view' as const, articleId: 'a'.repeat(128), sessionId: 's'.repeat(64), ts: NOW };
    const counted = await recordEvents(table, 'a-site-with-a-long-name-that-is-still-valid-0123456789', [view], { isBot: false });
    expect(counted.writeUnits).toBe(1);
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
    // Half hours of the clock: 0 and 10 share 10:00-10:29, 45 and 50 share 10:30-10:59, 100 is 11:30-11:59.
    expect(outcomes).toEqual(['counted', 'repeat', 'counted', 'repeat', 'counted']);
  });
});
