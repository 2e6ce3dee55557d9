import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../../shared/lists/list-item.ts';
import { relatedFallback, relatedWithFallback } from '../../../shared/lists/related-fallback.ts';

const item = (articleId: string, section?: string): ListItem => ({ articleId, section, title: articleId, url: `https://n.example/${articleId}`, publishedAt: '2026-11-28T08:00:00.000Z', score: 1, parts: { views: 1 } });
const ids = (items: ListItem[]) => items.map((i) => i.articleId);

describe('relatedFallback', () => {
  const sources = {
    latestInSection: [item('s-new-1', 'sport'), item('s-new-2', 'sport')],
    popularNow: [item('hot-1', 'world'), item('s-hot', 'sport'), item('hot-2', 'tech')],
    latest: [item('new-1', 'tech'), item('s-new-1', 'sport'), item('new-2', 'world')],
    weeklyBest: [item('best-1', 'world'), item('constructor', 'sport')],
  };

  it('puts the same section first, then popular and fresh in turns, then the week, each once and marked', () => {
    const out = relatedFallback(sources, { articleId: 's-new-2', section: 'sport' });
    expect(ids(out)).toEqual(['s-new-1', 's-hot', 'constructor', 'hot-1', 'new-1', 'hot-2', 'new-2', 'best-1']);
    expect(out.map((i) => i.parts.fallback)).toEqual(['section-latest', 'popular-now', 'weekly-best', 'popular-now', 'latest', 'popular-now', 'latest', 'weekly-best']);
    expect(out[0]?.parts.views).toBe(1); // the original parts stay
  });

  it('works without a section and with nothing at all', () => {
    expect(ids(relatedFallback(sources, { articleId: 'hot-1' }))[0]).toBe('s-new-1');
    expect(relatedFallback({}, { articleId: 'x' })).toEqual([]);
  });

  it('serves a computed list alone, however short, and the fallback only when there is none', () => {
    const short = relatedWithFallback({ ...sources, related: [item('hot-2', 'tech')] }, { articleId: 's-new-2', section: 'sport' }, 3);
    expect(short).toEqual({ items: [item('hot-2', 'tech')], fellBack: false });
    const none = relatedWithFallback({ ...sources, related: [] }, { articleId: 's-new-2', section: 'sport' }, 3);
    expect(none.fellBack).toBe(true);
    expect(ids(none.items)).toEqual(['s-new-1', 's-hot', 'constructor']);
    const full = relatedWithFallback({ ...sources, related: [item('a'), item('b'), item('c'), item('d')] }, { articleId: 'x' }, 3);
    expect(full).toEqual({ items: [item('a'), item('b'), item('c')], fellBack: false });
  });
});
