import { describe, expect, it } from 'vitest';
import { contentVersion, encodeItems, listKey, listPutRequest, parseStoredList, relatedKey, type ListItem } from '../../../shared/lists/list-item.ts';

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
