/**
 * The k best of a stream of candidates, in a bounded heap: O(log k) per candidate that gets in, nothing
 * allocated per candidate. Best means the highest score, then the lowest tie rank (the ranked-item order:
 * score, then article id, so ties come out the same every run).
 */
export class TopK {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private readonly ties: Float64Array;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.ties = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Empties it for the next ranking (keeps its memory). */
  clear(): void {
    this.count = 0;
  }

  /**
   * Whether a candidate scoring at most `bound` could still get in: when full, it must at least tie the worst
   * kept (a tie can win on its rank). Lets callers skip computing a score that cannot matter.
   */
  admits(bound: number): boolean {
    return this.count < this.capacity || bound >= this.scores[0]!;
  }

  offer(item: number, score: number, tie: number): void {
    if (this.capacity === 0) return;
    if (this.count < this.capacity) {
      let i = this.count++;
      // Sift up: the root is the worst kept.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, tie, this.scores[parent]!, this.ties[parent]!)) break;
        this.move(parent, i);
        i = parent;
      }
      this.put(i, item, score, tie);
      return;
    }
    if (!this.worse(this.scores[0]!, this.ties[0]!, score, tie)) return;
    this.siftDown(item, score, tie, this.count);
  }

  /** Puts an entry at the root of the first `count` slots and moves it down to its place. */
  private siftDown(item: number, score: number, tie: number, count: number) {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= count) break;
      const right = left + 1;
      const child = right < count && this.worse(this.scores[right]!, this.ties[right]!, this.scores[left]!, this.ties[left]!) ? right : left;
      if (!this.worse(this.scores[child]!, this.ties[child]!, score, tie)) break;
      this.move(child, i);
      i = child;
    }
    this.put(i, item, score, tie);
  }

  /** The kept items, best first (the heap is left empty). */
  drain(): { items: number[]; scores: number[] } {
    const items = new Array<number>(this.count);
    const scores = new Array<number>(this.count);
    // Popping the root (the worst kept) fills the lists from the back.
    while (this.count > 0) {
      const last = --this.count;
      items[last] = this.items[0]!;
      scores[last] = this.scores[0]!;
      this.siftDown(this.items[last]!, this.scores[last]!, this.ties[last]!, last);
    }
    return { items, scores };
  }

  private worse(score: number, tie: number, otherScore: number, otherTie: number): boolean {
    return score < otherScore || (score === otherScore && tie > otherTie);
  }

  private move(from: number, to: number) {
    this.items[to] = this.items[from]!;
    this.scores[to] = this.scores[from]!;
    this.ties[to] = this.ties[from]!;
  }

  private put(i: number, item: number, score: number, tie: number) {
    this.items[i] = item;
    this.scores[i] = score;
    this.ties[i] = tie;
  }
}
