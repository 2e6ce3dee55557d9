import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { runCli } from '../support/run-cli.ts';
import { adminKeyMatches } from '../../shared/sites/admin-key.ts';
import { getSite, readAdminKeyHash } from '../../shared/sites/site-store.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

const run = (...args: string[]) => runCli(table, ...args);

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
    expect(site?.adminKeyHash).toBeUndefined(); // in an item of its own, which the read function cannot read
    const hash = await readAdminKeyHash(table, site!);
    expect(adminKeyMatches(key!, hash!)).toBe(true);
  });

  it('keeps the sections and image hosts a site lists for beacon metadata, and refuses bad ones', async () => {
    const result = await run('sites', 'add', 'gazette', '--origin', 'https://gazette.example', '--section', 'World', '--section', 'Arts & Culture', '--image-host', 'img.gazette-cdn.example');
    expect(result.code).toBe(0);
    const site = await getSite(table, 'gazette');
    expect(site).toMatchObject({ sections: ['world', 'arts & culture'], imageHosts: ['img.gazette-cdn.example'] });
    const badSection = await run('sites', 'add', 'other-1', '--origin', 'https://x.example', '--section', 'a#b');
    expect(badSection.code).toBe(1);
    expect(badSection.err).toContain('sections');
    const badHost = await run('sites', 'add', 'other-2', '--origin', 'https://x.example', '--image-host', 'https://img.example/x');
    expect(badHost.code).toBe(1);
    expect(badHost.err).toContain('imageHosts');
  });

  it('sets, validates and unsets ranking settings, and replaces sections, section paths and feeds', async () => {
    await run('sites', 'add', 'tuned', '--origin', 'https://tuned.example', '--feed', 'https://tuned.example/rss.xml', '--section', 'world');
    const set = await run('sites', 'set', 'tuned', '--set', 'popularNow.halfLifeMinutes=60', '--set', 'related.coReadWeight=0.8', '--section-path', '/sport/=sport', '--section', 'sport', '--section', 'world');
    expect(set.code).toBe(0);
    expect(set.out).toContain('settings: {"popularNow":{"halfLifeMinutes":60},"related":{"coReadWeight":0.8}}');
    expect(await getSite(table, 'tuned')).toMatchObject({
      settings: { popularNow: { halfLifeMinutes: 60 }, related: { coReadWeight: 0.8 } },
      sections: ['sport', 'world'],
      sectionPaths: [{ path: '/sport/', section: 'sport' }],
      feeds: ['https://tuned.example/rss.xml'],
    });
    expect((await run('sites', 'list')).out).toContain('settings={"popularNow":{"halfLifeMinutes":60},"related":{"coReadWeight":0.8}}');

    // A misspelt or out-of-range setting is refused as a whole, naming it, and nothing changes.
    for (const [arg, message] of [
      ['popularNow.halfLife=60', /popularNow: Unrecognized key: "halfLife"/],
      ['related.coReadWeight=3', /related\.coReadWeight: Too big/],
      ['__proto__.polluted=1', /--set wants a setting name/],
    ] as const) {
      const refused = await run('sites', 'set', 'tuned', '--set', 'popularNow.minViews=5', '--set', arg);
      expect(refused.code, arg).toBe(1);
      expect(refused.err, arg).toMatch(message);
    }
    expect((await getSite(table, 'tuned'))?.settings).toEqual({ popularNow: { halfLifeMinutes: 60 }, related: { coReadWeight: 0.8 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const unset = await run('sites', 'set', 'tuned', '--unset', 'popularNow.halfLifeMinutes', '--no-feeds');
    expect(unset.code).toBe(0);
    const after = await getSite(table, 'tuned');
    expect(after?.settings).toEqual({ related: { coReadWeight: 0.8 } });
    expect(after?.feeds).toEqual([]);
    expect(after?.sections).toEqual(['sport', 'world']); // not given: unchanged
    expect((await run('sites', 'set', 'nobody', '--set', 'popularNow.minViews=5')).err).toContain('no site "nobody"');
  });

  it('rotates the admin key: the new one opens the admin API, the old one no longer does; a key of an older version keeps working until then', async () => {
    const added = await run('sites', 'add', 'rotating', '--origin', 'https://rotating.example');
    const oldKey = /admin key .*: (np_\S+)/.exec(added.out)![1]!;
    // As a site added by an older version stands: the hash on the site item, no key item.
    const legacyHash = await readAdminKeyHash(table, (await getSite(table, 'rotating'))!);
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: 'ADMINKEY#rotating', sk: 'key' } }));
    await table.client.send(new UpdateCommand({ TableName: table.tableName, Key: { pk: 'SITES', sk: 'SITE#rotating' }, UpdateExpression: 'SET adminKeyHash = :h', ExpressionAttributeValues: { ':h': legacyHash } }));
    const pins = (key: string) =>
      createAdminApp({ db: table, sites: cachedSiteLookup(table, Date.now), clock: Date.now }).request('/v1/sites/rotating/pins', { headers: { authorization: `Bearer ${key}` } });
    expect((await pins(oldKey)).status).toBe(200);

    const rotated = await run('sites', 'rotate-key', 'rotating');
    expect(rotated.code).toBe(0);
    const newKey = /new admin key .*: (np_\S+)/.exec(rotated.out)![1]!;
    expect(newKey).not.toBe(oldKey);
    expect((await pins(newKey)).status).toBe(200);
    expect((await pins(oldKey)).status).toBe(403);
    expect((await getSite(table, 'rotating'))?.adminKeyHash).toBeUndefined();
    expect((await run('sites', 'rotate-key', 'nobody')).err).toContain('no site "nobody"');
  });

  it('replaces the origins, refusing a bad one', async () => {
    await run('sites', 'add', 'moving', '--origin', 'https://old.example');
    expect((await run('sites', 'set', 'moving', '--origin', 'https://new.example/', '--origin', 'https://www.new.example')).code).toBe(0);
    expect((await getSite(table, 'moving'))?.origins).toEqual(['https://new.example', 'https://www.new.example']);
    const bad = await run('sites', 'set', 'moving', '--origin', 'ftp://x.example');
    expect(bad.code).toBe(1);
    expect((await getSite(table, 'moving'))?.origins).toEqual(['https://new.example', 'https://www.new.example']);
  });

  it('keeps the URL paths that give feed articles their section, and refuses malformed ones', async () => {
    const result = await run('sites', 'add', 'guardian', '--origin', 'https://guardian.example', '--section-path', '/us-news/=US News', '--section-path', '/world=world');
    expect(result.code).toBe(0);
    expect((await getSite(table, 'guardian'))?.sectionPaths).toEqual([
      { path: '/us-news/', section: 'us news' },
      { path: '/world', section: 'world' },
    ]);
    expect((await run('sites', 'list')).out).toContain('section-paths=/us-news/=us news,/world=world');
    for (const bad of ['us-news=us news', '/us-news/', '/a b/=x', '/x/=a#b']) {
      const refused = await run('sites', 'add', 'other-3', '--origin', 'https://x.example', '--section-path', bad);
      expect(refused.code, bad).toBe(1);
      expect(refused.err, bad).toMatch(/^newspulse: sectionPaths/);
    }
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
