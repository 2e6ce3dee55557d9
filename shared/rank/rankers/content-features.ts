import type { CatalogArticle } from '../../catalog/article.ts';

const STOPWORDS = new Set(
  'the and for with that this from are was were has have had not but you your its into over after about more than what when where who why how new says said will can just all out off our their them they his her she him been being also amid'.split(' '),
);

export function titleTerms(title: string): Set<string> {
  const terms = new Set<string>();
  for (const word of title.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3 && !STOPWORDS.has(word)) terms.add(word);
  return terms;
}

/**
 * What related stories compare of two articles' content: section, tags and title terms, as integers. The
 * ranker compares one target with thousands of candidates in a row, so the target's tags and terms are
 * stamped into a token table once (`focus`), and each comparison is then a look-up per candidate token
 * over flat arrays (article i's tags are tags[tagStart[i]..tagStart[i+1]]) instead of a merge of objects.
 */
export class ContentFeatures {
  private readonly sections: Int32Array;
  private readonly tagStart: Int32Array;
  private readonly tags: Int32Array;
  private readonly termStart: Int32Array;
  private readonly terms: Int32Array;
  /** stamp[token] === focused + 1: the focused article has this tag (tags) or term (terms). */
  private readonly tagStamp: Int32Array;
  private readonly termStamp: Int32Array;
  private focused = -1;

  constructor(articles: readonly CatalogArticle[]) {
    const tokens = new Map<string, number>();
    const toIds = (words: Iterable<string>) => {
      const ids = new Set<number>();
      for (const word of words) {
        let id = tokens.get(word);
        if (id === undefined) tokens.set(word, (id = tokens.size));
        ids.add(id);
      }
      return Int32Array.from(ids);
    };
    const sectionIds = new Map<string, number>();
    // No section is -1, and never equal to another article's: "same section" needs one.
    this.sections = Int32Array.from(articles, (a) => {
      if (a.section === undefined) return -1;
      let id = sectionIds.get(a.section);
      if (id === undefined) sectionIds.set(a.section, (id = sectionIds.size));
      return id;
    });
    [this.tagStart, this.tags] = flatten(articles.map((a) => toIds(a.tags)));
    [this.termStart, this.terms] = flatten(articles.map((a) => toIds(titleTerms(a.title))));
    this.tagStamp = new Int32Array(tokens.size);
    this.termStamp = new Int32Array(tokens.size);
  }

  /** Makes `a` the article that similarity() compares with. */
  focus(a: number): void {
    this.focused = a;
    for (let k = this.tagStart[a]!; k < this.tagStart[a + 1]!; k++) this.tagStamp[this.tags[k]!] = a + 1;
    for (let k = this.termStart[a]!; k < this.termStart[a + 1]!; k++) this.termStamp[this.terms[k]!] = a + 1;
  }

  sameSection(b: number): 0 | 1 {
    const section = this.sections[this.focused]!;
    return section >= 0 && section === this.sections[b] ? 1 : 0;
  }

  /** 0.4·same section + 0.4·tag overlap + 0.2·title-term overlap (Jaccard) with the focused article, in 0..1. */
  similarity(b: number): number {
    const a = this.focused;
    return (
      0.4 * this.sameSection(b) +
      0.4 * jaccard(this.tags, this.tagStamp, a, this.tagStart[a + 1]! - this.tagStart[a]!, this.tagStart[b]!, this.tagStart[b + 1]!) +
      0.2 * jaccard(this.terms, this.termStamp, a, this.termStart[a + 1]! - this.termStart[a]!, this.termStart[b]!, this.termStart[b + 1]!)
    );
  }

  /** The most similarity(b) can be, knowing only whether the sections match (overlaps at most 1). */
  static bound(sameSection: 0 | 1): number {
    return 0.4 * sameSection + 0.4 + 0.2;
  }
}

/** Jaccard overlap of the focused article's tokens (`size` of them, stamped a + 1) and ids[b..bEnd). */
function jaccard(ids: Int32Array, stamp: Int32Array, a: number, size: number, b: number, bEnd: number): number {
  if (size === 0 || b === bEnd) return 0;
  let shared = 0;
  for (let k = b; k < bEnd; k++) if (stamp[ids[k]!] === a + 1) shared++;
  return shared / (size + (bEnd - b) - shared);
}

function flatten(lists: Int32Array[]): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (start[i + 1] = start[i]! + list.length));
  const flat = new Int32Array(start[lists.length]!);
  lists.forEach((list, i) => flat.set(list, start[i]!));
  return [start, flat];
}
