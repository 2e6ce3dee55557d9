import { describe, expect, it } from 'vitest';
import { contentVersion, encodeItems, listKey, listPutRequest, parseStoredList, relatedKey, type ListItem } from '../../../shared/lists/list-item.ts';
import { updateStatsInput, totalViews } from '../../../shared/lists/stats-item.ts';
import { pendingDeletes, pendingPuts, toWrittenVersions, versionsPuts, versionsQueryInput } from '../../../shared/lists/versions-item.ts';

const items: ListItem[] = Array.from({ length: 20 }, (_, k) => ({
  articleId: `story-${k}`,
  title: `Ceasefire talks ${k} as sanctions loom — “quotes” and ünïcödé`,
  url: `https://news.example/world/story-${k}`,
  section: 'world',
  image: `https://news.example/img/story-${k}.jpg`,
  publishedAt: '2026-11-28T09:00:00.000Z',
  score: 0.9 - k / 100,
  parts: { coReads: k, coRead: 0.5, content: 0.4, freshness: 0.8 },
}));
const stored = { pk: 'RELATED#daily', sk: 'story-0', site: 'daily', list: 'related', section: null, generatedAt: '2026-11-28T12:00:00.000Z', version: 'v1' };

describe('stored list items', () => {
  it('read back the same, deflated as written now or as the JSON string written before', () => {
    const now = parseStoredList({ ...stored, items: encodeItems(items) });
    const before = parseStoredList({ ...stored, items: JSON.stringify(items) });
    expect(now.items).toEqual(items);
    expect(before).toEqual(now);
  });

  it('take a fraction of the JSON (write and read units)', () => {
    expect(encodeItems(items).length).toBeLessThan(JSON.stringify(items).length / 2);
  });
});

describe('list item keys and versions', () => {
  it('put every list in the site partition, site-wide lists under _all', () => {
    expect(listKey('daily', 'popular-now', undefined)).toEqual({ pk: 'LIST#daily', sk: 'popular-now#_all' });
    expect(listKey('daily', 'latest', 'world')).toEqual({ pk: 'LIST#daily', sk: 'latest#world' });
    expect(relatedKey('daily', 'story-1')).toEqual({ pk: 'RELATED#daily', sk: 'story-1' });
  });

  it('write a list whole, items encoded', () => {
    const list = { site: 'daily', list: 'related', section: null, generatedAt: stored.generatedAt, version: contentVersion(items), items };
    const { Item } = listPutRequest(relatedKey('daily', 'story-0'), list, { articleId: 'story-0' }).PutRequest;
    expect(Item).toMatchObject({ pk: 'RELATED#daily', sk: 'story-0', articleId: 'story-0', version: list.version });
    expect(parseStoredList(Item)).toEqual(list);
  });

  it('change version with what a reader sees, not with scores', () => {
    expect(contentVersion(items.map((i) => ({ ...i, score: i.score / 2 })))).toBe(contentVersion(items));
    expect(contentVersion(items.map((i, k) => (k === 3 ? { ...i, title: 'Changed' } : i)))).not.toBe(contentVersion(items));
    expect(contentVersion([...items].reverse())).not.toBe(contentVersion(items));
  });
});

describe('versions items', () => {
  it('record versions in sorted chunks and a rewrite marker the reader does not trust', () => {
    const versions = Object.fromEntries(Array.from({ length: 4001 }, (_, i) => [`a${String(i).padStart(5, '0')}`, `v${i}`]));
    const puts = versionsPuts('daily', 'related', versions);
    expect(puts.map((p) => ('PutRequest' in p ? p.PutRequest.Item.sk : ''))).toEqual(['related#0000', 'related#0001']);
    const marker = pendingPuts('daily', 'related', ['a00001', 'a00002']);
    expect(marker).toEqual([{ PutRequest: { Item: { pk: 'VERSIONS#daily', sk: 'related#rewriting#0000', rewriting: ['a00001', 'a00002'] } } }]);
    const items = [...puts, ...marker].map((p) => ('PutRequest' in p ? p.PutRequest.Item : {}));
    const read = toWrittenVersions(items);
    expect(read.pendingChunks).toBe(1);
    expect(read.versions.a00001).toBeUndefined();
    expect(read.versions.a00003).toBe('v3');
    expect(Object.keys(read.versions)).toHaveLength(3999);
    expect(pendingDeletes('daily', 'related', 2)).toEqual([
      { DeleteRequest: { Key: { pk: 'VERSIONS#daily', sk: 'related#rewriting#0000' } } },
      { DeleteRequest: { Key: { pk: 'VERSIONS#daily', sk: 'related#rewriting#0001' } } },
    ]);
    expect(versionsQueryInput('t', 'daily', 'related').ExpressionAttributeValues).toEqual({ ':pk': 'VERSIONS#daily', ':prefix': 'related#' });
  });
});

describe('stats items', () => {
  it('set the covered days and views7d, leaving older days, and sum every day for the total', () => {
    const input = updateStatsInput('t', 'daily', 'story-1', { days: { d20261127: 4, d20261128: 2 }, views7d: 6 }, '2026-11-28T12:00:00.000Z');
    expect(input).toMatchObject({
      Key: { pk: 'STATS#daily', sk: 'story-1' },
      UpdateExpression: 'SET views7d = :w, updatedAt = :u, #d0 = :d0, #d1 = :d1',
      ExpressionAttributeNames: { '#d0': 'd20261127', '#d1': 'd20261128' },
      ExpressionAttributeValues: { ':w': 6, ':u': '2026-11-28T12:00:00.000Z', ':d0': 4, ':d1': 2 },
    });
    expect(totalViews({ pk: 'STATS#daily', d20261101: 10, d20261127: 4, d20261128: 2, views7d: 6, dX: 3 })).toBe(16);
  });
});
