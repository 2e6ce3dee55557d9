import type { CatalogArticle } from '../../catalog/article.ts';
import { DAY_MS, HOUR_MS } from '../../time.ts';
import { partnerRows } from '../../window/co-read-graph.ts';
import type { RankSettings } from '../rank-settings.ts';
import type { RankedItem } from '../ranked-item.ts';
import { TopK } from '../top-k.ts';
import type { WindowStats } from '../../window/window-stats.ts';
import { ContentFeatures } from './content-features.ts';

/** Content candidates per section and per tag, freshest first (co-read partners are always candidates). */
const SECTION_CANDIDATES = 50;
const TAG_CANDIDATES = 25;
/** Pseudo-views added to both sides of the co-read ratio, so two readers in common mean little. */
const CO_READ_DAMPING = 5;
/** Articles published this recently get related stories even before anyone read them. */
const NEW_ARTICLE_HOURS = 48;
/**
 * Candidates are scored in two rounds: first the content candidates and the partners with at least this
 * co-read, which fill the kept items with good ones, so that the long tail of a popular article's partners
 * (thousands read it with it once) more often fails the cheap bound in the second round. Any order gives the
 * same result; this one skips about a quarter of the overlap computations (bench/rank-scale.ts, 1M views).
 */
const FIRST_ROUND_CO_READ = 0.2;

/** Per-article numbers the candidate loop reads, side by side (one cache line an article, not seven arrays). */
const FRESHNESS = 0;
const DAMPED_VIEWS = 1;
const TIE_RANK = 2;
const ELIGIBLE = 3;
/** Per target: SEEN holds the target that last took the article as a candidate; TOGETHER and CO_READ its numbers. */
const SEEN = 4;
const TOGETHER = 5;
const CO_READ = 6;
const STRIDE = 8;

/**
 * You May Also Like, for every article read in the window and every new article. Score =
 * coReadWeight·coRead + contentWeight·content + freshnessWeight·freshness, where
 * - coRead: sessions that read both, divided by the geometric mean of both articles' (damped) views, so a
 *   merely popular article does not top every list; scaled so the article's best co-read is 1;
 * - content: 0.4·same section + 0.4·tag overlap + 0.2·title-term overlap (Jaccard);
 * - freshness: halves every freshnessHalfLifeHours of the candidate's age.
 * An article is never related to itself; candidates published after `at` or too old are left out. Each list
 * is the top `count` by score (ties: smaller article id first).
 *
 * One article at a time, so a caller can turn each list into what it stores and let it go: a big site has
 * hundreds of thousands of these lists. `only` narrows the articles that get a list (say, those without one).
 */
