import type { Article } from '../shared/catalog/article.ts';

/**
 * Which article a reader opens at a given time: popularity is Zipf-like over a random ranking of the catalog
 * (weight 1/rank), times an interest that halves every INTEREST_HALF_LIFE_MS after publishing, plus a small
 * floor so that old articles still get a trickle. Never an article published after the time asked.
 *
 * Weights change slowly, so they are computed once per BUCKET_MS (at the bucket's start, which also keeps an
 * article published inside the bucket out of it) as cumulative sums; a pick is then a binary search, O(log n).
 * Sessions come in order of start, so only a few buckets are alive at a time.
 */

const INTEREST_HALF_LIFE_MS = 6 * 3_600_000;
const INTEREST_FLOOR = 0.02;
const ZIPF_EXPONENT = 1;
const BUCKET_MS = 15 * 60_000;
const KEPT_BUCKETS = 16;

interface Bucket {
  at: number;
  all: Float64Array;
  bySection: Map<string, Float64Array>;
}

export class ArticlePicker {
  private readonly published: Float64Array;
  private readonly popularity: Float64Array;
  private readonly sectionMembers = new Map<string, Int32Array>();
  private readonly buckets = new Map<number, Bucket>();

  /** `random` only shuffles the popularity ranking, so a rank does not follow catalog order or section. */
  constructor(
    private readonly catalog: readonly Article[],
    random: () => number,
  ) {
    const n = catalog.length;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    this.popularity = new Float64Array(n);
    for (let rank = 0; rank < n; rank++) this.popularity[order[rank]!] = 1 / (rank + 1) ** ZIPF_EXPONENT;
    this.published = Float64Array.from(catalog, (a) => Date.parse(a.publishedAt));
    const members = new Map<string, number[]>();
    catalog.forEach((a, i) => {
      const list = members.get(a.section ?? '');
      if (list) list.push(i);
      else members.set(a.section ?? '', [i]);
    });
    for (const [section, list] of members) this.sectionMembers.set(section, Int32Array.from(list));
  }

  /**
   * The index of an article to view at time t, chosen with the uniform number u in [0, 1): within `section`
   * when given, else anywhere. -1 when nothing (in that section) is published yet.
   */
  pick(t: number, u: number, section?: string): number {
    const bucket = this.bucketAt(t);
    if (section === undefined) return searchCumulative(bucket.all, u);
    const members = this.sectionMembers.get(section);
    if (!members) return -1;
    let cumulative = bucket.bySection.get(section);
    if (!cumulative) {
      cumulative = this.cumulative(members, bucket.at);
      bucket.bySection.set(section, cumulative);
    }
    const k = searchCumulative(cumulative, u);
    return k < 0 ? -1 : members[k]!;
  }

  private bucketAt(t: number): Bucket {
    const key = Math.floor(t / BUCKET_MS);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const at = key * BUCKET_MS;
      bucket = { at, all: this.cumulative(null, at), bySection: new Map() };
      // Oldest first out: sessions move forward in time, so an evicted bucket is rarely needed again.
      if (this.buckets.size >= KEPT_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Running sums of the weights at time `at`, over `members` (or the whole catalog). */
  private cumulative(members: Int32Array | null, at: number): Float64Array {
    const n = members ? members.length : this.catalog.length;
    const sums = new Float64Array(n);
    const decay = -Math.LN2 / INTEREST_HALF_LIFE_MS;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const i = members ? members[k]! : k;
      const age = at - this.published[i]!;
      if (age >= 0) sum += this.popularity[i]! * (Math.exp(age * decay) + INTEREST_FLOOR);
      sums[k] = sum;
    }
    return sums;
  }
}

/**
 * The first index whose running sum exceeds u × total: an index with weight 0 (not yet published) never
 * qualifies, because its running sum equals its predecessor's. -1 when the total is 0.
 */
export function searchCumulative(cumulative: Float64Array, u: number): number {
  const total = cumulative.length > 0 ? cumulative[cumulative.length - 1]! : 0;
  if (!(total > 0)) return -1;
  const target = u * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
