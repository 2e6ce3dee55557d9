import type { ReplayView } from './replay-views.ts';

/** Distinct articles of one session that count toward co-visitation (the rank job's own cap per hour). */
const MAX_SESSION_ARTICLES = 30;

/**
 * The simple recommenders newspulse is compared with, fed the same history in time order and asked at each
 * step what they would show. Nothing here reads the store: they are the yardstick, not the product.
 * - most read: the articles with the most views in the trailing `windowMs`;
 * - co-visitation: for an article, the articles most often read in the same session (all history so far).
 */
export class Baselines {
  private readonly recent: ReplayView[] = [];
  /** Views before this index of `recent` have left the window. */
  private recentStart = 0;
  private readonly counts = new Map<string, number>();
  private readonly sessions = new Map<string, string[]>();
  private readonly pairs = new Map<string, Map<string, number>>();

  constructor(private readonly windowMs: number) {}

  /** Feeds the views up to (not including) `until`, from a time-sorted list, starting at `from`; returns where it stopped. */
  feed(views: readonly ReplayView[], from: number, until: number): number {
    let i = from;
    for (; i < views.length && views[i]!.ts < until; i++) this.add(views[i]!);
    while (this.recentStart < this.recent.length && this.recent[this.recentStart]!.ts < until - this.windowMs) {
      const old = this.recent[this.recentStart++]!;
      const left = (this.counts.get(old.articleId) ?? 1) - 1;
      if (left > 0) this.counts.set(old.articleId, left);
      else this.counts.delete(old.articleId);
    }
    return i;
  }

  mostRead(k: number, without?: string): string[] {
    return [...this.counts]
      .filter(([id]) => id !== without)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k)
      .map(([id]) => id);
  }

  coVisited(articleId: string, k: number): string[] {
    return [...(this.pairs.get(articleId) ?? [])]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k)
      .map(([id]) => id);
  }

  private add(view: ReplayView): void {
    this.recent.push(view);
    this.counts.set(view.articleId, (this.counts.get(view.articleId) ?? 0) + 1);
    const read = this.sessions.get(view.sessionId) ?? [];
    if (read.includes(view.articleId) || read.length >= MAX_SESSION_ARTICLES) return;
    for (const other of read) {
      this.bump(view.articleId, other);
      this.bump(other, view.articleId);
    }
    read.push(view.articleId);
    this.sessions.set(view.sessionId, read);
  }

  private bump(a: string, b: string): void {
    const row = this.pairs.get(a) ?? new Map<string, number>();
    row.set(b, (row.get(b) ?? 0) + 1);
    this.pairs.set(a, row);
  }
}
