import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankSite } from '../../shared/rank/rank-site.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import type { TrafficOptions } from '../../sim/synthetic-traffic.ts';
import { spawnCli, type CliChild } from '../support/cli-child.ts';
import { WRITE_OPERATIONS } from '../support/fault-proxy.ts';
import { givenKillableRankSite, type KillableRankSite } from '../support/rank-kill-site.ts';
import type { TestTable } from '../support/test-table.ts';

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
let proxy: KillableRankSite['proxy'];
let app: KillableRankSite['app'];
let paths: string[];

beforeAll(async () => {
  ({ table, proxy, app, paths } = await givenKillableRankSite({ site: SITE, traffic, catalogAt: T0 - 3 * 86_400_000, importedAt: T0 + 11 * HOUR, pick: (catalog) => catalog.slice(0, 10) }));
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
