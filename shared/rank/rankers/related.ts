import type { CatalogArticle } from '../../catalog/article.ts';
import { DAY_MS, HOUR_MS } from '../../time.ts';
import type { RankSettings } from '../rank-settings.ts';
import { byScore, type RankedItem } from '../ranked-item.ts';
import type { WindowStats } from '../window-stats.ts';

/** Content candidates per section and per tag, freshest first (co-read partners are always candidates). */
const SECTION_CANDIDATES = 100;
const TAG_CANDIDATES = 50;
/** Pseudo-views added to both sides of the co-read ratio, so two readers in common mean little. */
const CO_READ_DAMPING = 5;
/** Articles published this recently get related stories even before anyone read them. */
const NEW_ARTICLE_HOURS = 48;

const STOPWORDS = new Set(
  'the and for with that this from are was were has have had not but you your its into over after about more than what when where who why how new says said will can just all out off our their them they his her she him been being also amid'.split(' '),
);

export function titleTerms(title: string): Set<string> {
  const terms = new Set<string>();
  for (const word of title.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3 && !STOPWORDS.has(word)) terms.add(word);
  return terms;
}

function jaccard(a: Set<string> | string[], b: Set<string> | string[]): number {
  const setA = a instanceof Set ? a : new Set(a);
  const setB = b instanceof Set ? b : new Set(b);
  if (setA.size === 0 || setB.size === 0) return 0;
  let shared = 0;
  for (const x of setA) if (setB.has(x)) shared++;
  return shared / (setA.size + setB.size - shared);
}

/**
 * You May Also Like, for every article read in the window and every new article. Score =
 * coReadWeight·coRead + contentWeight·content + freshnessWeight·freshness, where
 * - coRead: sessions that read both, divided by the geometric mean of both articles' (damped) views, so a
 *   merely popular article does not top every list; scaled so the article's best co-read is 1;
 * - content: 0.4·same section + 0.4·tag overlap + 0.2·title-term overlap (Jaccard);
 * - freshness: halves every freshnessHalfLifeHours of the candidate's age.
 * An article is never related to itself; candidates published after `at` or too old are left out.
 */
export function rankRelated(
  stats: WindowStats,
  catalog: Map<string, CatalogArticle>,
  at: number,
  settings: RankSettings['related'],
): Map<string, RankedItem[]> {
  const eligible = [...catalog.values()].filter((a) => {
    const age = at - Date.parse(a.publishedAt);
    return age >= 0 && age <= settings.maxArticleAgeDays * DAY_MS;
  });
  eligible.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a.articleId < b.articleId ? -1 : 1));
  const eligibleIds = new Set(eligible.map((a) => a.articleId));
  const bySection = new Map<string, string[]>();
  const byTag = new Map<string, string[]>();
  for (const article of eligible) {
    if (article.section) pushCapped(bySection, article.section, article.articleId, SECTION_CANDIDATES);
    for (const tag of article.tags) pushCapped(byTag, tag, article.articleId, TAG_CANDIDATES);
  }
  const terms = new Map<string, Set<string>>();
  const termsOf = (article: CatalogArticle) => {
    let t = terms.get(article.articleId);
    if (!t) terms.set(article.articleId, (t = titleTerms(article.title)));
    return t;
  };

  const targets = new Set<string>();
  for (const id of stats.weeklyViews.keys()) if (catalog.has(id)) targets.add(id);
  for (const article of eligible) if (at - Date.parse(article.publishedAt) <= NEW_ARTICLE_HOURS * HOUR_MS) targets.add(article.articleId);

  const result = new Map<string, RankedItem[]>();
  for (const targetId of targets) {
    const target = catalog.get(targetId)!;
    const partners = stats.coReads.get(targetId);
    const candidates = new Set<string>();
    for (const id of partners?.keys() ?? []) if (eligibleIds.has(id)) candidates.add(id);
    if (target.section) for (const id of bySection.get(target.section) ?? []) candidates.add(id);
    for (const tag of target.tags) for (const id of byTag.get(tag) ?? []) candidates.add(id);
    candidates.delete(targetId);

    const targetViews = stats.weeklyViews.get(targetId) ?? 0;
    const raw = new Map<string, number>();
    let maxCo = 0;
    for (const id of candidates) {
      const together = partners?.get(id) ?? 0;
      if (together === 0) continue;
      const co = together / Math.sqrt((targetViews + CO_READ_DAMPING) * ((stats.weeklyViews.get(id) ?? 0) + CO_READ_DAMPING));
      raw.set(id, co);
      maxCo = Math.max(maxCo, co);
    }

    const items: RankedItem[] = [];
    const targetTerms = termsOf(target);
    for (const id of candidates) {
      const candidate = catalog.get(id)!;
      const coRead = maxCo > 0 ? (raw.get(id) ?? 0) / maxCo : 0;
      const sameSection = target.section !== undefined && target.section === candidate.section ? 1 : 0;
      const content = 0.4 * sameSection + 0.4 * jaccard(target.tags, candidate.tags) + 0.2 * jaccard(targetTerms, termsOf(candidate));
      const freshness = 2 ** (-(at - Date.parse(candidate.publishedAt)) / (settings.freshnessHalfLifeHours * HOUR_MS));
      const score = settings.coReadWeight * coRead + settings.contentWeight * content + settings.freshnessWeight * freshness;
      if (score <= 0) continue;
      items.push({ articleId: id, score, parts: { coReads: partners?.get(id) ?? 0, coRead, content, freshness } });
    }
    result.set(targetId, items.sort(byScore).slice(0, settings.count));
  }
  return result;
}

function pushCapped(map: Map<string, string[]>, key: string, id: string, cap: number) {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  if (list.length < cap) list.push(id);
}
