import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { articleIdOfUrl, isArticleId } from '../article-id-rule.ts';
import { articleSchema, type Article } from './article.ts';
import { parseFeedDate } from './feed-date.ts';
import { sectionRule, type SectionRules, type SectionSource } from './section-rule.ts';

/**
 * A feed's items beyond this many are ignored, so a run writes at most this many articles per feed (the body
 * is also capped at 2 MB: shared/catalog/feed-poller.ts). A podcast's full archive of 730 items fits.
 */
export const MAX_FEED_ITEMS = 1_000;
const MAX_CATEGORY_LENGTH = 64;
const MAX_TAGS = 20;

/** Where an article's id came from (the rule on parseFeed). */
export type IdSource = 'newspulse:articleId' | 'guid' | 'url';

/** How one article of the feed was read: for `newspulse feeds check`. */
export interface ArticleProvenance {
  idFrom: IdSource;
  sectionFrom?: SectionSource;
}

export interface ParsedFeed {
  articles: Article[];
  /** Parallel to `articles`. */
  provenance: ArticleProvenance[];
  /** One entry per item that could not become an article, saying which item and why. */
  skipped: { reason: string }[];
}

/**
 * Reads the articles of an RSS 2.0 (or 1.0) or Atom feed. Pure: no I/O, no clock. Throws only when the
 * document is not well-formed XML or not a feed; an item that cannot become a valid article is skipped with a
 * reason, so one bad item never costs the others.
 *
 * The url: `feedburner:origLink` (the publisher's page, where `<link>` is a feedburner redirect), else the link
 * (Atom: the alternate HTML one), else (RSS) a guid that is a permalink (`isPermaLink` true, the default); a
 * link to the site's front page gives way to a permalink guid. Relative URLs resolve against `xml:base`, then
 * `feedUrl`.
 *
 * The article id must equal the one the site's pages send for the same article, so it is taken, in order, from:
 * 1. a `<newspulse:articleId>` element (publishers who can, should add it); if present but invalid, the item
 *    is skipped rather than guessed;
 * 2. the `guid` (RSS) or `id` (Atom), unless it is a URL or URI (`http://…`, `urn:…`, `tag:…`), when it is a
 *    valid article id (publishers' numeric ids and slugs): pages must then send it as `data-article-id`;
 * 3. the url, by the rule pages without an explicit id use too (shared/article-id-rule.ts).
 * Two items with the same id: the first wins, and the second is reported (naming both URLs when they differ:
 * the site's slugs are not unique, and it needs explicit ids).
 *
 * The section follows the site's rules (shared/catalog/section-rule.ts), never a keyword; every category
 * becomes a tag. The image is the largest the item offers. Text is entity-decoded (XML and HTML entities, and
 * once more for titles and categories, because feeds often escape twice or put escaped HTML in CDATA) and
 * trimmed, but otherwise kept as it is: markup in a title stays literal text, which whatever renders it escapes.
 */
export function parseFeed(xml: string, feedUrl: string, rules: SectionRules = {}): ParsedFeed {
  const text = xml.replace(/^\uFEFF/, '').trimStart();
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg.replace(/\s+/g, ' ')} (line ${valid.err.line})`);
  const doc = parser.parse(text) as Node;
  const { items, toCandidate, base } = feedItems(doc, feedUrl);

  const ns = prefixes(doc);
  const sectionOf = sectionRule(rules);
  const parsed: ParsedFeed = { articles: [], provenance: [], skipped: [] };
  const seen = new Map<string, { index: number; url: string }>();
  for (const [index, item] of items.entries()) {
    const candidate = toCandidate(item, ns, baseOf(item, base));
    const where = candidate.link ?? candidate.guid;
    const label = `item ${index + 1}${where ? ` (${where.slice(0, 200)})` : ''}`;
    if (index >= MAX_FEED_ITEMS) {
      parsed.skipped.push({ reason: `${label}: beyond the first ${MAX_FEED_ITEMS} items` });
      continue;
    }
    const result = toArticle(candidate, sectionOf);
    if (typeof result === 'string') {
      parsed.skipped.push({ reason: `${label}: ${result}` });
      continue;
    }
    const { article } = result;
    const earlier = seen.get(article.articleId);
    if (earlier) {
      const why =
        earlier.url === article.url
          ? `repeats item ${earlier.index + 1} (article id ${article.articleId})`
          : `same article id ${article.articleId} as item ${earlier.index + 1} (${earlier.url.slice(0, 200)}), another URL: if they are different articles, the URLs' last segments are not unique, and the feed and the pages need explicit ids (newspulse:articleId, data-article-id)`;
      parsed.skipped.push({ reason: `${label}: ${why}` });
      continue;
    }
    seen.set(article.articleId, { index, url: article.url });
    parsed.articles.push(article);
    parsed.provenance.push(result.provenance);
  }
  return parsed;
}

