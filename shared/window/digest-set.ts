/**
 * A set of 32-bit digests in one typed array (open addressing, linear probing): a day of a big site's co-read
 * digests (millions) in tens of megabytes, where a Set<number> would take hundreds.
 */
export class DigestSet {
  private table = new Uint32Array(1 << 12);
  private count = 0;
  /** The digest 0 marks an empty slot, so it is stored as 1 (one more collision in four billion). */
  private static key(digest: number): number {
    return digest >>> 0 || 1;
  }

  get size(): number {
    return this.count;
  }

  has(digest: number): boolean {
    const key = DigestSet.key(digest);
    const mask = this.table.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> 0 & mask; ; i = (i + 1) & mask) {
      const slot = this.table[i]!;
      if (slot === 0) return false;
      if (slot === key) return true;
    }
  }

  add(digest: number): void {
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    if (this.insert(this.table, DigestSet.key(digest))) this.count++;
  }

  private insert(table: Uint32Array, key: number): boolean {
    const mask = table.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> 0 & mask; ; i = (i + 1) & mask) {
      const slot = table[i]!;
      if (slot === key) return false;
      if (slot === 0) {
        table[i] = key;
        return true;
      }
    }
  }

  private grow(): void {
    const bigger = new Uint32Array(this.table.length * 2);
    for (const key of this.table) if (key !== 0) this.insert(bigger, key);
    this.table = bigger;
  }
}
