import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, SHOWN_REJECTIONS, importNdjson, zodLine } from '../../../shared/import/ndjson-import.ts';

async function* from(lines: string[]) {
  yield* lines;
}
const record = z.strictObject({ key: z.string().max(8), n: z.number() });
const validate = zodLine(record);

describe('the NDJSON importer', () => {
  it('rejects long, malformed and invalid lines with their numbers, counts blank lines out, applies the rest', async () => {
    const applied: number[] = [];
    const lines = [JSON.stringify({ key: 'a', n: 1 }), '', `{"key":"${'x'.repeat(MAX_LINE_CHARS)}","n":2}`, '{nope', JSON.stringify({ key: 'a', n: 'three' }), JSON.stringify({ key: 'b', n: 4 })];
    const report = await importNdjson(from(lines), { validate, laneKey: (r) => r.key, apply: async (r) => void applied.push(r.n) });
    expect(report).toEqual({
      lines: 5,
      rejected: 3,
      rejections: [
        { line: 3, reason: `longer than ${MAX_LINE_CHARS} characters` },
        { line: 4, reason: 'not valid JSON' },
        { line: 5, reason: 'n: Invalid input: expected number, received string' },
      ],
    });
    expect(applied.sort()).toEqual([1, 4]);
  });

  it('lists the first rejections only, and counts them all', async () => {
    const report = await importNdjson(from(Array.from({ length: 25 }, () => '[]')), { validate, laneKey: () => '', apply: async () => {} });
    expect(report.rejected).toBe(25);
    expect(report.rejections).toHaveLength(SHOWN_REJECTIONS);
  });

  it('applies the records of one key in file order, whatever the others do', async () => {
    const seen = new Map<string, number[]>();
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ key: `k${i % 7}`, n: i }));
    await importNdjson(from(lines), {
      validate,
      laneKey: (r) => r.key,
      async apply(r) {
        await new Promise((resolve) => setImmediate(resolve)); // let other lanes interleave
        seen.set(r.key, [...(seen.get(r.key) ?? []), r.n]);
      },
    });
    for (const [, ns] of seen) expect(ns).toEqual([...ns].sort((a, b) => a - b));
    expect([...seen.values()].flat()).toHaveLength(300);
  });

  it('stops at a failure that is not the store being unavailable, and throws it', async () => {
    let applied = 0;
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ key: `k${i}`, n: i }));
    const failing = importNdjson(from(lines), {
      validate,
      laneKey: (r) => r.key,
      async apply(r) {
        if (r.n === 3) throw new Error('broken');
        applied++;
      },
    });
    await expect(failing).rejects.toThrow('broken');
    expect(applied).toBeLessThan(100);
  });
});