type Node = Record<string, unknown>;

/** What one RSS item or Atom entry says, before validation; URLs already resolved. */
interface Candidate {
  explicitId?: string;
  guid?: string;
  link?: string;
  title?: string;
  date?: string;
  categories: string[];
  images: Image[];
}

/** An image an item offers; `width` when given (else its height, as the best measure there is). */
interface Image {
  url: string;
  thumbnail: boolean;
  width?: number;
}

/** Namespace prefixes as the document binds them (they are the author's choice), with the usual defaults. */
interface Prefixes {
  media: string;
  dc: string;
  itunes: string;
  feedburner: string;
}

type ToCandidate = (item: Node, ns: Prefixes, base: string) => Candidate;

const ARRAY_TAGS = new Set(['item', 'entry', 'category', 'link', 'content', 'thumbnail', 'enclosure', 'group', 'subject']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false, // a guid "00123" stays a string
  parseAttributeValue: false,
  trimValues: false, // trimming each piece would glue "x <![CDATA[y]]> z" into "xyz"; text() trims the whole
  htmlEntities: true, // &rsquo; &nbsp; … are common in feeds though XML does not define them
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tagName) => ARRAY_TAGS.has(localName(tagName)),
});

function feedItems(doc: Node, feedUrl: string): { items: Node[]; toCandidate: ToCandidate; base: string } {
  const root = Object.keys(doc)[0];
  if ('rss' in doc) {
    const rss = asNode(doc.rss);
    const channel = asNode(first(rss.channel));
    if (rss.channel === undefined) throw new Error('an RSS document without a <channel>: not a feed, or an empty one');
    return { items: nodes(channel.item), toCandidate: rssCandidate, base: baseOf(channel, baseOf(rss, feedUrl)) };
  }
  const rdfKey = Object.keys(doc).find((key) => localName(key) === 'RDF');
  if (rdfKey) return { items: nodes(asNode(doc[rdfKey]).item), toCandidate: rssCandidate, base: baseOf(asNode(doc[rdfKey]), feedUrl) };
  if ('feed' in doc) {
    const feed = asNode(doc.feed);
    return { items: nodes(feed.entry), toCandidate: atomCandidate, base: baseOf(feed, feedUrl) };
  }
  throw new Error(`not an RSS or Atom feed (root element: ${root ?? 'none'})`);
}

function rssCandidate(item: Node, ns: Prefixes, base: string): Candidate {
  const origLink = text(item[`${ns.feedburner}:origLink`]);
  const link = text(item.link) ?? attr(first(item.link), 'href');
  const guidLink = permalink(item.guid);
  return {
    explicitId: text(item['newspulse:articleId']),
    guid: text(item.guid),
    link: itemUrl([origLink, link, guidLink], base),
    title: text(item.title, true),
    date: text(item.pubDate) ?? text(item[`${ns.dc}:date`]),
    categories: [...nodes(item.category), ...nodes(item[`${ns.dc}:subject`])].map((c) => text(c, true)).filter(isString),
    images: images(item, ns, base),
  };
}

function atomCandidate(entry: Node, ns: Prefixes, base: string): Candidate {
  const links = nodes(entry.link);
  const alternate = links.filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const link = alternate.find((l) => /html/.test(attr(l, 'type') ?? 'text/html')) ?? alternate[0];
  const enclosures = links.filter((l) => attr(l, 'rel') === 'enclosure' && (attr(l, 'type') ?? '').startsWith('image/'));
  const href = attr(link, 'href');
  return {
    explicitId: text(entry['newspulse:articleId']),
    guid: text(entry.id),
    link: itemUrl([text(entry[`${ns.feedburner}:origLink`]), href === undefined ? undefined : resolve(href, baseOf(link ?? {}, base))], base),
    title: text(entry.title, true),
    // Atom 1.0, then Atom 0.3's names (still served by some publishers)
    date: text(entry.published) ?? text(entry.issued) ?? text(entry.updated) ?? text(entry.modified),
    categories: nodes(entry.category).map((c) => attr(c, 'term')).filter(isString).map(decodeHtmlEntities),
    images: [...images(entry, ns, base), ...enclosures.map((l) => image(l, 'href', base, false))].filter(isImage),
  };
}

