import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { adminKeyMatches } from '../../shared/sites/admin-key.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

/** Runs the CLI against the test table and captures what it prints. */
async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = await main(['node', 'newspulse', ...args, ...(args.includes('--help') ? [] : ['--endpoint', table.endpoint, '--table', table.tableName])]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
    writeErr.mockRestore();
  }
}

describe('newspulse sites', () => {
  it('adds a site, prints its admin key once and stores only its hash', async () => {
    const result = await run('sites', 'add', 'herald', '--origin', 'https://herald.example/', '--origin', 'https://www.herald.example', '--feed', 'https://herald.example/rss.xml');
    expect(result.code).toBe(0);
    const key = /admin key .*: (np_\S+)/.exec(result.out)?.[1];
    expect(key).toBeDefined();
    const site = await getSite(table, 'herald');
    expect(site?.origins).toEqual(['https://herald.example', 'https://www.herald.example']);
    expect(site?.feeds).toEqual(['https://herald.example/rss.xml']);
    expect(JSON.stringify(site)).not.toContain(key);
    expect(adminKeyMatches(key!, site!.adminKeyHash)).toBe(true);
  });

  it('lists sites', async () => {
    const result = await run('sites', 'list');
    expect(result.code).toBe(0);
    expect(result.out).toContain('herald');
    expect(result.out).not.toContain('np_');
  });

  it('refuses a duplicate, a bad id and a bad origin with one clear line', async () => {
    expect((await run('sites', 'add', 'herald', '--origin', 'https://x.example')).err).toContain('already exists');
    const badId = await run('sites', 'add', 'Bad_Id', '--origin', 'https://x.example');
    expect(badId.code).toBe(1);
    expect(badId.err).toContain('site');
    const badOrigin = await run('sites', 'add', 'other', '--origin', 'ftp://x.example');
    expect(badOrigin.code).toBe(1);
    expect(badOrigin.err).toContain('origin');
  });

  it('removes a site', async () => {
    expect((await run('sites', 'remove', 'herald')).code).toBe(0);
    expect(await getSite(table, 'herald')).toBeUndefined();
    expect((await run('sites', 'remove', 'herald')).err).toContain('no site');
  });

  it('has --help on every command', async () => {
    for (const args of [['--help'], ['sites', '--help'], ['sites', 'add', '--help'], ['sites', 'list', '--help'], ['sites', 'remove', '--help']]) {
      const result = await run(...args);
      expect(result.code).toBe(0);
      expect(result.out).toContain('Usage: newspulse');
    }
  });
});
