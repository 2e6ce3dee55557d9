/**
 * Co-reads as the related ranker reads them: for an article, its partners and how many sessions read both.
 * A nested Map satisfies this (small inputs, tests); windowStats builds a CoReadGraph.
 */
export interface CoReads {
  get(articleId: string): Iterable<readonly [string, number]> | undefined;
}

/**
 * Every article's co-read partners in compressed sparse rows: the partners of node k are
 * `partners[offsets[k]..offsets[k+1]]`, with `sessions` alongside. Nodes are positions in `ids`.
 * A week of a big site is a million pairs or more: this is 16 bytes a pair, against ~200 in nested maps.
 */
export class CoReadGraph implements CoReads {
  constructor(
    readonly ids: readonly string[],
    readonly offsets: Int32Array,
    readonly partners: Int32Array,
    readonly sessions: Float64Array,
    private readonly positionOf: (articleId: string) => number | undefined,
  ) {}

  get(articleId: string): [string, number][] | undefined {
    const node = this.positionOf(articleId);
    if (node === undefined || node >= this.offsets.length - 1 || this.offsets[node] === this.offsets[node + 1]) return undefined;
    const out: [string, number][] = [];
    for (let k = this.offsets[node]!; k < this.offsets[node + 1]!; k++) out.push([this.ids[this.partners[k]!]!, this.sessions[k]!]);
    return out;
  }

  /** Pairs pushed from every hour; the same pair in several hours is summed. */
  static builder(ids: readonly string[], positionOf: (articleId: string) => number | undefined): CoReadGraphBuilder {
    return new CoReadGraphBuilder(ids, positionOf);
  }
}

class CoReadGraphBuilder {
  private lows = new Int32Array(1024);
  private highs = new Int32Array(1024);
  private counts = new Float64Array(1024);
  private length = 0;

  constructor(
    private readonly ids: readonly string[],
    private readonly positionOf: (articleId: string) => number | undefined,
  ) {}

  /** One pair of nodes (either order) read together by `sessions` sessions. Nodes must be < ids.length at build. */
  add(a: number, b: number, sessions: number): void {
    if (a === b) return;
    if (this.length === this.lows.length) this.grow();
    this.lows[this.length] = a < b ? a : b;
    this.highs[this.length] = a < b ? b : a;
    this.counts[this.length++] = sessions;
  }

  /**
   * Sums each pair over the hours and lays out both directions, in linear time: pairs are bucketed by their
   * lower node (a counting sort), then each bucket is summed with a scratch array indexed by the higher node.
   */
  build(): CoReadGraph {
    const n = this.ids.length;
    const { lows, highs, counts, length } = this;
    const bucketStart = new Int32Array(n + 1);
    for (let i = 0; i < length; i++) bucketStart[lows[i]! + 1]!++;
    for (let k = 0; k < n; k++) bucketStart[k + 1]! += bucketStart[k]!;
    const bucketFill = bucketStart.slice(0, n);
    const bucketHigh = new Int32Array(length);
    const bucketCount = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const at = bucketFill[lows[i]!]!++;
      bucketHigh[at] = highs[i]!;
      bucketCount[at] = counts[i]!;
    }

    // Distinct pairs, compacted in place over the buckets: pairLow/High/Sum[0..pairs).
    const sum = new Float64Array(n);
    const owner = new Int32Array(n).fill(-1); // owner[h] === low: sum[h] belongs to this bucket
    const pairLow = new Int32Array(length);
    const pairHigh = new Int32Array(length);
    const pairSum = new Float64Array(length);
    const degree = new Int32Array(n);
    let pairs = 0;
    for (let low = 0; low < n; low++) {
      const first = pairs;
      for (let at = bucketStart[low]!; at < bucketStart[low + 1]!; at++) {
        const high = bucketHigh[at]!;
        if (owner[high] !== low) {
          owner[high] = low;
          sum[high] = 0;
          pairLow[pairs] = low;
          pairHigh[pairs++] = high;
        }
        sum[high]! += bucketCount[at]!;
      }
      for (let p = first; p < pairs; p++) {
        const high = pairHigh[p]!;
        pairSum[p] = sum[high]!;
        degree[low]!++;
        degree[high]!++;
      }
    }

