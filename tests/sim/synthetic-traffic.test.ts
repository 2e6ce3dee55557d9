import { isbot } from 'isbot';
import { describe, expect, it } from 'vitest';
import { articleSchema, type Article } from '../../shared/catalog/article.ts';
import { eventSchema } from '../../shared/ingest/events.ts';
import { articleIdSchema, sessionIdSchema } from '../../shared/ids.ts';
import {
  BOT_USER_AGENTS,
  HUMAN_USER_AGENTS,
  MAX_SESSION_VIEWS,
  articleQuality,
  createRandom,
  sortedEvents,
  syntheticCatalog,
  syntheticEvents,
  type TrafficEvent,
  type TrafficOptions,
} from '../../sim/synthetic-traffic.ts';
import { searchCumulative } from '../../sim/article-picker.ts';
import { sectionWords } from '../../sim/vocabulary.ts';

const DAY = 86_400_000;
const start = Date.parse('2026-11-20T00:00:00Z');
const options: TrafficOptions = { seed: 42, start, end: start + 2 * DAY, articles: 300, sessions: 3000 };
const catalog = syntheticCatalog(options);
const stream = [...syntheticEvents(options)];
const events = sortedEvents(options);

interface Session {
  bot: boolean;
  events: TrafficEvent['event'][];
}

/** Sessions as the stream gives them (consecutive runs of one session id). */
function sessionsOf(list: TrafficEvent[]): Session[] {
  const sessions: Session[] = [];
  let current: Session | undefined;
  let currentId = '';
  for (const { event, bot } of list) {
    if (!current || event.sessionId !== currentId) {
      current = { bot, events: [] };
      currentId = event.sessionId;
      sessions.push(current);
    }
    current.events.push(event);
  }
  return sessions;
}

const sessions = sessionsOf(stream);
const viewsOf = (session: Session) => session.events.filter((e) => e.type === 'view');
const isRefresher = (session: Session) => new Set(viewsOf(session).map((e) => e.articleId)).size === 1 && viewsOf(session).length >= 10;

describe('createRandom', () => {
  it('is a seeded stream in [0, 1)', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const values = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.reduce((x, y) => x + y, 0) / values.length).toBeCloseTo(0.5, 1);
    expect(createRandom(8)()).not.toBe(createRandom(7)());
    expect(createRandom(2 ** 32 + 7)()).not.toBe(createRandom(7)());
  });
});

describe('searchCumulative', () => {
  it('never picks an index of weight 0 (an article not yet published), even for u = 0', () => {
    const sums = Float64Array.from([0, 0, 1, 1, 3]); // weights 0, 0, 1, 0, 2
    expect(searchCumulative(sums, 0)).toBe(2);
    expect(searchCumulative(sums, 0.33)).toBe(2);
    expect(searchCumulative(sums, 0.34)).toBe(4);
    expect(searchCumulative(sums, 0.999_999)).toBe(4);
    expect(searchCumulative(Float64Array.from([0, 0]), 0.5)).toBe(-1);
    expect(searchCumulative(new Float64Array(0), 0.5)).toBe(-1);
  });
});