/**
 * The item's URL from its candidates in order (origLink, link, permalink guid), resolved; a candidate that is a
 * site's front page (no article id, as a podcast's items linking home) gives way to a later one that has one.
 */
function itemUrl(candidates: (string | undefined)[], base: string): string | undefined {
  const urls = candidates.filter(isString).map((url) => resolve(url, base));
  return urls.find((url) => articleIdOfUrl(url) !== undefined) ?? urls[0];
}

/**
 * An RSS guid that is the item's permanent URL (RSS 2.0: `isPermaLink` is true unless it says false), for items
 * whose only link it is: valid RSS, and some feeds have no `<link>` at all. Absolute, or a path (`/blog/x`).
 */
function permalink(guid: unknown): string | undefined {
  const value = text(guid);
  const flag = attr(first(guid), 'isPermaLink');
  return value !== undefined && flag?.toLowerCase() !== 'false' && /^(https?:\/\/|\/[^/])/i.test(value) ? value : undefined;
}

/** Every image the item offers: Media RSS content (also inside `group`) and thumbnails, image enclosures, itunes:image. */
function images(item: Node, ns: Prefixes, base: string): Image[] {
  const groups = nodes(item[`${ns.media}:group`]);
  const contents = [item, ...groups].flatMap((n) => nodes(n[`${ns.media}:content`]));
  const thumbnails = [item, ...groups, ...contents].flatMap((n) => nodes(n[`${ns.media}:thumbnail`]));
  return [
    ...contents.filter(isImageMedia).map((n) => image(n, 'url', base, false)),
    ...nodes(item.enclosure).filter(isImageMedia).map((n) => image(n, 'url', base, false)),
    ...nodes(item[`${ns.itunes}:image`]).map((n) => image(n, 'href', base, false)),
    ...thumbnails.map((n) => image(n, 'url', base, true)),
  ].filter(isImage);
}

function image(node: Node, urlAttr: string, base: string, thumbnail: boolean): Image | undefined {
  const url = attr(node, urlAttr);
  if (url === undefined) return undefined;
  const width = Number(attr(node, 'width'));
  const height = Number(attr(node, 'height'));
  const size = width > 0 ? width : height > 0 ? height : undefined;
  return { url: resolve(url, baseOf(node, base)), thumbnail, ...(size === undefined ? {} : { width: size }) };
}

/**
 * The largest image: the widest among those that give a width (publishers list sizes smallest first, often
 * with a width only), except that a thumbnail never beats a full image of unknown size (thumbnails are small
 * by definition); with no sizes, the first full image (media:content, enclosure, itunes:image), then the first
 * thumbnail. Invalid URLs are passed over.
 */
function largestImage(offered: Image[]): string | undefined {
  const usable = offered.filter((i) => articleSchema.shape.image.safeParse(i.url).success);
  const sized = usable.filter((i) => i.width !== undefined).sort((a, b) => (b.width ?? 0) - (a.width ?? 0));
  const unsizedFull = usable.find((i) => i.width === undefined && !i.thumbnail);
  const biggest = sized[0];
  if (biggest && !(biggest.thumbnail && unsizedFull)) return biggest.url;
  return (unsizedFull ?? usable[0])?.url;
}

function isImageMedia(node: Node): boolean {
  const medium = attr(node, 'medium');
  const type = attr(node, 'type');
  if (medium || type) return medium === 'image' || Boolean(type?.startsWith('image/'));
  return /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(attr(node, 'url') ?? '');
}

