import type { CatalogArticle } from '../../catalog/article.ts';
import { DAY_MS, HOUR_MS } from '../../time.ts';
import type { RankSettings } from '../rank-settings.ts';
import { byScore, type RankedItem } from '../ranked-item.ts';
import type { WindowStats } from '../window-stats.ts';

/** Content candidates per section and per tag, freshest first (co-read partners are always candidates). */
const SECTION_CANDIDATES = 50;
const TAG_CANDIDATES = 25;
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

/** Jaccard overlap of two sorted id arrays. */
function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
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
  // Every catalog article gets an index and its features once: the candidate loop below runs millions of
  // times on a big site, so it works on typed arrays instead of string-keyed maps.
  const articles = [...catalog.values()];
  const index = new Map<string, number>();
  articles.forEach((article, i) => index.set(article.articleId, i));
  const n = articles.length;
  const published = articles.map((a) => Date.parse(a.publishedAt));
  const eligible = new Uint8Array(n);
  const freshness = new Float64Array(n);
  const dampedViews = new Float64Array(n);
  // Tags and title terms as sorted integer ids: overlap is then a merge of two tiny arrays.
  const tokenIds = new Map<string, number>();
  const toIds = (words: Iterable<string>) => {
    const ids = new Set<number>();
    for (const word of words) {
      let id = tokenIds.get(word);
      if (id === undefined) tokenIds.set(word, (id = tokenIds.size));
      ids.add(id);
    }
    return Int32Array.from(ids).sort();
  };
  const tags: Int32Array[] = [];
  const terms: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const age = at - published[i]!;
    eligible[i] = age >= 0 && age <= settings.maxArticleAgeDays * DAY_MS ? 1 : 0;
    freshness[i] = 2 ** (-age / (settings.freshnessHalfLifeHours * HOUR_MS));
    dampedViews[i] = Math.sqrt((stats.weeklyViews.get(articles[i]!.articleId) ?? 0) + CO_READ_DAMPING);
    tags.push(toIds(articles[i]!.tags));
    terms.push(toIds(titleTerms(articles[i]!.title)));
  }

  // Content candidates: the freshest eligible articles of each section and tag.
  const byFreshness = [...Array(n).keys()].filter((i) => eligible[i]).sort((x, y) => published[y]! - published[x]! || (articles[x]!.articleId < articles[y]!.articleId ? -1 : 1));
  const bySection = new Map<string, number[]>();
  const byTag = new Map<string, number[]>();
  for (const i of byFreshness) {
    const article = articles[i]!;
    if (article.section) pushCapped(bySection, article.section, i, SECTION_CANDIDATES);
    for (const tag of article.tags) pushCapped(byTag, tag, i, TAG_CANDIDATES);
  }

  const targets = new Set<number>();
  for (const id of stats.weeklyViews.keys()) {
    const i = index.get(id);
    if (i !== undefined) targets.add(i);
  }
  for (let i = 0; i < n; i++) if (eligible[i] && at - published[i]! <= NEW_ARTICLE_HOURS * HOUR_MS) targets.add(i);

  const sections = articles.map((a) => a.section);
  const seen = new Int32Array(n).fill(-1); // seen[i] === t: i is already a candidate of target t
  const together = new Float64Array(n);
  const maxContent = 0.4 + 0.4 + 0.2;
  const result = new Map<string, RankedItem[]>();
  for (const t of targets) {
    const target = articles[t]!;
    const targetSection = target.section;
    const candidates: number[] = [];
    const add = (i: number) => {
      if (i === t || !eligible[i] || seen[i] === t) return;
      seen[i] = t;
      together[i] = 0;
      candidates.push(i);
    };
    let maxCo = 0;
    const partners = stats.coReads.get(target.articleId);
    if (partners) {
      for (const [id, count] of partners) {
        const i = index.get(id);
        if (i === undefined) continue;
        add(i);
        if (seen[i] !== t) continue;
        together[i] = count;
        maxCo = Math.max(maxCo, count / (dampedViews[t]! * dampedViews[i]!));
      }
    }
    if (target.section) for (const i of bySection.get(target.section) ?? []) add(i);
    for (const tag of target.tags) for (const i of byTag.get(tag) ?? []) add(i);

    const items: RankedItem[] = [];
    let floor = -Infinity; // the score a candidate must beat once enough items are kept
    for (const i of candidates) {
      const count = together[i]!;
      const coRead = count > 0 && maxCo > 0 ? count / (dampedViews[t]! * dampedViews[i]!) / maxCo : 0;
      const fresh = freshness[i]!;
      // Cheap upper bound first: most candidates of a big site cannot reach the kept items.
      if (settings.coReadWeight * coRead + settings.contentWeight * maxContent + settings.freshnessWeight * fresh < floor) continue;
      const sameSection = targetSection !== undefined && targetSection === sections[i] ? 1 : 0;
      const content = 0.4 * sameSection + 0.4 * jaccard(tags[t]!, tags[i]!) + 0.2 * jaccard(terms[t]!, terms[i]!);
      const score = settings.coReadWeight * coRead + settings.contentWeight * content + settings.freshnessWeight * fresh;
      if (score <= 0 || score < floor) continue;
      items.push({ articleId: articles[i]!.articleId, score, parts: { coReads: count, coRead, content, freshness: fresh } });
      if (items.length >= settings.count * 4) {
        items.sort(byScore).length = settings.count;
        floor = items[items.length - 1]!.score;
      }
    }
    result.set(target.articleId, items.sort(byScore).slice(0, settings.count));
  }
  return result;
}

function pushCapped(map: Map<string, number[]>, key: string, id: number, cap: number) {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  if (list.length < cap) list.push(id);
}
