/** A human view of a history being evaluated: who read what, when. */
export interface ReplayView {
  sessionId: string;
  articleId: string;
  ts: number;
}

/** A view and the next article its session read (a different one, within NEXT_READ_MS): what related should have offered. */
export interface NextRead {
  from: string;
  to: string;
  ts: number;
}

/** How long after a view the session's next read still counts as following it. */
export const NEXT_READ_MS = 60 * 60_000;

/**
 * The next-read pairs of a history, in time order: for each view, the session's next view of another article
 * within NEXT_READ_MS (repeats of the same article are skipped). Views must be sorted by time.
 */
export function nextReads(views: readonly ReplayView[]): NextRead[] {
  const bySession = new Map<string, ReplayView[]>();
  for (const view of views) {
    const list = bySession.get(view.sessionId);
    if (list) list.push(view);
    else bySession.set(view.sessionId, [view]);
  }
  const pairs: NextRead[] = [];
  for (const list of bySession.values()) {
    for (let i = 0; i < list.length; i++) {
      const from = list[i]!;
      const next = list.slice(i + 1).find((v) => v.articleId !== from.articleId);
      if (next && next.ts - from.ts <= NEXT_READ_MS) pairs.push({ from: from.articleId, to: next.articleId, ts: from.ts });
    }
  }
  return pairs.sort((a, b) => a.ts - b.ts);
}
