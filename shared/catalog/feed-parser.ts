import { parseFeedDate } from './feed-date.ts';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { articleIdSchema } from '../ids.ts';
import { articleSchema, type Article } from './article.ts';

/** A feed's items beyond this many are ignored: a run writes at most this many articles per feed. */
export const MAX_FEED_ITEMS = 500;
const MAX_CATEGORY_LENGTH = 64;
const MAX_TAGS = 20;

interface ParsedFeed {
  articles: Article[];
  /** One entry per item that could not become an article, saying which item and why. */
  skipped: { reason: string }[];
}

/**
 * Reads the articles of an RSS 2.0 (or 1.0) or Atom feed. Pure: no I/O, no clock. Throws only when the
 * document is not well-formed XML or not a feed; an item that cannot become a valid article is skipped with a
 * reason, so one bad item never costs the others.
 *
 * The article id must equal the one the site's beacon sends for the same page, so it is taken, in order, from:
 * 1. a `<newspulse:articleId>` element (publishers who can, should add it); if present but invalid, the item
 *    is skipped rather than guessed;
 * 2. the `guid` (RSS) or `id` (Atom), unless it is a URL or URI (`http://…`, `urn:…`, `tag:…`), when it is a
 *    valid article id (publishers' numeric ids and slugs);
 * 3. the last non-empty path segment of the link, without a page extension (`.html`, `.php`, …), when valid.
 *    The link is `<link>`, else (RSS) a guid that is a permalink URL (`isPermaLink` true, the default).
 * Otherwise the item is skipped. Two items with the same id: the first wins.
 *
 * Text is entity-decoded (XML and HTML entities, and once more for titles and categories, because feeds often
 * escape twice or put escaped HTML in CDATA) and trimmed, but otherwise kept as it is: markup in a title stays
 * literal text, which whatever renders it escapes. Relative links are resolved against `feedUrl`.
 */
