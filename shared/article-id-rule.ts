/**
 * What an article id is, and the id of a page URL: the one rule that a page's beacon (web/beacon.js,
 * web/widgets.js, which bundle this file) and the feed reader (shared/catalog/feed-parser.ts) share, so that
 * the views a page sends and the article its feed item describes meet under one id. No dependencies: it runs
 * in browsers as it is.
 */

/**
 * Article ids appear in URL paths and inside keys, where `#` separates parts: so ASCII letters, digits and
 * `._:~-` only (no `#`, `/`, `%`, `,` or spaces; a comma separates ids in `exclude`), starting with a letter or
 * digit (keys such as `~touched` sort after every id), at most 128 characters.
 */
export const ARTICLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}$/;

export function isArticleId(value: string): boolean {
  return ARTICLE_ID_PATTERN.test(value);
}

/** File names that name a folder's page rather than an article: `/2024/05/story/index.html` is `story`. */
const INDEX_PAGE = /^(index|default)(\.[a-z0-9]{1,6})?$/i;
/** Extensions of pages, dropped from the slug: `story.html` and `story` are one article. */
const PAGE_EXTENSION = /\.(html?|shtml|xhtml|php|aspx?|jsp|cms)$/i;

/**
 * The article id of a page URL (an article's canonical URL):
 * 1. the path's last segment, skipping empty segments (a trailing `/`) and index pages (`index.html`,
 *    `default.aspx`); the query and the fragment play no part;
 * 2. percent-decoded and in Unicode NFC, so `caf%C3%A9`, `café` and its decomposed form are one;
 * 3. without a page extension (`.html`, `.php`, …);
 * 4. that slug when it is a valid article id; otherwise (non-ASCII letters, a comma, more than 128
 *    characters) `h-` and 11 base-36 digits of a 53-bit hash of the slug: `/wiadomosci/zażółć-gęślą` and
 *    `/7,114884,30123456,tytul.html` get stable ids that beacon and feed compute alike.
 * Undefined when there is no slug (a site's front page `/`) or the URL cannot be read.
 *
 * Slugs must be unique within a site for this to work: sites whose URLs end in a generic name
 * (`/article.php?id=1`) give their pages and feeds explicit ids (data-article-id, newspulse:articleId).
 */
export function articleIdOfUrl(url: string, base?: string): string | undefined {
  let path: string;
  try {
    path = new URL(url, base).pathname;
  } catch {
    return undefined;
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  while (segments.length > 0 && INDEX_PAGE.test(segments[segments.length - 1] ?? '')) segments.pop();
  const last = segments[segments.length - 1];
  if (last === undefined) return undefined;
  const slug = percentDecoded(last).normalize('NFC').replace(PAGE_EXTENSION, '');
  if (slug === '') return undefined;
  return isArticleId(slug) ? slug : `h-${hash53(slug).toString(36).padStart(11, '0')}`;
}

function percentDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray `%`: the segment as written, the same on both sides
  }
}

/**
 * cyrb53 (public domain, bryc): a 53-bit hash of the string's UTF-16 code units, exact in a JavaScript number
 * on every engine. 53 bits: among a million slugs that need it, the chance that any two collide is about
 * one in 18,000.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
