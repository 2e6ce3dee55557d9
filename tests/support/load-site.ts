import { expect } from 'vitest';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { forEachLimited } from '../../shared/concurrency.ts';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { addSite, getSite } from '../../shared/sites/site-store.ts';
import type { Db } from '../../shared/store/db.ts';
import { DAY_MS, HOUR_MS } from '../../shared/time.ts';
import { acceptedByKind, acceptedViews, articleIdOf, entries, expectedViews, storedViews, sum, type BeaconOutcome, type PlannedBeacon } from './beacon-load.ts';

export const LOAD_ORIGIN = 'https://news.example';

/** A site for load tests (created a day ago, so a rank run now covers every view) with `articles` catalog articles. */
export async function givenLoadSite(db: Db, site: string, articles: number): Promise<void> {
  const now = Date.now();
  await addSite(db, { site, origins: [LOAD_ORIGIN] }, new Date(now - DAY_MS));
  await forEachLimited(
    Array.from({ length: articles }, (_, i) => i),
    8,
    async (i) => {
      await upsertArticle(
        db,
        site,
        { articleId: articleIdOf(i), title: `Load story ${i}`, url: `https://news.example/${articleIdOf(i)}`, section: i % 2 ? 'world' : 'sport', tags: [], publishedAt: new Date(now - HOUR_MS).toISOString() },
        'admin',
        new Date(now),
      );
    },
  );
}

export interface CountReport {
  beacons: number;
  expectedViews: number;
  acceptedViews: number;
  storedViews: number;
  statsViews: number;
  byKind: ReturnType<typeof acceptedByKind>;
}

/**
 * Accepted views equal stored views exactly, per article: in the trails (a scan), in the views of the read
 * API's stats after a rank run, and in Weekly Best's `parts.views`. Repeats, resends and bots count nothing;
 * no (session, article) pair is stored twice.
 */
export async function expectExactCounts(options: { db: Db; items: Record<string, unknown>[]; site: string; plan: PlannedBeacon[]; outcomes: BeaconOutcome[]; readUrl: string }): Promise<CountReport> {
  const { db, items, site, plan, outcomes, readUrl } = options;
  const expected = expectedViews(plan);
  const accepted = acceptedViews(outcomes);
  const stored = storedViews(items, site);
  const byKind = acceptedByKind(outcomes);

  expect(stored.doubled, 'pairs stored twice').toEqual([]);
  expect(entries(accepted), 'accepted views per article').toEqual(entries(expected));
  expect(entries(stored.perArticle), 'stored views per article').toEqual(entries(expected));
  expect(byKind.bot.accepted, 'bots').toBe(0);
  expect(byKind.engage.accepted, 'engagement recorded').toBe(byKind.engage.beacons);

  await rankSite(db, (await getSite(db, site))!, Date.now());
  let statsViews = 0;
  await forEachLimited([...expected.keys()], 8, async (articleId) => {
    const response = await fetch(`${readUrl}/v1/sites/${site}/articles/${articleId}/stats`);
    const body = (await response.json()) as { views: number; views7d: number };
    expect(response.status).toBe(200);
    expect({ articleId, views: body.views, views7d: body.views7d }).toEqual({ articleId, views: expected.get(articleId), views7d: expected.get(articleId) });
    statsViews += body.views;
  });
  const weekly = (await (await fetch(`${readUrl}/v1/sites/${site}/lists/weekly-best?limit=50`)).json()) as { items: { articleId: string; parts: { views: number } }[] };
  expect(weekly.items.length).toBeGreaterThan(0);
  for (const item of weekly.items) expect([item.articleId, item.parts.views]).toEqual([item.articleId, expected.get(item.articleId)]);

  return { beacons: plan.length, expectedViews: sum(expected), acceptedViews: sum(accepted), storedViews: stored.total, statsViews, byKind };
}
