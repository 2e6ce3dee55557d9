import { describe, expect, it } from 'vitest';
import { BENCH_AT, countedHours, scaleShape, trafficOptions } from '../../bench/rank-scale-data.ts';
import { viewSlot } from '../../shared/window/trail-item.ts';
import { HOUR_MS, hourStart } from '../../shared/time.ts';
import { syntheticCatalog, syntheticEvents, type TrafficOptions } from '../../sim/synthetic-traffic.ts';

const DAY = 86_400_000;
const options: TrafficOptions = { seed: 3, start: Date.parse('2026-11-20T00:00:00Z'), end: Date.parse('2026-11-21T06:00:00Z'), articles: 300, sessions: 4000, refresherShare: 0.1 };
const catalog = syntheticCatalog(options);
const hours = [...countedHours(options, catalog)];

describe('the rank benchmark traffic', () => {
  it('sizes a week like the issue asks: 1M views on 20,000 articles and over 300,000 sessions', () => {
    const shape = scaleShape(1_000_000);
    expect(shape.articles).toBe(20_000);
    expect(shape.sessions).toBeGreaterThanOrEqual(300_000);
    const traffic = trafficOptions(shape);
    expect(traffic.start).toBe(hourStart(BENCH_AT) - 167 * HOUR_MS);
    expect(BENCH_AT - traffic.start).toBeGreaterThan(6.9 * DAY);
  });

  it('gives every hour from the first to the last, in order, each with the one before it', () => {
    expect(hours.map((h) => h.start)).toEqual(Array.from({ length: hours.length }, (_, k) => hourStart(options.start) + k * HOUR_MS));
    expect(hours.at(-1)!.start).toBe(hourStart(options.end - 1));
    for (let k = 1; k < hours.length; k++) expect(hours[k]!.previous.views).toBe(hours[k - 1]!.views);
    for (const h of hours) expect(h.views.every((v) => v.ts >= h.start && v.ts < h.start + HOUR_MS)).toBe(true);
  });

  it('counts views as ingest does: no bots, no repeat of an article by a session within a half hour of the clock', () => {
    // The same rules applied to the whole stream at once.
    const counted = new Set<string>();
    let expected = 0;
    let repeats = 0;
    for (const { event, bot } of syntheticEvents(options, catalog)) {
      if (bot || event.type !== 'view') continue;
      const key = `${event.sessionId} ${event.articleId} ${viewSlot(event.ts)}`;
      if (counted.has(key)) repeats++;
      else {
        counted.add(key);
        expected++;
      }
    }
    expect(repeats).toBeGreaterThan(1000); // the refreshers were there, and were not counted
    expect(hours.reduce((n, h) => n + h.views.length, 0)).toBe(expected);
    expect(hours.reduce((n, h) => n + h.engagements.length, 0)).toBeGreaterThan(0);
  });
});
