/** Hit rate at k and mean reciprocal rank (within the first k) of one kind of request. */
export interface Score {
  requests: number;
  hitRate: number;
  mrr: number;
}

/** Sums hits and reciprocal ranks as requests are scored; `score()` gives the means. */
export class ScoreTally {
  private requests = 0;
  private hits = 0;
  private reciprocal = 0;

  constructor(private readonly k: number) {}

  /** One request: the list it was shown (best first) and what the reader did read. */
  add(shown: readonly string[], actual: string): void {
    this.requests++;
    const rank = shown.slice(0, this.k).indexOf(actual);
    if (rank < 0) return;
    this.hits++;
    this.reciprocal += 1 / (rank + 1);
  }

  score(): Score {
    return { requests: this.requests, hitRate: this.requests ? this.hits / this.requests : 0, mrr: this.requests ? this.reciprocal / this.requests : 0 };
  }
}
