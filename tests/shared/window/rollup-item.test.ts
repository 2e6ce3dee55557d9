import { describe, expect, it } from 'vitest';
import { ROLLUP_TTL_MS, rollupKeysQueryInput, rollupPutRequests, rollupRangeQueryInput, toRollupPart } from '../../../shared/window/rollup-item.ts';

const H = Date.parse('2026-11-28T10:00:00Z');

describe('rollup items', () => {
  it('read a week of hours with one ranged Query of the site partition', () => {
    expect(rollupRangeQueryInput('t', 'daily', '2026-11-21T10', '2026-11-28T09')).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'ROLLUP#daily', ':from': 'H#2026-11-21T10', ':to': 'H#2026-11-28T09#~' },
    });
    expect(rollupKeysQueryInput('t', 'daily', '2026-11-28T10')).toMatchObject({
      ExpressionAttributeValues: { ':pk': 'ROLLUP#daily', ':prefix': 'H#2026-11-28T10#' },
      ProjectionExpression: 'pk, sk',
    });
  });

  it('split a large hour into parts below the item limit, at line ends, all naming one write', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `P\t${i}\t${'x'.repeat(20_000)}`);
    const puts = rollupPutRequests('daily', '2026-11-28T10', H, lines, H);
    expect(puts.length).toBeGreaterThan(1);
    const items = puts.map((p) => p.PutRequest.Item);
    expect(items.map((i) => i.sk)).toEqual(items.map((_, k) => `H#2026-11-28T10#${String(k).padStart(3, '0')}`));
    expect(new Set(items.map((i) => i.w)).size).toBe(1);
    expect(items.every((i) => i.parts === puts.length && i.d.length < 400_000 && i.d.endsWith('\n'))).toBe(true);
    expect(items.map((i) => i.d).join('')).toBe(lines.map((l) => `${l}\n`).join(''));
    expect(items[0]!.expiresAt).toBe((H + ROLLUP_TTL_MS) / 1000);
    expect(toRollupPart(items[1]!)).toEqual({ hour: '2026-11-28T10', part: 1, parts: puts.length, write: items[0]!.w, text: items[1]!.d });
  });

  it('name a different write when the text differs', () => {
    const w = (text: string) => rollupPutRequests('daily', '2026-11-28T10', H, [text], H)[0]!.PutRequest.Item.w;
    expect(w('V\t0:1')).not.toBe(w('V\t0:2'));
  });
});
