import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents, type TimedEvent } from '../../../shared/ingest/record-events.ts';
import { ArticleIds } from '../../../shared/window/article-ids.ts';
import { loadWindow, readRecentTrails, type RankWindow } from '../../../shared/window/load-window.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

/**
 * Co-reads count once per visitor and pair a day (issue 14): a visitor reading the same two stories in the
 * morning and again in the afternoon adds one co-read, not two; the next day (a new visitor id anyway) it may
 * add one again. Through the real trail, rollups and pair digests in DynamoDB Local.
 */

const DAY1 = Date.parse('2026-11-26T00:00:00Z');
const H = 3_600_000;
const AT = DAY1 + 27.5 * H; // day 2, 03:30
const rules = { listed: () => true, maxArticlesPerSession: 30, maxViewsPerAddressAndArticle: 2 };

let table: TestTable;

const read = (visitor: string, at: number, addressHash?: string): TimedEvent[] =>
  ['story-a', 'story-b'].map((articleId, k) => ({ type: 'view', articleId, sessionId: visitor, ts: at + k * 5 * 60_000, ...(addressHash ? { addressHash } : {}) }));

beforeAll(async () => {
  table = await createTestTable();
  const events = [
    ...read('v-morning-and-afternoon', DAY1 + 9 * H),
    ...read('v-morning-and-afternoon', DAY1 + 14 * H),
    ...read('v-once', DAY1 + 10 * H),
    // Two visitors of one address (an office), each twice a day: one co-read for the address a day.
    ...read('v-office-1', DAY1 + 11 * H, 'office01'),
    ...read('v-office-2', DAY1 + 15 * H, 'office01'),
    ...read('v-next-day', DAY1 + 25 * H),
    ...read('v-next-day', DAY1 + 26 * H),
  ];
  for (const event of events) await recordEvents(table, 'daily', [event], { isBot: false });
});
afterAll(() => table.drop());

function coReads(window: RankWindow): number {
  const a = window.ids.lookup('story-a');
  const b = window.ids.lookup('story-b');
  let total = 0;
  for (const { counts } of window.hours) {
    for (let i = 0; i < counts.pairSessions.length; i++) {
      const [x, y] = [counts.pairs[2 * i], counts.pairs[2 * i + 1]];
      if ((x === a && y === b) || (x === b && y === a)) total += counts.pairSessions[i]!;
    }
  }
  return total;
}

async function load(): Promise<RankWindow> {
  const recent = await readRecentTrails(table, 'daily', AT, DAY1);
  return loadWindow(table, 'daily', recent, 48, { dataSince: DAY1, ids: new ArticleIds(), rules, pairs: true });
}

describe('co-reads over a day', () => {
  it('count once per visitor (and per address) and pair each UTC day', async () => {
    const first = await load();
    expect(first.rollupsWritten).toBeGreaterThan(20);
    // Day 1: the twice-reader once, v-once, the office once; day 2: v-next-day once.
    expect(coReads(first)).toBe(1 + 1 + 1 + 1);
  });

  it('read back from the stored rollups, the same', async () => {
    const again = await load();
    expect(again.rollupsWritten).toBe(0);
    expect(coReads(again)).toBe(4);
  });
});
