import { describe, expect, it } from 'vitest';
import { DigestSet } from '../../../shared/window/digest-set.ts';

describe('DigestSet', () => {
  it('holds what was added and nothing else, like a Set, through growth', () => {
    const set = new DigestSet();
    const reference = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 200_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const digest = x % 50_000 === 7 ? 0 : x; // 0 too
      set.add(digest);
      reference.add(digest >>> 0 || 1);
    }
    expect(set.size).toBe(reference.size);
    for (const digest of reference) expect(set.has(digest)).toBe(true);
    let absent = 0;
    for (let i = 0; i < 10_000; i++) if (!reference.has(0x80000000 + i) && !set.has(0x80000000 + i)) absent++;
    expect(absent).toBe([...Array(10_000).keys()].filter((i) => !reference.has(0x80000000 + i)).length);
  });
});
