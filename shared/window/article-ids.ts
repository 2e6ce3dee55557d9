/**
 * Article ids as dense integers for one rank run. A week of co-reads is millions of (article, article)
 * counts: keyed by integers they fit in typed arrays, where string-keyed maps cost seconds and hundreds of MB.
 *
 * A run's ids are closed (`ArticleIds.of(catalog)`): only the catalog's articles get a position, and what a
 * stored hour says of any other id is skipped, so the run's memory follows the catalog, never the ids clients
 * made up. An open set (`new ArticleIds()`) gives every id a position as it comes.
 */
export class ArticleIds {
  /** Position → article id. */
  readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  private closed = false;

  /** The closed set of these ids. */
  static of(articleIds: Iterable<string>): ArticleIds {
    const ids = new ArticleIds();
    for (const id of articleIds) ids.intern(id);
    ids.closed = true;
    return ids;
  }

  /** The position of an id, giving it the next one if it has none yet. */
  intern(articleId: string): number {
    let position = this.positions.get(articleId);
    if (position === undefined) {
      position = this.ids.length;
      this.ids.push(articleId);
      this.positions.set(articleId, position);
    }
    return position;
  }

  /** The position of an id: interned in an open set, undefined for an id a closed set does not hold. */
  lookup(articleId: string): number | undefined {
    return this.closed ? this.positions.get(articleId) : this.intern(articleId);
  }

  positionOf(articleId: string): number | undefined {
    return this.positions.get(articleId);
  }

  get size(): number {
    return this.ids.length;
  }
}
