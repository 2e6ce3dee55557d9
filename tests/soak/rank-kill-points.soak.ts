import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadApp } from '../../functions/read/app.ts';
import { upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { importEvents } from '../../shared/ingest/import-events.ts';
import { LIST_NAMES } from '../../shared/rank/lists-store.ts';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { sortedEvents, syntheticCatalog, type TrafficOptions } from '../../sim/synthetic-traffic.ts';
import { spawnCli, type CliChild } from '../support/cli-child.ts';
import { faultProxy, WRITE_OPERATIONS } from '../support/fault-proxy.ts';
import { givenSite } from '../support/sites.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

/**
 * A rank run killed at every point (issue 7, `npm run soak`; tests/reliability/rank-killed.test.ts kills at two
 * points): `newspulse rank` as a child process is SIGKILLed at its k-th write, for k from the first write to
 * the last, each time one step later in time. After every kill each list, related list and stats answer is
 * whole, the one before the run or the one the completed run then serves; the completed run leaves nothing for
 * another run to fix.
 */

const HOUR = 3_600_000;
const STEP = 20 * 60_000;
// Hours before now: DynamoDB Local deletes items whose TTL has passed (trails live 8 days).
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 11 * HOUR;
const traffic: TrafficOptions = { seed: 77, start: T0 - 8 * HOUR, end: T0 + 10 * HOUR, articles: 60, sessions: 700 };
const SITE = 'daily';

let table: TestTable;
let proxy: Awaited<ReturnType<typeof faultProxy>>;
let app: ReturnType<typeof createReadApp>;
let paths: string[];

beforeAll(async () => {
  table = await createTestTable();
  await givenSite(table, { site: SITE });
  const catalog = syntheticCatalog(traffic);
  for (const a of catalog) await upsertArticle(table, SITE, a, 'admin', new Date(T0 - 3 * 86_400_000));
  async function* lines() {
    for (const { event, userAgent } of sortedEvents(traffic)) yield JSON.stringify({ ...event, ts: new Date(event.ts).toISOString(), userAgent });
  }
  await importEvents(table, (await getSite(table, SITE))!, lines(), new Date(T0 + 11 * HOUR));
  proxy = await faultProxy(table.endpoint);
  app = createReadApp({ db: table, sites: cachedSiteLookup(table, Date.now) });
  const sections = [...new Set(catalog.map((a) => a.section!))].sort();
  const ids = catalog.slice(0, 10).map((a) => a.articleId);
  paths = [
    ...LIST_NAMES.flatMap((list) => [`/v1/sites/${SITE}/lists/${list}?limit=50`, ...sections.map((s) => `/v1/sites/${SITE}/lists/${list}?section=${s}&limit=50`)]),
    ...ids.flatMap((id) => [`/v1/sites/${SITE}/articles/${id}/related?limit=50`, `/v1/sites/${SITE}/articles/${id}/stats`]),
  ];
});
afterAll(async () => {
  await proxy?.close();
  await table?.drop();
});

async function served(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of paths) {
    const response = await app.request(path);
    // An article not yet published or read may have no related or stats yet: its 404 is an answer too.
    out.set(path, `${response.status} ${response.headers.get('etag')} ${await response.text()}`);
  }
  return out;
}

/** `newspulse rank --at` through the proxy, SIGKILLed at its k-th write; false when it finished first. */
async function rankKilledAt(at: number, k: number): Promise<boolean> {
  let writes = 0;
  let killed = false;
  let run: CliChild | undefined;
  proxy.setRule((request) => {
    if (killed) return 'hold';
    if (!WRITE_OPERATIONS.has(request.operation) || writes++ < k) return 'forward';
    killed = true;
    run!.child.kill('SIGKILL');
    return 'hold';
  });
  run = spawnCli(['rank', '--site', SITE, '--at', new Date(at).toISOString(), '--endpoint', proxy.url, '--table', table.tableName]);
  const result = await run.done;
  proxy.setRule(() => 'forward');
  if (!killed) expect(result, result.err).toMatchObject({ code: 0 });
  else expect(result.signal).toBe('SIGKILL');
  return killed;
}

describe('a rank run killed at its k-th write, for every k', () => {
  it('always leaves whole answers, old or new, and the next run completes', async () => {
    await rankSite(table, (await getSite(table, SITE))!, T0);
    let at = T0;
    const summary: string[] = [];
    for (let k = 0; ; k++) {
      at += STEP;
      const before = await served();
      const killed = await rankKilledAt(at, k);
      const after = await served();
      const report = await rankSite(table, (await getSite(table, SITE))!, at);
      const done = await served();
      let fromNew = 0;
      for (const path of paths) {
        expect([before.get(path), done.get(path)], `k=${k}: ${path}`).toContain(after.get(path));
        if (after.get(path) !== before.get(path)) fromNew++;
      }
      const again = await rankSite(table, (await getSite(table, SITE))!, at);
      expect(again, `k=${k}`).toMatchObject({ listsWritten: 0, relatedWritten: 0, statsWritten: 0 });
      summary.push(`k=${k}: ${killed ? `killed, ${fromNew} answers already new` : 'finished first'}, completing run wrote ${report.listsWritten} lists, ${report.relatedWritten} related, ${report.statsWritten} stats`);
      if (!killed) break;
    }
    console.log(`rank kill points:\n${summary.join('\n')}`);
    expect(summary.length).toBeGreaterThan(5);
  });
});
