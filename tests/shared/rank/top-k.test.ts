import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from '../../../shared/rank/top-k.ts';

/** The order TopK keeps: highest score, then lowest tie rank. */
const best = (a: { score: number; tie: number }, b: { score: number; tie: number }) => b.score - a.score || a.tie - b.tie;

describe('TopK', () => {
  it('keeps the k best, best first, ties to the lower rank', () => {
    const top = new TopK(3);
    [
      [1, 0.5, 1],
      [2, 0.9, 2],
      [3, 0.5, 0],
      [4, 0.1, 3],
      [5, 0.9, 4],
    ].forEach(([item, score, tie]) => top.offer(item!, score!, tie!));
    expect(top.drain()).toEqual({ items: [2, 5, 3], scores: [0.9, 0.9, 0.5] });
    expect(top.size).toBe(0);
  });

  it('admits any bound until full, then only bounds that reach the worst kept', () => {
    const top = new TopK(2);
    expect(top.admits(-1)).toBe(true);
    top.offer(1, 0.4, 0);
    top.offer(2, 0.6, 1);
    expect(top.admits(0.39)).toBe(false);
    expect(top.admits(0.4)).toBe(true); // a tie can still win on its rank
  });

  it('gives what sorting everything and cutting at k gives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(50)), { maxLength: 60 }), (k, offers) => {
        const candidates = offers.map(([score, tie], item) => ({ item, score: score / 4, tie: tie * 100 + item }));
        const top = new TopK(k);
        for (const c of candidates) top.offer(c.item, c.score, c.tie);
        const expected = [...candidates].sort(best).slice(0, k);
        expect(top.drain()).toEqual({ items: expected.map((c) => c.item), scores: expected.map((c) => c.score) });
      }),
    );
  });

  it('can be reused after drain', () => {
    const top = new TopK(1);
    top.offer(1, 1, 0);
    top.drain();
    top.offer(2, 0.1, 0);
    expect(top.drain().items).toEqual([2]);
  });
});
