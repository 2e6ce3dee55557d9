import type { ListItem, WidgetSources } from './list-item.ts';

/** Where a fallback item came from, in `parts.fallback`. */
type FallbackSource = 'section-latest' | 'popular-now' | 'latest' | 'weekly-best';

/**
 * You May Also Like for an article without a computed list (published after the last rank run, or with nothing
 * related in the window): stories from what is known at read time, so the block is never empty while
 * the site has other articles. Pure. Same section first (the article's section's latest and, from the site-wide
 * lists, the stories of that section), then the rest; within each, what is popular now and what is fresh take
 * turns, then the week's best. Each item keeps its metadata and says it is a fallback and from which list
 * (`parts.fallback`), with its original score, so a reader of the API can tell it from a computed neighbour.
 */
export function relatedFallback(sources: WidgetSources, article: { articleId?: string; section?: string }): ListItem[] {
  const turns = interleave(tagged(sources.popularNow, 'popular-now'), tagged(sources.latest, 'latest'));
  const ordered = [...tagged(sources.latestInSection, 'section-latest'), ...turns, ...tagged(sources.weeklyBest, 'weekly-best')];
  const sameSection = article.section === undefined ? [] : ordered.filter(({ item }) => item.section === article.section);
  const seen = new Set<string>(article.articleId === undefined ? [] : [article.articleId]);
  const out: ListItem[] = [];
  for (const { item, from } of [...sameSection, ...ordered]) {
    if (seen.has(item.articleId)) continue;
    seen.add(item.articleId);
    out.push({ ...item, parts: { ...item.parts, fallback: from } });
  }
  return out;
}

/**
 * The related list as served: the computed one when there is one, else relatedFallback. Never a mix of the two:
 * a computed list and the site-wide lists are written apart (a run killed between them leaves one old and one
 * new), so an answer drawn from both could be neither the old nor the new one. Whether the fallback was used
 * tells the caller which versions its answer depends on.
 */
export function relatedWithFallback(sources: WidgetSources, article: { articleId?: string; section?: string }, limit: number): { items: ListItem[]; fellBack: boolean } {
  const computed = sources.related ?? [];
  if (computed.length > 0) return { items: computed.slice(0, limit), fellBack: false };
  return { items: relatedFallback(sources, article).slice(0, limit), fellBack: true };
}

function tagged(list: ListItem[] | undefined, from: FallbackSource): { item: ListItem; from: FallbackSource }[] {
  return (list ?? []).map((item) => ({ item, from }));
}

function interleave<T>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}
