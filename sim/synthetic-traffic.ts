import type { Article } from '../shared/catalog/article.ts';
import type { TimedEvent } from '../shared/ingest/record-events.ts';

/**
 * Seeded synthetic readers of a news site, for tests, benchmarks and `newspulse simulate`:
 * - popularity is power-law (Zipf, exponent ~1) times an interest that halves every few hours after publish;
 * - sessions read a few articles minutes apart, mostly staying in the section they started in;
 * - some sessions are bots (a crawler user agent) and some refresh one article again and again;
 * - half the views are followed by an engage event whose engaged time depends on the article's quality.
 * Deterministic for a seed; streams session by session so millions of events need no memory.
 */

export interface TrafficOptions {
  seed: number;
  /** First possible event (epoch ms). */
  start: number;
  /** Last possible event, exclusive (epoch ms). */
  end: number;
  /** Catalog size; articles are published over [start - 2 days, end). */
  articles: number;
  /** Reader sessions, starting spread over [start, end). */
  sessions: number;
  sections?: string[];
  botShare?: number;
  refresherShare?: number;
  engageShare?: number;
  siteUrl?: string;
}

export interface TrafficEvent {
  event: TimedEvent;
  userAgent: string;
  bot: boolean;
}

const DEFAULT_SECTIONS = ['world', 'politics', 'business', 'tech', 'sport', 'culture'];
const INTEREST_HALF_LIFE_MS = 6 * 3_600_000;
const INTEREST_FLOOR = 0.02;
const TOPIC_AFFINITY = 0.6;

const HUMAN_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
];
const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
];

const VOCABULARY: Record<string, string[]> = {
  world: ['summit', 'border', 'ceasefire', 'embassy', 'refugees', 'treaty', 'election', 'protest', 'sanctions', 'envoy'],
  politics: ['parliament', 'budget', 'minister', 'vote', 'coalition', 'reform', 'senate', 'campaign', 'poll', 'bill'],
  business: ['markets', 'inflation', 'rates', 'earnings', 'startup', 'merger', 'oil', 'trade', 'jobs', 'banks'],
  tech: ['chips', 'robots', 'privacy', 'software', 'satellite', 'battery', 'browser', 'cloud', 'phones', 'security'],
  sport: ['final', 'league', 'transfer', 'coach', 'record', 'injury', 'derby', 'marathon', 'olympics', 'cup'],
  culture: ['festival', 'album', 'museum', 'novel', 'film', 'theatre', 'award', 'concert', 'exhibition', 'series'],
};

/** mulberry32: a small, fast, seedable generator; [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function vocabularyOf(section: string): string[] {
  return VOCABULARY[section] ?? [...section.replace(/[^a-z]/g, '').padEnd(3, 'x')].map((_, i) => `${section}${i}`);
}

/** The synthetic catalog: deterministic for the seed. */
export function syntheticCatalog(options: TrafficOptions): Article[] {
  const random = createRandom(options.seed ^ 0x5eed);
  const sections = options.sections ?? DEFAULT_SECTIONS;
  const siteUrl = options.siteUrl ?? 'https://news.example';
  const first = options.start - 2 * 86_400_000;
  const articles: Article[] = [];
  for (let i = 0; i < options.articles; i++) {
    const section = sections[i % sections.length]!;
    const words = vocabularyOf(section);
    const tags = [...new Set(Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(random, words)))];
    const title = `${capitalize(pick(random, words))} ${pick(random, ['talks', 'shock', 'rally', 'plan', 'row', 'hopes', 'fears', 'deal'])} as ${pick(random, words)} ${pick(random, ['rise', 'fall', 'return', 'stall', 'surge'])}`;
    const id = `a${i.toString().padStart(6, '0')}`;
    articles.push({
      articleId: id,
      title,
      url: `${siteUrl}/articles/${id}`,
      section,
      tags,
      publishedAt: new Date(first + Math.floor(random() * (options.end - first))).toISOString(),
      image: `${siteUrl}/images/${id}.jpg`,
    });
  }
  return articles;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Picks articles by power-law popularity times decaying interest at a given time. The weights are
 * recomputed per time bucket (15 minutes), so a session picks in O(log n).
 */
class Picker {
  private readonly published: number[];
  private readonly rankWeight: number[];
  private readonly sectionIndexes = new Map<string, number[]>();
  /** Weights per 15-minute bucket; a few are kept because consecutive sessions overlap in time. */
  private readonly buckets = new Map<number, { cumulative: Float64Array; sections: Map<string, Float64Array> }>();

  constructor(
    private readonly catalog: Article[],
    seed: number,
  ) {
    const random = createRandom(seed ^ 0x9e3779b9);
    // A random popularity rank per article (not tied to its index or section).
    const order = catalog.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    this.rankWeight = new Array<number>(catalog.length);
    order.forEach((articleIndex, rank) => (this.rankWeight[articleIndex] = 1 / (rank + 1)));
    this.published = catalog.map((a) => Date.parse(a.publishedAt));
    catalog.forEach((a, i) => {
      const list = this.sectionIndexes.get(a.section ?? '') ?? [];
      list.push(i);
      this.sectionIndexes.set(a.section ?? '', list);
    });
  }