export function* rankRelated(
  stats: WindowStats,
  catalog: Map<string, CatalogArticle>,
  at: number,
  settings: RankSettings['related'],
  only: (articleId: string) => boolean = () => true,
): Generator<[string, RankedItem[]]> {
  // Every catalog article gets a position and its features once: the candidate loop below runs millions of
  // times on a big site, so it works on typed arrays instead of string-keyed maps.
  const articles = [...catalog.values()];
  const index = new Map<string, number>();
  articles.forEach((article, i) => index.set(article.articleId, i));
  const n = articles.length;
  const published = articles.map((a) => Date.parse(a.publishedAt));
  const rec = new Float64Array(n * STRIDE);
  for (let i = 0; i < n; i++) {
    const age = at - published[i]!;
    rec[i * STRIDE + ELIGIBLE] = age >= 0 && age <= settings.maxArticleAgeDays * DAY_MS ? 1 : 0;
    rec[i * STRIDE + FRESHNESS] = 2 ** (-age / (settings.freshnessHalfLifeHours * HOUR_MS));
    rec[i * STRIDE + DAMPED_VIEWS] = Math.sqrt((stats.weeklyViews.get(articles[i]!.articleId) ?? 0) + CO_READ_DAMPING);
    rec[i * STRIDE + SEEN] = -1;
  }
  const eligible = (i: number) => rec[i * STRIDE + ELIGIBLE] === 1;
  // Ties go to the smaller article id (the ranked-item order): rank the ids once, compare numbers after.
  [...Array(n).keys()]
    .sort((x, y) => (articles[x]!.articleId < articles[y]!.articleId ? -1 : articles[x]!.articleId > articles[y]!.articleId ? 1 : 0))
    .forEach((i, rank) => (rec[i * STRIDE + TIE_RANK] = rank));
  const content = new ContentFeatures(articles);
  const rows = partnerRows(stats.coReads, articles.map((a) => a.articleId), index);

  // Content candidates: the freshest eligible articles of each section and tag.
  const byFreshness = [...Array(n).keys()].filter(eligible).sort((x, y) => published[y]! - published[x]! || (articles[x]!.articleId < articles[y]!.articleId ? -1 : 1));
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
    if (i !== undefined && only(id)) targets.add(i);
  }
  for (let i = 0; i < n; i++) if (eligible(i) && at - published[i]! <= NEW_ARTICLE_HOURS * HOUR_MS && only(articles[i]!.articleId)) targets.add(i);
  // Section by section: targets of one section share their content candidates, which then stay in cache.
  const sectionOrder = new Map<string | undefined, number>();
  const ordered = [...targets].sort((x, y) => orderOf(sectionOrder, articles[x]!.section) - orderOf(sectionOrder, articles[y]!.section));

  const { coReadWeight, contentWeight, freshnessWeight } = settings;
  const firstRound = new Int32Array(n);
  const secondRound = new Int32Array(n);
  const best = new TopK(settings.count);
  /** Scores a candidate of the focused target into `best`, unless its upper bound cannot get in. */
  const consider = (i: number) => {
    const r = i * STRIDE;
    const partial = coReadWeight * rec[r + CO_READ]!;
    const fresh = freshnessWeight * rec[r + FRESHNESS]!;
    // Cheap upper bound first: most candidates of a big site cannot reach the kept items.
    if (!best.admits(partial + contentWeight * ContentFeatures.bound(content.sameSection(i)) + fresh)) return;
    const score = partial + contentWeight * content.similarity(i) + fresh;
    if (score > 0) best.offer(i, score, rec[r + TIE_RANK]!);
  };
  for (const t of ordered) {
    const target = articles[t]!;
    const targetViews = rec[t * STRIDE + DAMPED_VIEWS]!;
    content.focus(t);
    let firsts = 0;
    let seconds = 0;
    let maxCo = 0;
    for (let k = rows.offsets[t]!; k < rows.offsets[t + 1]!; k++) {
      const r = rows.partners[k]! * STRIDE;
      if (r === t * STRIDE || rec[r + ELIGIBLE] !== 1 || rec[r + SEEN] === t) continue;
      rec[r + SEEN] = t;
      rec[r + TOGETHER] = rows.sessions[k]!;
      maxCo = Math.max(maxCo, rec[r + TOGETHER]! / (targetViews * rec[r + DAMPED_VIEWS]!));
      secondRound[seconds++] = rows.partners[k]!;
    }
    // Scaled so the best co-read is 1 (count / (views·views) / max, the arithmetic of the score's definition).
    const partners = seconds;
    seconds = 0;
    for (let c = 0; c < partners; c++) {
      const i = secondRound[c]!;
      const r = i * STRIDE;
      const count = rec[r + TOGETHER]!;
      rec[r + CO_READ] = count > 0 && maxCo > 0 ? count / (targetViews * rec[r + DAMPED_VIEWS]!) / maxCo : 0;
      if (rec[r + CO_READ]! >= FIRST_ROUND_CO_READ) firstRound[firsts++] = i;
      else secondRound[seconds++] = i;
    }
    const takeContent = (list: number[] | undefined) => {
      for (const i of list ?? []) {
        const r = i * STRIDE;
        if (i === t || rec[r + ELIGIBLE] !== 1 || rec[r + SEEN] === t) continue;
        rec[r + SEEN] = t;
        rec[r + TOGETHER] = 0;
        rec[r + CO_READ] = 0;
        firstRound[firsts++] = i;
      }
    };
    if (target.section) takeContent(bySection.get(target.section));
    for (const tag of target.tags) takeContent(byTag.get(tag));

    for (let c = 0; c < firsts; c++) consider(firstRound[c]!);
    for (let c = 0; c < seconds; c++) consider(secondRound[c]!);

    const kept = best.drain();
    yield [
      target.articleId,
      kept.items.map((i, k) => ({
        articleId: articles[i]!.articleId,
        score: kept.scores[k]!,
        parts: { coReads: rec[i * STRIDE + TOGETHER]!, coRead: rec[i * STRIDE + CO_READ]!, content: content.similarity(i), freshness: rec[i * STRIDE + FRESHNESS]! },
      })),
    ];
  }
}

function orderOf(order: Map<string | undefined, number>, section: string | undefined): number {
  let k = order.get(section);
  if (k === undefined) order.set(section, (k = order.size));
  return k;
}

function pushCapped(map: Map<string, number[]>, key: string, id: number, cap: number) {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  if (list.length < cap) list.push(id);
}