    const offsets = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) offsets[k + 1] = offsets[k]! + degree[k]!;
    const fill = offsets.slice(0, n);
    const partners = new Int32Array(offsets[n]!);
    const sessions = new Float64Array(offsets[n]!);
    for (let p = 0; p < pairs; p++) {
      const low = pairLow[p]!;
      const high = pairHigh[p]!;
      partners[fill[low]!] = high;
      sessions[fill[low]!++] = pairSum[p]!;
      partners[fill[high]!] = low;
      sessions[fill[high]!++] = pairSum[p]!;
    }
    // A snapshot of the ids: nodes are exactly the articles known now.
    return new CoReadGraph(this.ids.slice(0, n), offsets, partners, sessions, this.positionOf);
  }

  private grow() {
    const size = this.lows.length * 2;
    const lows = new Int32Array(size);
    lows.set(this.lows);
    this.lows = lows;
    const highs = new Int32Array(size);
    highs.set(this.highs);
    this.highs = highs;
    const counts = new Float64Array(size);
    counts.set(this.counts);
    this.counts = counts;
  }
}

/** Co-reads in the caller's numbering, as compressed rows: the partners of i are partners[offsets[i]..offsets[i+1]]. */
interface PartnerRows {
  offsets: Int32Array;
  partners: Int32Array;
  sessions: Float64Array;
}

/**
 * The co-reads of `ids` (the caller's articles, by position; `positions` maps id → position), leaving out
 * partners that are not among them. From a CoReadGraph this relabels its rows; any other CoReads is asked
 * article by article.
 */
export function partnerRows(coReads: CoReads, ids: readonly string[], positions: ReadonlyMap<string, number>): PartnerRows {
  const n = ids.length;
  const lists: { partner: number; sessions: number }[][] = [];
  const offsets = new Int32Array(n + 1);
  if (coReads instanceof CoReadGraph) {
    const mine = Int32Array.from(coReads.ids, (id) => positions.get(id) ?? -1); // graph node → caller position
    const node = new Int32Array(n).fill(-1);
    mine.forEach((i, k) => {
      if (i >= 0) node[i] = k;
    });
    const rowOf = (i: number): [number, number] => (node[i]! < 0 ? [0, 0] : [coReads.offsets[node[i]!]!, coReads.offsets[node[i]! + 1]!]);
    for (let i = 0; i < n; i++) {
      const [from, to] = rowOf(i);
      let kept = 0;
      for (let k = from; k < to; k++) if (mine[coReads.partners[k]!]! >= 0) kept++;
      offsets[i + 1] = offsets[i]! + kept;
    }
    const partners = new Int32Array(offsets[n]!);
    const sessions = new Float64Array(offsets[n]!);
    for (let i = 0; i < n; i++) {
      const [from, to] = rowOf(i);
      let at = offsets[i]!;
      for (let k = from; k < to; k++) {
        const partner = mine[coReads.partners[k]!]!;
        if (partner < 0) continue;
        partners[at] = partner;
        sessions[at++] = coReads.sessions[k]!;
      }
    }
    return { offsets, partners, sessions };
  }
  for (let i = 0; i < n; i++) {
    const list: { partner: number; sessions: number }[] = [];
    for (const [id, count] of coReads.get(ids[i]!) ?? []) {
      const partner = positions.get(id);
      if (partner !== undefined) list.push({ partner, sessions: count });
    }
    lists.push(list);
    offsets[i + 1] = offsets[i]! + list.length;
  }
  const partners = Int32Array.from(lists.flat(), (e) => e.partner);
  const sessions = Float64Array.from(lists.flat(), (e) => e.sessions);
  return { offsets, partners, sessions };
}