  private weight(i: number, t: number): number {
    const age = t - this.published[i]!;
    if (age < 0) return 0;
    return this.rankWeight[i]! * (2 ** (-age / INTEREST_HALF_LIFE_MS) + INTEREST_FLOOR);
  }

  private weightsAt(t: number) {
    const bucket = Math.floor(t / 900_000);
    let entry = this.buckets.get(bucket);
    if (entry) return { bucket, entry };
    const at = bucket * 900_000; // bucket start: an article published later in it is not picked early
    const cumulative = new Float64Array(this.catalog.length);
    let sum = 0;
    for (let i = 0; i < this.catalog.length; i++) cumulative[i] = sum += this.weight(i, at);
    entry = { cumulative, sections: new Map() };
    if (this.buckets.size >= 16) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(bucket, entry);
    return { bucket, entry };
  }

  /** An article index by popularity at time t (optionally within a section), or -1 if none is published. */
  pick(t: number, random: () => number, section?: string): number {
    const { bucket, entry } = this.weightsAt(t);
    if (section === undefined) return search(entry.cumulative, random(), (k) => k);
    const indexes = this.sectionIndexes.get(section) ?? [];
    let cumulative = entry.sections.get(section);
    if (!cumulative) {
      cumulative = new Float64Array(indexes.length);
      let sum = 0;
      const at = bucket * 900_000; // bucket start: an article published later in it is not picked early
      indexes.forEach((i, k) => (cumulative![k] = sum += this.weight(i, at)));
      entry.sections.set(section, cumulative);
    }
    return search(cumulative, random(), (k) => indexes[k]!);
  }
}

function search(cumulative: Float64Array, u: number, map: (k: number) => number): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total <= 0) return -1;
  const target = u * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return map(lo);
}

/** Events session by session (each session's events in time order; not globally sorted). */
export function* syntheticEvents(options: TrafficOptions, catalog = syntheticCatalog(options)): Generator<TrafficEvent> {
  const random = createRandom(options.seed);
  const picker = new Picker(catalog, options.seed);
  const botShare = options.botShare ?? 0.03;
  const refresherShare = options.refresherShare ?? 0.02;
  const engageShare = options.engageShare ?? 0.5;
  const quality = catalog.map((_, i) => 0.3 + createRandom(options.seed + i)() * 1.4);
  const span = options.end - options.start;
  // Session starts sorted: evenly spread with jitter, so the stream is ordered by session start.
  for (let s = 0; s < options.sessions; s++) {
    const startAt = options.start + Math.floor(((s + random()) / options.sessions) * span);
    const sessionId = `s${options.seed.toString(36)}x${s.toString(36).padStart(6, '0')}`;
    const kind = random();
    const bot = kind < botShare;
    const refresher = !bot && kind < botShare + refresherShare;
    const userAgent = bot ? pick(random, BOT_AGENTS) : pick(random, HUMAN_AGENTS);
    let t = startAt;
    let index = picker.pick(t, random);
    if (index < 0) continue;

    if (refresher) {
      const times = 10 + Math.floor(random() * 21);
      for (let k = 0; k < times && t < options.end; k++) {
        yield { event: { type: 'view', articleId: catalog[index]!.articleId, sessionId, ts: t }, userAgent, bot };
        t += 30_000 + Math.floor(random() * 90_000);
      }
      continue;
    }

    const length = Math.min(15, 1 + Math.floor(Math.log(1 - random()) / Math.log(2 / 3)));
    const read = new Set<number>();
    for (let k = 0; k < length && t < options.end && index >= 0; k++) {
      read.add(index);
      const article = catalog[index]!;
      yield { event: { type: 'view', articleId: article.articleId, sessionId, ts: t }, userAgent, bot };
      const readingMs = 20_000 + Math.floor(random() * 240_000 * quality[index]!);
      if (!bot && random() < engageShare && t + readingMs < options.end) {
        const seconds = Math.max(5, Math.min(600, Math.round((readingMs / 1000) * (0.6 + random() * 0.4))));
        const scrollDepth = Math.round(Math.min(1, 0.2 + random() * 0.5 * quality[index]! + 0.1) * 100) / 100;
        yield { event: { type: 'engage', articleId: article.articleId, sessionId, seconds, scrollDepth, ts: t + readingMs }, userAgent, bot };
      }
      t += readingMs + 5_000 + Math.floor(random() * 60_000);
      // Next article: mostly from the same section; never one this session already read.
      let next = -1;
      for (let tries = 0; tries < 5 && (next < 0 || read.has(next)); tries++) {
        next = picker.pick(t, random, random() < TOPIC_AFFINITY ? article.section : undefined);
      }
      if (read.has(next)) break;
      index = next;
    }
  }
}

/** All events sorted by time (small sizes: tests and demos). */
export function sortedEvents(options: TrafficOptions, catalog?: Article[]): TrafficEvent[] {
  return [...syntheticEvents(options, catalog)].sort((a, b) => a.event.ts - b.event.ts);
}