describe('syntheticCatalog', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    expect(syntheticCatalog(options)).toEqual(catalog);
    expect(syntheticCatalog({ ...options, seed: 43 })).not.toEqual(catalog);
  });

  it('makes valid articles with topic-word titles, 2-4 tags of the section, published over [start - 2 days, end)', () => {
    expect(catalog).toHaveLength(300);
    expect(catalog[123]!.articleId).toBe('a000123');
    for (const article of catalog) {
      expect(articleSchema.parse(article)).toEqual(article); // already normalized: can be stored as is
      expect(article.url).toBe(`https://news.example/articles/${article.articleId}`);
      expect(article.image).toMatch(/^https:\/\/news\.example\/images\//);
      const words = sectionWords(article.section!);
      expect(article.tags.length).toBeGreaterThanOrEqual(2);
      expect(article.tags.length).toBeLessThanOrEqual(4);
      expect(new Set(article.tags).size).toBe(article.tags.length);
      expect(article.tags.every((tag) => words.includes(tag))).toBe(true);
      expect(article.title.toLowerCase().split(' ').some((word) => words.includes(word))).toBe(true);
      const published = Date.parse(article.publishedAt);
      expect(published).toBeGreaterThanOrEqual(start - 2 * DAY);
      expect(published).toBeLessThan(options.end);
    }
    expect(new Set(catalog.map((a) => a.section))).toEqual(new Set(['world', 'politics', 'business', 'tech', 'sport', 'culture']));
  });

  it('takes sections and the site URL from the options', () => {
    const custom = syntheticCatalog({ ...options, articles: 20, sections: ['science', 'Local-News'], siteUrl: 'http://herald.example/' });
    expect(new Set(custom.map((a) => a.section))).toEqual(new Set(['science', 'local-news']));
    for (const article of custom) {
      expect(articleSchema.parse(article)).toEqual(article);
      expect(article.url).toBe(`http://herald.example/articles/${article.articleId}`);
      expect(article.tags.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('syntheticEvents', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    expect([...syntheticEvents(options)]).toEqual(stream);
    expect(sortedEvents(options)).toEqual(events);
    expect(sortedEvents({ ...options, seed: 43 })).not.toEqual(events);
    expect(events.length).toBeGreaterThan(5_000);
  });

  it('gives valid ids and events, within [start, end), never before the article is published', () => {
    const published = new Map(catalog.map((a) => [a.articleId, Date.parse(a.publishedAt)]));
    for (const { event } of stream) {
      const { ts, ...wire } = event;
      expect(eventSchema.safeParse(wire).success).toBe(true);
      expect(articleIdSchema.safeParse(event.articleId).success).toBe(true);
      expect(sessionIdSchema.safeParse(event.sessionId).success).toBe(true);
      expect(Number.isInteger(ts)).toBe(true);
      expect(ts).toBeGreaterThanOrEqual(options.start);
      expect(ts).toBeLessThan(options.end);
      expect(ts).toBeGreaterThanOrEqual(published.get(event.articleId)!);
      if (event.type === 'view') expect(Object.keys(event).sort()).toEqual(['articleId', 'sessionId', 'ts', 'type']); // small: no meta
    }
    // One id per session, never shared between sessions.
    expect(new Set(stream.map((e) => e.event.sessionId)).size).toBe(sessions.length);
  });

  it('sorts by time in sortedEvents, and streams sessions in order of their start', () => {
    for (let i = 1; i < events.length; i++) expect(events[i]!.event.ts).toBeGreaterThanOrEqual(events[i - 1]!.event.ts);
    const starts = sessions.map((s) => s.events[0]!.ts);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('has power-law popularity: the top 1% of articles get a large share of views', () => {
    const views = new Map<string, number>();
    for (const { event } of stream) if (event.type === 'view') views.set(event.articleId, (views.get(event.articleId) ?? 0) + 1);
    const counts = [...views.values()].sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    const share = (fraction: number) => counts.slice(0, Math.ceil(catalog.length * fraction)).reduce((a, b) => a + b, 0) / total;
    expect(share(0.01)).toBeGreaterThan(0.1); // 10 times a uniform share
    expect(share(0.1)).toBeGreaterThan(0.4);
    expect(views.size).toBeGreaterThan(catalog.length * 0.8); // and a long tail still gets read
  });

  it('favours fresh articles: most views are of articles less than a day old', () => {
    const published = new Map(catalog.map((a) => [a.articleId, Date.parse(a.publishedAt)]));
    const views = stream.filter((e) => e.event.type === 'view');
    const fresh = views.filter((e) => e.event.ts - published.get(e.event.articleId)! < DAY).length;
    expect(fresh / views.length).toBeGreaterThan(0.6);
  });

  it('keeps readers in a section far more often than chance', () => {
    const section = new Map(catalog.map((a) => [a.articleId, a.section]));
    let same = 0;
    let pairs = 0;
    for (const session of sessions) {
      const views = viewsOf(session);
      for (let i = 1; i < views.length; i++) {
        if (views[i]!.articleId === views[i - 1]!.articleId) continue; // refreshers
        pairs++;
        if (section.get(views[i]!.articleId) === section.get(views[i - 1]!.articleId)) same++;
      }
    }
    expect(pairs).toBeGreaterThan(1_000);
    expect(same / pairs).toBeGreaterThan(0.5); // chance is 1/6
  });

  it('gives sessions a few views (mean ~3, at most 15), never the same article twice except refreshers', () => {
    const readers = sessions.filter((s) => !isRefresher(s));
    const lengths = readers.map((s) => viewsOf(s).length);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBeGreaterThan(2.5);
    expect(mean).toBeLessThan(3.5);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(MAX_SESSION_VIEWS);
    for (const session of readers) {
      const ids = viewsOf(session).map((e) => e.articleId);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('flags every bot for isbot and no human, with about 3% bot sessions', () => {
    for (const agent of BOT_USER_AGENTS) expect(isbot(agent)).toBe(true);
    for (const agent of HUMAN_USER_AGENTS) expect(isbot(agent)).toBe(false);
    for (const { userAgent, bot } of stream) expect(isbot(userAgent)).toBe(bot);
    const bots = sessions.filter((s) => s.bot);
    expect(bots.length / sessions.length).toBeGreaterThan(0.015);
    expect(bots.length / sessions.length).toBeLessThan(0.05);
    expect(bots.every((s) => s.events.every((e) => e.type === 'view'))).toBe(true); // crawlers run no beacon timer
  });

  it('includes refreshers: one article 10-30 times, a minute or two apart', () => {
    const refreshers = sessions.filter(isRefresher);
    expect(refreshers.length / sessions.length).toBeGreaterThan(0.01);
    expect(refreshers.length / sessions.length).toBeLessThan(0.035);
    for (const session of refreshers) {
      expect(session.events.length).toBeLessThanOrEqual(30);
      for (let i = 1; i < session.events.length; i++) {
        const gap = session.events[i]!.ts - session.events[i - 1]!.ts;
        expect(gap).toBeGreaterThanOrEqual(60_000);
        expect(gap).toBeLessThan(120_000);
      }
    }
  });

  it('orders each session in time, with each engage event after its view and before the next view', () => {
    let engaged = 0;
    let humanViews = 0;
    for (const session of sessions) {
      const list = session.events;
      for (let i = 1; i < list.length; i++) expect(list[i]!.ts).toBeGreaterThan(list[i - 1]!.ts);
      for (let i = 0; i < list.length; i++) {
        const event = list[i]!;
        if (event.type === 'view') {
          if (!session.bot && !isRefresher(session)) humanViews++;
          continue;
        }
        engaged++;
        const view = list[i - 1]!;
        expect(view).toMatchObject({ type: 'view', articleId: event.articleId });
        expect(Number.isInteger(event.seconds)).toBe(true);
        expect(event.seconds).toBeGreaterThanOrEqual(5);
        expect(event.seconds).toBeLessThanOrEqual(600);
        expect(event.scrollDepth).toBeGreaterThanOrEqual(0);
        expect(event.scrollDepth).toBeLessThanOrEqual(1);
        expect(event.ts - view.ts).toBeLessThanOrEqual(600_000);
      }
    }
    expect(engaged / humanViews).toBeGreaterThan(0.4);
    expect(engaged / humanViews).toBeLessThanOrEqual(0.55);
  });

  it('reads better articles longer, consistently', () => {
    const seconds = new Map<string, number[]>();
    for (const { event } of stream) {
      if (event.type !== 'engage') continue;
      const list = seconds.get(event.articleId) ?? [];
      list.push(event.seconds);
      seconds.set(event.articleId, list);
    }
    const pairs = [...seconds]
      .filter(([, list]) => list.length >= 10)
      .map(([id, list]) => [articleQuality(options.seed, id), list.reduce((a, b) => a + b, 0) / list.length] as const);
    expect(pairs.length).toBeGreaterThan(30);
    expect(correlation(pairs)).toBeGreaterThan(0.5);
  });

  it('streams: the first events come without generating the rest', () => {
    const huge = syntheticEvents({ ...options, end: start + 365 * DAY, articles: 2_000, sessions: 50_000_000 });
    const first: TrafficEvent[] = [];
    for (const item of huge) {
      first.push(item);
      if (first.length === 1_000) break;
    }
    expect(first).toHaveLength(1_000);
  });

  it('reads the catalog it is given', () => {
    const two: Article[] = catalog.slice(0, 2).map((a) => ({ ...a, publishedAt: new Date(start - DAY).toISOString() }));
    const ids = new Set([...syntheticEvents({ ...options, sessions: 200 }, two)].map((e) => e.event.articleId));
    expect(ids).toEqual(new Set(two.map((a) => a.articleId)));
  });

  it('follows the shares it is given', () => {
    const plain = [...syntheticEvents({ ...options, sessions: 500, botShare: 0, refresherShare: 0, engageShare: 0 })];
    expect(plain.some((e) => e.bot || e.event.type === 'engage')).toBe(false);
    expect(sessionsOf(plain).some(isRefresher)).toBe(false);
  });

  it('rejects bad options when called, before any iteration', () => {
    expect(() => syntheticEvents({ ...options, end: start })).toThrow(RangeError);
    expect(() => syntheticEvents({ ...options, botShare: 1.5 })).toThrow(/botShare/);
    expect(() => syntheticEvents({ ...options, seed: 1.5 })).toThrow(/seed/);
    expect(() => syntheticEvents({ ...options, sections: [] })).toThrow(/sections/);
    expect(() => syntheticCatalog({ ...options, sections: ['a#b'] })).toThrow(/section/);
    expect(() => syntheticCatalog({ ...options, siteUrl: 'ftp://x' })).toThrow(/siteUrl/);
  });
});

function correlation(pairs: (readonly [number, number])[]): number {
  const n = pairs.length;
  const mx = pairs.reduce((s, [x]) => s + x, 0) / n;
  const my = pairs.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
