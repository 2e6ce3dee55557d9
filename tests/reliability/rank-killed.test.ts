import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSite } from '../../shared/sites/site-store.ts';
import { rankSite } from '../../shared/rank/rank-site.ts';
import type { TrafficOptions } from '../../sim/synthetic-traffic.ts';
import { spawnCli, type CliChild } from '../support/cli-child.ts';
import { writtenPartitions, WRITE_OPERATIONS } from '../support/fault-proxy.ts';
import { givenKillableRankSite, type KillableRankSite } from '../support/rank-kill-site.ts';
import type { TestTable } from '../support/test-table.ts';

/**
 * A rank run killed midway (issue 7): `newspulse rank` runs as a child process against DynamoDB Local through a
 * proxy that SIGKILLs it at a chosen write, so "midway" is the same point every time. Readers then get the
 * previous lists exactly (same bodies, same ETags) or, past the first list write, each list whole from one run
 * or the other, never a mix; and the next run completes and serves the new lists.
 */

const HOUR = 3_600_000;
// Hours before now: DynamoDB Local deletes items whose TTL has passed, so trails of a fixed past date would
// disappear once that date is more than 8 days old.
const T1 = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
const T2 = T1 + 3 * HOUR;
const traffic: TrafficOptions = { seed: 31, start: T1 - 8 * HOUR, end: T2, articles: 40, sessions: 300 };
const SITE = 'daily';

let table: TestTable;
let proxy: KillableRankSite['proxy'];
let app: KillableRankSite['app'];
let paths: string[];

beforeAll(async () => {
  ({ table, proxy, app, paths } = await givenKillableRankSite({
    site: SITE,
    traffic,
    catalogAt: T1 - 3 * 86_400_000,
    importedAt: T2 + HOUR,
    pick: (catalog) => catalog.filter((a) => Date.parse(a.publishedAt) <= T1).slice(0, 6),
  }));
});
afterAll(async () => {
  await proxy.close();
  await table.drop();
});

/** What readers get right now: every list, related and stats path, body and ETag. */
async function served(): Promise<Map<string, { etag: string | null; body: string }>> {
  const out = new Map<string, { etag: string | null; body: string }>();
  for (const path of paths) {
    const response = await app.request(path);
    expect(response.status, path).toBe(200);
    out.set(path, { etag: response.headers.get('etag'), body: await response.text() });
  }
  return out;
}

function rank(at: number, endpoint = table.endpoint): CliChild {
  return spawnCli(['rank', '--site', SITE, '--at', new Date(at).toISOString(), '--json', '--endpoint', endpoint, '--table', table.tableName]);
}

/** A whole run, in this process (quicker than a child; the same rank job). */
async function completedRank(at: number) {
  return rankSite(table, (await getSite(table, SITE))!, at);
}

/**
 * Runs `newspulse rank` through the proxy and SIGKILLs it at its first write to a partition of `prefix`
 * (`at`) or at the first write after that one (`after`): that request is never forwarded; the earlier ones
 * were, whole. Lists are written in one transaction, so the first list write is all of them.
 */
async function killedRank(at: number, prefix: 'LIST' | 'RELATED', where: 'at' | 'after') {
  let writes = 0;
  let run: CliChild | undefined;
  proxy.setRule((request) => {
    if (!WRITE_OPERATIONS.has(request.operation)) return 'forward';
    const matches = writtenPartitions(request).some((pk) => pk.startsWith(`${prefix}#${SITE}`));
    if (writes === 0 && !matches) return 'forward';
    if (writes++ === 0 && where === 'after') return 'forward';
    run!.child.kill('SIGKILL');
    return 'hold';
  });
  run = rank(at, proxy.url);
  const result = await run.done;
  proxy.setRule(() => 'forward');
  expect(result.signal, `${result.out}\n${result.err}`).toBe('SIGKILL');
}

const isList = (path: string) => path.includes('/lists/');

describe('a rank run killed midway', () => {
  let previous: Map<string, { etag: string | null; body: string }>;
  let killed: Map<string, { etag: string | null; body: string }>;
  let next: Map<string, { etag: string | null; body: string }>;

  it('leaves the previous lists served exactly, when killed at its list write', async () => {
    await completedRank(T1);
    previous = await served();
    await killedRank(T2, 'LIST', 'at');
    killed = await served();
    for (const path of paths.filter(isList)) expect(killed.get(path), path).toEqual(previous.get(path));
  });

  it('then the next run completes and serves the new lists', async () => {
    const report = await completedRank(T2);
    expect(report.listsWritten).toBeGreaterThan(0);
    next = await served();
    const changed = paths.filter((p) => next.get(p)!.body !== previous.get(p)!.body);
    expect(changed.length).toBeGreaterThan(5);
    for (const path of changed.filter(isList)) expect(JSON.parse(next.get(path)!.body).generatedAt).toBe(new Date(T2).toISOString());
    // Related stories and stats, written beside the lists, were each whole when the run was killed: the
    // answer before the run or the one the completed run serves.
    for (const path of paths.filter((p) => !isList(p))) expect([previous.get(path), next.get(path)], path).toContainEqual(killed.get(path));
    // And it left nothing behind for another run to fix.
    expect(await completedRank(T2)).toMatchObject({ listsWritten: 0, relatedWritten: 0, statsWritten: 0 });
  });

  it('serves all new lists or all old ones, never a mix, when killed after its list write', async () => {
    // Back to the T1 state, then a T2 run killed right after its lists were written.
    await completedRank(T1);
    const atT1 = await served();
    // Lists and related stories are those of T1 again (stats keep days a later run added: they only grow).
    for (const path of paths.filter((p) => !p.endsWith('/stats'))) expect(atT1.get(path)?.etag, path).toBe(previous.get(path)?.etag);
    await killedRank(T2, 'LIST', 'after');
    const after = await served();
    for (const path of paths) expect([atT1.get(path), next.get(path)], `${path} is neither the old nor the new answer`).toContainEqual(after.get(path));
    const lists = paths.filter(isList);
    const fromNew = lists.filter((p) => after.get(p)!.body === next.get(p)!.body);
    const fromOld = lists.filter((p) => after.get(p)!.body === atT1.get(p)!.body && atT1.get(p)!.body !== next.get(p)!.body);
    expect(fromNew.length, 'the lists were written').toBeGreaterThan(0);
    expect(fromOld, 'lists of the old run beside new ones').toEqual([]);
    // The next run completes what the killed one left.
    await completedRank(T2);
    const done = await served();
    for (const path of paths) expect(done.get(path), path).toEqual(next.get(path));
  });

  // A killed run may overwrite items that the versions item still vouches for with their old hash: a later
  // run computing the old content again (a replay with --at, a list that changes back) must not skip them.
  it('serves what a completed run computed, even when the killed run had written items that run would skip', async () => {
    for (const prefix of ['LIST', 'RELATED'] as const) {
      await completedRank(T1);
      await killedRank(T2, prefix, 'after');
      await completedRank(T1);
      const after = await served();
      const stale = paths.filter((p) => !p.endsWith('/stats') && after.get(p)!.body !== previous.get(p)!.body);
      expect(stale, `answers left from the run killed after its first ${prefix} write`).toEqual([]);
    }
  });
});
