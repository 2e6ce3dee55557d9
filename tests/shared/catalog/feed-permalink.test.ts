import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../shared/catalog/feed-parser.ts';

const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;
const DATE = '<pubDate>Sat, 28 Nov 2026 08:00:00 GMT</pubDate>';

describe('items whose only URL is their guid', () => {
  it('take the guid as the link when it is a permalink (the RSS 2.0 default), not when it says it is not', () => {
    const { articles, skipped } = parseFeed(
      rss(
        `<item><title>Permalink</title><guid isPermaLink="true">https://news.example/world/a-permalink-story</guid>${DATE}</item>` +
          `<item><title>Default</title><guid>https://news.example/world/default-permalink</guid>${DATE}</item>` +
          `<item><title>Not a link</title><guid isPermaLink="false">https://news.example/?p=123</guid>${DATE}</item>`,
      ),
      'https://news.example/feed',
    );
    expect(articles.map((a) => [a.articleId, a.url])).toEqual([
      ['a-permalink-story', 'https://news.example/world/a-permalink-story'],
      ['default-permalink', 'https://news.example/world/default-permalink'],
    ]);
    expect(skipped).toHaveLength(1);
  });

  it('reads a real feed that has links only in <guid isPermaLink> (all 175 of its items were dropped)', () => {
    const xml = readFileSync(new URL('../../fixtures/real-feeds/feed-extractor/rss-feed-miss-link.xml', import.meta.url), 'utf8');
    const { articles, skipped } = parseFeed(xml, 'https://huggingface.co/blog/feed.xml');
    expect(articles.length + skipped.length).toBe(175);
    expect(articles.length).toBeGreaterThanOrEqual(170);
    expect(articles[0]).toMatchObject({ articleId: 'intro-graphml', url: 'https://huggingface.co/blog/intro-graphml' });
  });
});