export function parseFeed(xml: string, feedUrl: string): ParsedFeed {
  const text = xml.replace(/^\uFEFF/, '').trimStart();
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg.replace(/\s+/g, ' ')} (line ${valid.err.line})`);
  const doc = parser.parse(text) as Node;
  const { items, toCandidate } = feedItems(doc);

  const ns = prefixes(doc);
  const articles: Article[] = [];
  const skipped: { reason: string }[] = [];
  const ids = new Set<string>();
  for (const [index, item] of items.entries()) {
    const candidate = toCandidate(item, ns);
    const where = candidate.link ?? candidate.guid;
    const label = `item ${index + 1}${where ? ` (${where.slice(0, 200)})` : ''}`;
    if (index >= MAX_FEED_ITEMS) {
      skipped.push({ reason: `${label}: beyond the first ${MAX_FEED_ITEMS} items` });
      continue;
    }
    const result = toArticle(candidate, feedUrl);
    if (typeof result === 'string') skipped.push({ reason: `${label}: ${result}` });
    else if (ids.has(result.articleId)) skipped.push({ reason: `${label}: duplicate articleId ${result.articleId}` });
    else {
      ids.add(result.articleId);
      articles.push(result);
    }
  }
  return { articles, skipped };
}

type Node = Record<string, unknown>;

/** What one RSS item or Atom entry says, before validation. */
interface Candidate {
  explicitId?: string;
  guid?: string;
  link?: string;
  title?: string;
  date?: string;
  categories: string[];
  images: string[];
}

/** Namespace prefixes as the document binds them (they are the author's choice), with the usual defaults. */
interface Prefixes {
  media: string;
  dc: string;
}

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

function feedItems(doc: Node): { items: Node[]; toCandidate: (item: Node, ns: Prefixes) => Candidate } {
  const rss = doc.rss as Node | undefined;
  if (rss && typeof rss === 'object') return { items: nodes((first(rss.channel) as Node | undefined)?.item), toCandidate: rssCandidate };
  const rdfKey = Object.keys(doc).find((key) => localName(key) === 'RDF');
  if (rdfKey) return { items: nodes((doc[rdfKey] as Node).item), toCandidate: rssCandidate };
  const feed = doc.feed as Node | undefined;
  if (feed && typeof feed === 'object') return { items: nodes(feed.entry), toCandidate: atomCandidate };
  throw new Error(`not an RSS or Atom feed (root element: ${Object.keys(doc)[0] ?? 'none'})`);
}

function rssCandidate(item: Node, ns: Prefixes): Candidate {
  const images = [...mediaImages(item, ns), ...nodes(item.enclosure).filter(isImageMedia).map((e) => attr(e, 'url'))];
  return {
    explicitId: text(item['newspulse:articleId']),
    guid: text(item.guid),
    link: text(item.link) ?? attr(first(item.link), 'href') ?? permalink(item.guid),
    title: text(item.title, true),
    date: text(item.pubDate) ?? text(item[`${ns.dc}:date`]),
    categories: [...nodes(item.category), ...nodes(item[`${ns.dc}:subject`])].map((c) => text(c, true)).filter(isString),
    images: images.filter(isString),
  };
}

function atomCandidate(entry: Node, ns: Prefixes): Candidate {
  const links = nodes(entry.link);
  const alternate = links.filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const link = alternate.find((l) => /html/.test(attr(l, 'type') ?? 'text/html')) ?? alternate[0];
  const enclosures = links.filter((l) => attr(l, 'rel') === 'enclosure' && (attr(l, 'type') ?? '').startsWith('image/'));
  return {
    explicitId: text(entry['newspulse:articleId']),
    guid: text(entry.id),
    link: attr(link, 'href'),
    title: text(entry.title, true),
    date: text(entry.published) ?? text(entry.updated),
    categories: nodes(entry.category).map((c) => attr(c, 'term')).filter(isString).map(decodeHtmlEntities),
    images: [...mediaImages(entry, ns), ...enclosures.map((l) => attr(l, 'href'))].filter(isString),
  };
}

/** Image URLs from Media RSS: image `content` (also inside `group`) first, then thumbnails. */
/**
 * An RSS guid that is the item's permanent URL (RSS 2.0: `isPermaLink` is true unless it says false), for items
 * whose only link it is: valid RSS, and some feeds have no `<link>` at all.
 */
function permalink(guid: unknown): string | undefined {
  const value = text(guid);
  const flag = attr(first(guid), 'isPermaLink');
  return value !== undefined && flag?.toLowerCase() !== 'false' && /^https?:\/\//i.test(value) ? value : undefined;
}

function mediaImages(item: Node, ns: Prefixes): (string | undefined)[] {
  const groups = nodes(item[`${ns.media}:group`]);
  const contents = [item, ...groups].flatMap((n) => nodes(n[`${ns.media}:content`]));
  const thumbnails = [item, ...groups, ...contents].flatMap((n) => nodes(n[`${ns.media}:thumbnail`]));
  return [...contents.filter(isImageMedia), ...thumbnails].map((n) => attr(n, 'url'));
}

function isImageMedia(node: Node): boolean {
  const medium = attr(node, 'medium');
  const type = attr(node, 'type');
  if (medium || type) return medium === 'image' || Boolean(type?.startsWith('image/'));
  return /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(attr(node, 'url') ?? '');
}

function toArticle(c: Candidate, feedUrl: string): Article | string {
  const articleId = deriveArticleId(c);
  if (articleId.error) return articleId.error;
  if (!c.date) return 'no publish date (pubDate, dc:date, published or updated)';
  const date = parseFeedDate(c.date);
  if ('error' in date) return date.error;
  const publishedAt = date.iso;

  const categories = [...new Map(c.categories.filter((v) => v.length <= MAX_CATEGORY_LENGTH).map((v) => [v.toLowerCase(), v])).keys()];
  const image = c.images.map((url) => resolve(url, feedUrl)).find((url) => articleSchema.shape.image.safeParse(url).success);
  const parsed = articleSchema.safeParse({
    articleId: articleId.id,
    title: c.title ?? '',
    url: c.link === undefined ? '' : resolve(c.link, feedUrl),
    section: categories[0],
    tags: categories.slice(1, 1 + MAX_TAGS),
    publishedAt,
    image,
  });
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'article'}: ${issue.message}`).join('; ');
}

/** The id rule documented on parseFeed. */
function deriveArticleId(c: Candidate): { id: string; error?: undefined } | { id?: undefined; error: string } {
  if (c.explicitId !== undefined) {
    return isArticleId(c.explicitId) ? { id: c.explicitId } : { error: `newspulse:articleId "${c.explicitId.slice(0, 140)}" is not a valid article id` };
  }
  if (c.guid && !/^([a-z][a-z0-9+.-]*:\/\/|urn:|tag:)/i.test(c.guid) && isArticleId(c.guid)) return { id: c.guid };
  const slug = c.link === undefined ? undefined : linkSlug(c.link);
  if (slug && isArticleId(slug)) return { id: slug };
  return { error: 'no article id (no newspulse:articleId, no id-like guid, no usable link slug)' };
}

function linkSlug(link: string): string | undefined {
  let path: string;
  try {
    path = new URL(link, 'http://relative.invalid').pathname;
  } catch {
    return undefined;
  }
  const segment = path.split('/').filter(Boolean).at(-1);
  return segment?.replace(/\.(html?|shtml|xhtml|php|aspx?|jsp|cms)$/i, '');
}

function isArticleId(value: string): boolean {
  return articleIdSchema.safeParse(value).success;
}

function resolve(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function prefixes(doc: Node): Prefixes {
  const root = Object.values(doc).find((v): v is Node => typeof v === 'object' && v !== null) ?? {};
  const bound = (uri: RegExp, fallback: string) =>
    Object.entries(root).find(([key, value]) => key.startsWith('@_xmlns:') && typeof value === 'string' && uri.test(value))?.[0].slice(8) ?? fallback;
  return { media: bound(/^https?:\/\/search\.yahoo\.com\/mrss\/?$/, 'media'), dc: bound(/^https?:\/\/purl\.org\/dc\/elements\/1\.1\/?$/, 'dc') };
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
