import { isbot } from 'isbot';
import { describe, expect, it } from 'vitest';
import { articleSchema } from '../../shared/catalog/article.ts';
import { eventSchema } from '../../shared/schemas/events.ts';
import { sortedEvents, syntheticCatalog, syntheticEvents, type TrafficOptions } from '../../sim/synthetic-traffic.ts';

const start = Date.parse('2026-11-20T00:00:00Z');
const options: TrafficOptions = { seed: 42, start, end: start + 2 * 86_400_000, articles: 300, sessions: 3000 };
const events = sortedEvents(options);
const catalog = syntheticCatalog(options);

describe('synthetic traffic', () => {
  it('is deterministic for a seed', () => {
    expect(sortedEvents(options)).toEqual(events);
    expect(sortedEvents({ ...options, seed: 43 })).not.toEqual(events);
  });

  it('produces valid catalog articles and events, within the time range and never before publish', () => {
    for (const article of catalog) expect(articleSchema.safeParse(article).success).toBe(true);
    const published = new Map(catalog.map((a) => [a.articleId, Date.parse(a.publishedAt)]));
    for (const { event } of events) {
      const { ts, ...wire } = event;
      expect(eventSchema.safeParse(wire).success).toBe(true);
      expect(ts).toBeGreaterThanOrEqual(options.start);
      expect(ts).toBeLessThan(options.end);
      expect(ts).toBeGreaterThanOrEqual(published.get(event.articleId)!);
    }
  });

  it('has power-law popularity: the top 5% of articles get a large share of views', () => {
    const views = new Map<string, number>();
    for (const { event } of events) if (event.type === 'view') views.set(event.articleId, (views.get(event.articleId) ?? 0) + 1);
    const counts = [...views.values()].sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    const top = counts.slice(0, Math.ceil(catalog.length * 0.05)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.3);
  });

  it('keeps readers in a section more often than chance, flags bots for isbot and no humans', () => {
    const section = new Map(catalog.map((a) => [a.articleId, a.section]));
    let same = 0;
    let pairs = 0;
    const last = new Map<string, string>();
    for (const { event, userAgent, bot } of events) {
      expect(isbot(userAgent)).toBe(bot);
      if (event.type !== 'view') continue;
      const previous = last.get(event.sessionId);
      if (previous && previous !== event.articleId) {
        pairs++;
        if (section.get(previous) === section.get(event.articleId)) same++;
      }
      last.set(event.sessionId, event.articleId);
    }
    expect(same / pairs).toBeGreaterThan(1 / 6 + 0.2);
    expect(events.some((e) => e.bot)).toBe(true);
  });

  it('includes refreshers and engagement, in time order within each session', () => {
    const perSession = new Map<string, number[]>();
    const viewsPerSessionArticle = new Map<string, number>();
    for (const { event } of syntheticEvents(options)) {
      const times = perSession.get(event.sessionId) ?? [];
      times.push(event.ts);
      perSession.set(event.sessionId, times);
      if (event.type === 'view') viewsPerSessionArticle.set(`${event.sessionId} ${event.articleId}`, (viewsPerSessionArticle.get(`${event.sessionId} ${event.articleId}`) ?? 0) + 1);
    }
    for (const times of perSession.values()) expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...viewsPerSessionArticle.values())).toBeGreaterThanOrEqual(10);
    expect(events.filter((e) => e.event.type === 'engage').length).toBeGreaterThan(events.length / 5);
  });

  it('streams: the first events come without generating the rest', () => {
    const huge = syntheticEvents({ ...options, sessions: 50_000_000 });
    const first = Array.from({ length: 10 }, () => huge.next().value);
    expect(first.every(Boolean)).toBe(true);
  });
});
