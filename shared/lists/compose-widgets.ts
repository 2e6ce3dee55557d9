import type { ListItem, WidgetSources } from './list-item.ts';
import { relatedFallback } from './related-fallback.ts';

interface WidgetBlocks {
  weeklyBest: ListItem[];
  popularNow: ListItem[];
  mustReads: ListItem[];
  latest: ListItem[];
  related: ListItem[];
}

/**
 * Fills every block of an article page. Pure. Rules:
 * - no article appears twice on the page, the current one never, nor any the visitor already read;
 * - blocks are filled most specific first (related, then the section's latest, then the site-wide lists),
 *   so the block that can show an article best gets it;
 * - a block whose own list runs short is topped up from fallbacks, so a page never shows an empty block
 *   while anything could be shown (a new site, a new section, an article nobody has read yet);
 * - `spare` more items per block follow its `limit`, not reserved from the blocks after it: a browser that
 *   drops the articles its reader already read (widgets.js) still fills every block, and one cached answer
 *   serves every reader of the page. Those spares may repeat another block's; widgets.js keeps each once.
 */
export function composeWidgets(
  sources: WidgetSources,
  options: { currentId?: string; section?: string; read: string[]; limit: number; spare?: number },
): WidgetBlocks {
  const used = new Set<string>(options.read);
  if (options.currentId) used.add(options.currentId);
  const size = options.limit + (options.spare ?? 0);
  const take = (...lists: (ListItem[] | undefined)[]) => {
    const out: ListItem[] = [];
    const inBlock = new Set<string>();
    for (const list of lists) {
      for (const item of list ?? []) {
        if (out.length >= size) return out;
        if (used.has(item.articleId) || inBlock.has(item.articleId)) continue;
        inBlock.add(item.articleId);
        if (out.length < options.limit) used.add(item.articleId);
        out.push(item);
      }
    }
    return out;
  };
  const related = take(sources.related, relatedFallback(sources, { articleId: options.currentId, section: options.section }));
  const latest = take(sources.latestInSection, sources.latest);
  const popularNow = take(sources.popularNow, sources.weeklyBest, sources.latest);
  const mustReads = take(sources.mustReads, sources.weeklyBest, sources.latest);
  const weeklyBest = take(sources.weeklyBest, sources.popularNow, sources.latest);
  return { weeklyBest, popularNow, mustReads, latest, related };
}
