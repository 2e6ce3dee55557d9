/**
 * Article ids as dense integers for one rank run. A week of co-reads is millions of (article, article)
 * counts: keyed by integers they fit in typed arrays, where string-keyed maps cost seconds and hundreds of MB.
 */
export class ArticleIds {
  /** Position → article id. */
  readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();

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

  positionOf(articleId: string): number | undefined {
    return this.positions.get(articleId);
  }

  get size(): number {
    return this.ids.length;
  }
}