function toArticle(c: Candidate, sectionOf: ReturnType<typeof sectionRule>): { article: Article; provenance: ArticleProvenance } | string {
  const id = deriveArticleId(c);
  if ('error' in id) return id.error;
  if (c.link === undefined) return 'no link (no <link>, feedburner:origLink or permalink guid): nothing to send readers to';
  if (!c.date) return 'no publish date (pubDate, dc:date, published, issued, updated or modified)';
  const date = parseFeedDate(c.date);
  if ('error' in date) return date.error;

  const categories = [...new Map(c.categories.filter((v) => v.length <= MAX_CATEGORY_LENGTH).map((v) => [v.toLowerCase(), v])).keys()];
  const url = c.link;
  const section = sectionOf(url, categories);
  const parsed = articleSchema.safeParse({
    articleId: id.id,
    title: c.title ?? '',
    url,
    section: section?.section,
    tags: categories.filter((category) => category !== section?.section).slice(0, MAX_TAGS),
    publishedAt: date.iso,
    image: largestImage(c.images),
  });
  if (parsed.success) return { article: parsed.data, provenance: { idFrom: id.from, ...(section ? { sectionFrom: section.from } : {}) } };
  return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'article'}: ${issue.message}`).join('; ');
}

/** The id rule documented on parseFeed. */
function deriveArticleId(c: Candidate): { id: string; from: IdSource } | { error: string } {
  if (c.explicitId !== undefined) {
    return isArticleId(c.explicitId)
      ? { id: c.explicitId, from: 'newspulse:articleId' }
      : { error: `newspulse:articleId "${c.explicitId.slice(0, 140)}" is not a valid article id` };
  }
  if (c.guid && !/^([a-z][a-z0-9+.-]*:\/\/|urn:|tag:)/i.test(c.guid) && isArticleId(c.guid)) return { id: c.guid, from: 'guid' };
  const fromUrl = c.link === undefined ? undefined : articleIdOfUrl(c.link);
  if (fromUrl) return { id: fromUrl, from: 'url' };
  if (c.link === undefined) return { error: 'no link, no permalink guid and no id: nothing says which page it is' };
  return { error: 'no article id: the link has no path to name it (a front page, or /?p=123), and there is no id-like guid or newspulse:articleId' };
}

/** `xml:base` of an element, resolved against the base in scope; the base in scope when it has none. */
function baseOf(node: Node, inScope: string): string {
  const declared = attr(node, 'xml:base');
  return declared === undefined ? inScope : resolve(declared, inScope);
}

function prefixes(doc: Node): Prefixes {
  const root = Object.values(doc).find((v): v is Node => typeof v === 'object' && v !== null) ?? {};
  const bound = (uri: RegExp, fallback: string) =>
    Object.entries(root).find(([key, value]) => key.startsWith('@_xmlns:') && typeof value === 'string' && uri.test(value))?.[0].slice(8) ?? fallback;
  return {
    media: bound(/^https?:\/\/search\.yahoo\.com\/mrss\/?$/, 'media'),
    dc: bound(/^https?:\/\/purl\.org\/dc\/elements\/1\.1\/?$/, 'dc'),
    itunes: bound(/^https?:\/\/www\.itunes\.com\/dtds\/podcast-1\.0\.dtd$/, 'itunes'),
    feedburner: bound(/^https?:\/\/rssnamespace\.org\/feedburner\/ext\/1\.0$/, 'feedburner'),
  };
}

function asNode(value: unknown): Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {};
}

function isImage(value: Image | undefined): value is Image {
  return value !== undefined;
}

function resolve(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/**
 * The text of an element, trimmed; undefined when empty. Elements with attributes carry it in `#text`; XHTML
 * content (Atom `type="xhtml"`) is flattened to its text. `decodeTwice` applies the extra entity pass.
 */
function text(value: unknown, decodeTwice = false): string | undefined {
  const raw = rawText(first(value));
  const trimmed = (decodeTwice && raw !== undefined ? decodeHtmlEntities(raw) : raw)?.trim();
  return trimmed ? trimmed : undefined;
}

function rawText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!value || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return value.map(rawText).filter(isString).join(' ');
  // Mixed content: the parser keeps an element's own text apart from its children's, so the order between
  // them is lost. Escaped or CDATA markup (what feeds send) is plain text and never gets here.
  const { '#text': own, ...rest } = value as Node;
  const children = Object.entries(rest).filter(([key]) => !key.startsWith('@_')).map(([, child]) => rawText(child));
  const parts = [rawText(own), ...children];
  return parts.filter((part): part is string => part !== undefined && part.trim() !== '').join(' ') || undefined;
}

function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as Node)[`@_${name}`];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** The element(s) as a list of objects (a text-only element becomes `{ '#text': … }`). */
function nodes(value: unknown): Node[] {
  const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  return list.map((v) => (v !== null && typeof v === 'object' ? (v as Node) : { '#text': v === '' ? undefined : v }));
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A Map: a feed's `&valueOf;` must not find Object.prototype's valueOf. */
const NAMED_ENTITIES = new Map(
  Object.entries({
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '\u2013', mdash: '\u2014',
    lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e',
    laquo: '\u00ab', raquo: '\u00bb', lsaquo: '\u2039', rsaquo: '\u203a', hellip: '\u2026', bull: '\u2022',
    middot: '\u00b7', copy: '\u00a9', reg: '\u00ae', trade: '\u2122', euro: '\u20ac', pound: '\u00a3', deg: '\u00b0',
  }),
);

/**
 * The extra decoding pass: numeric references and the named entities feeds actually use. Unknown names stay as
 * written. Never removes anything, so `&lt;script&gt;` becomes the literal text `<script>`.
 */
function decodeHtmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES.get(ref) ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}
