import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../../shared/catalog/catalog-store.ts';
import { importEvents } from '../../../shared/import/import-events.ts';
import { readRelated } from '../../../shared/lists/lists-store.ts';
import { rankRelatedShard, relatedShards, type RelatedTask } from '../../../shared/rank/related-shards.ts';
import { rankSite } from '../../../shared/rank/rank-site.ts';
import { getSite } from '../../../shared/sites/site-store.ts';
import { importLine, sortedEvents, syntheticCatalog, type TrafficOptions } from '../../../sim/synthetic-traffic.ts';
import { givenSite } from '../../support/sites.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

/**
 * A big site's related stories ranked in shards, each by a task of its own, come out exactly as one run ranks
 * them all: the same site twice, one ranked whole, the other with its related stories queued in four shards.
 */
const HOUR = 3_600_000;
const AT = Date.parse('2026-11-29T12:00:00Z');
const traffic: TrafficOptions = { seed: 11, start: AT - 20 * HOUR, end: AT, articles: 120, sessions: 700 };
const catalog = syntheticCatalog(traffic);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
  for (const site of ['whole', 'sharded']) {
    await givenSite(table, { site });
    for (const article of catalog) await upsertArticle(table, site, article, 'admin', new Date(traffic.start));
    async function* lines() {
      for (const event of sortedEvents(traffic)) yield importLine(event);
    }
    await importEvents(table, (await getSite(table, site))!, lines(), new Date(AT));
  }
}, 300_000);
afterAll(() => table.drop());

describe('related stories in shards', () => {
  it('sizes shards by the catalog, in powers of two up to the 32 version buckets', () => {
    expect(relatedShards(10_000)).toBe(1);
    expect(relatedShards(60_000)).toBe(4);
    expect(relatedShards(10_000_000)).toBe(32);
  });

  it('are queued by the live run of a big site, and ranked by their tasks as one run ranks them all', async () => {
    await rankSite(table, (await getSite(table, 'whole'))!, AT);
    const tasks: RelatedTask[] = [];
    const report = await rankSite(table, (await getSite(table, 'sharded'))!, AT, { relatedShardArticles: 40, queueRelated: async (queued) => void tasks.push(...queued) });
    expect(report).toMatchObject({ relatedShardsQueued: 4, relatedWritten: 0 });
    expect(tasks.map((t) => [t.shard, t.shards, t.at])).toEqual([0, 1, 2, 3].map((shard) => [shard, 4, AT]));

    const written = [];
    for (const task of tasks) written.push(await rankRelatedShard(table, (await getSite(table, 'sharded'))!, task));
    expect(written.every((w) => w.relatedWritten > 0)).toBe(true);
    for (const article of catalog.filter((a) => Date.parse(a.publishedAt) <= AT)) {
      const [whole, sharded] = await Promise.all([readRelated(table, 'whole', article.articleId), readRelated(table, 'sharded', article.articleId)]);
      expect(sharded?.items, article.articleId).toEqual(whole?.items);
    }
    // A shard ranked again finds nothing to write: what it wrote is vouched for by its buckets' versions.
    expect((await rankRelatedShard(table, (await getSite(table, 'sharded'))!, tasks[2]!)).relatedWritten).toBe(0);
  });
});
