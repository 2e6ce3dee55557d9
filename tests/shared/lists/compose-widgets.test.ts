import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../../shared/lists/list-item.ts';
import { composeWidgets } from '../../../shared/lists/compose-widgets.ts';

const item = (articleId: string): ListItem => ({ articleId, title: articleId, url: `https://x.example/${articleId}`, publishedAt: '2026-11-28T00:00:00Z', score: 1, parts: {} });
const items = (...ids: string[]) => ids.map(item);

describe('composeWidgets', () => {
  it('never shows an article twice, the current one, or one already read', () => {
    const blocks = composeWidgets(
      {
        related: items('cur', 'a', 'b'),
        latestInSection: items('a', 'c', 'd'),
        latest: items('e', 'f', 'g', 'h'),
        popularNow: items('a', 'b', 'c', 'i'),
        weeklyBest: items('i', 'j', 'k'),
        mustReads: items('j', 'read-1', 'l'),
      },
      { currentId: 'cur', read: ['read-1', 'k'], limit: 2 },
    );
    const all = Object.values(blocks).flat().map((i) => i.articleId);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain('cur');
    expect(all).not.toContain('read-1');
    expect(all).not.toContain('k');
    expect(blocks.related.map((i) => i.articleId)).toEqual(['a', 'b']);
    expect(blocks.latest.map((i) => i.articleId)).toEqual(['c', 'd']);
  });

  it('adds spares after each block\'s limit without taking them from later blocks; dropping read ones then gives the read-aware page', () => {
    const sources = { related: items('a', 'b', 'c', 'd'), popularNow: items('b', 'c', 'e', 'f', 'g'), weeklyBest: items('e', 'h', 'i', 'j') };
    const blocks = composeWidgets(sources, { read: [], limit: 2, spare: 2 });
    expect(blocks.related.map((i) => i.articleId)).toEqual(['a', 'b', 'c', 'd']);
    expect(blocks.popularNow.map((i) => i.articleId)).toEqual(['c', 'e', 'f', 'g']); // b is shown by related
    // What widgets.js does with a reader who read `a` and `e`: most specific block first, each article once.
    const used = new Set(['a', 'e']);
    const pick = (list: ListItem[]) => list.filter((i) => !used.has(i.articleId)).slice(0, 2).map((i) => (used.add(i.articleId), i.articleId));
    const shown = [pick(blocks.related), pick(blocks.popularNow), pick(blocks.weeklyBest)];
    const server = composeWidgets(sources, { read: ['a', 'e'], limit: 2 });
    expect(shown).toEqual([server.related, server.popularNow, server.weeklyBest].map((list) => list.map((i) => i.articleId)));
  });

  it('fills every block from fallbacks on a new site or section (only latest exists)', () => {
    const blocks = composeWidgets({ latest: items('1', '2', '3', '4', '5', '6', '7', '8', '9', '10') }, { read: [], limit: 2 });
    for (const block of Object.values(blocks)) expect(block.length).toBe(2);
  });

  it('shows empty blocks only when there is nothing at all', () => {
    const blocks = composeWidgets({}, { read: [], limit: 5 });
    expect(Object.values(blocks).every((b) => b.length === 0)).toBe(true);
  });
});
