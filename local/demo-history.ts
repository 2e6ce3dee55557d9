import type { Article } from '../shared/catalog/article.ts';
import { importEvents } from '../shared/import/import-events.ts';
import type { Site } from '../shared/sites/site.ts';
import type { Db } from '../shared/store/db.ts';
import { DAY_MS } from '../shared/time.ts';
import { importLine, sortedEvents } from '../sim/synthetic-traffic.ts';

/** A week of readers for the demo site: enough for every list and the dashboard to look lived-in. */
export const DEMO_HISTORY = { days: 7, sessions: 4_000, seed: 20261130 } as const;

/**
 * Seeds a fresh demo site with a simulated past week (sim/: sessions that follow sections, popularity that
 * fades with age, a few bots and refreshers), through the real import path (`importEvents`: the live counting
 * rules), so Popular Now, Weekly Best, Must-Reads, related stories and the dashboard are real from the first
 * rank run instead of copies of Latest. Returns how many events were accepted.
 */
export async function seedDemoHistory(db: Db, site: Site, catalog: Article[], now: Date, onProgress?: (linesDone: number) => void): Promise<{ accepted: number; lines: number }> {
  const end = now.getTime() - 60_000; // import refuses the future; a minute of slack for the clock
  const options = { seed: DEMO_HISTORY.seed, start: end - DEMO_HISTORY.days * DAY_MS, end, articles: catalog.length, sessions: DEMO_HISTORY.sessions };
  async function* lines() {
    for (const event of sortedEvents(options, catalog)) yield importLine(event);
  }
  const report = await importEvents(db, site, lines(), now, onProgress);
  return { accepted: report.accepted, lines: report.lines };
}
