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

  it('fills every block from fallbacks on a new site or section (only latest exists)', () => {
    const blocks = composeWidgets({ latest: items('1', '2', '3', '4', '5', '6', '7', '8', '9', '10') }, { read: [], limit: 2 });
    for (const block of Object.values(blocks)) expect(block.length).toBe(2);
  });

  it('shows empty blocks only when there is nothing at all', () => {
    const blocks = composeWidgets({}, { read: [], limit: 5 });
    expect(Object.values(blocks).every((b) => b.length === 0)).toBe(true);
  });
});
