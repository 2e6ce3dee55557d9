import { describe, expect, it } from 'vitest';
import { articleIdOfUrl } from '../../../shared/article-id-rule.ts';
import { parseFeed } from '../../../shared/catalog/feed-parser.ts';

const FEED_URL = 'https://news.example/feeds/main.xml';
const DATE = '<pubDate>Sat, 28 Nov 2026 08:00:00 GMT</pubDate>';
const rss = (items: string, attrs = '') =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"${attrs}><channel><title>T</title>${items}</channel></rss>`;
const item = (link: string, extra = '', title = 'A story') => `<item><title>${title}</title><link>${link}</link>${DATE}${extra}</item>`;

describe('feeds as large publishers send them', () => {
  it('gives every story of an /index.html feed its own id, the one its page computes', () => {
    const links = ['politics/senate-vote', 'world/storm-warning', 'business/rates-held'].map((p) => `https://edition.example/2026/11/28/${p}/index.html`);
    const { articles, skipped } = parseFeed(rss(links.map((l) => item(l)).join('')), FEED_URL);
    expect(skipped).toEqual([]);
    expect(articles.map((a) => a.articleId)).toEqual(['senate-vote', 'storm-warning', 'rates-held']);
    expect(articles.map((a) => a.articleId)).toEqual(links.map((l) => articleIdOfUrl(l)));
  });

  it('imports Polish, Cyrillic and comma slugs under the ids their pages compute', () => {
    const links = [
      'https://gazeta.example/wiadomosci/za%C5%BC%C3%B3%C5%82%C4%87-g%C4%99%C5%9Bl%C4%85-ja%C5%BA%C5%84',
      'https://gazeta.example/wiadomosci/zdrowie-ł-ą',
      'https://vesti.example/news/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8-%D0%B4%D0%BD%D1%8F',
      'https://wyborcza.example/7,75398,30412345,tytul-artykulu.html',
    ];
    const { articles, skipped, provenance } = parseFeed(rss(links.map((l) => item(l)).join('')), FEED_URL);
    expect(skipped).toEqual([]);
    expect(articles.map((a) => a.articleId)).toEqual(links.map((l) => articleIdOfUrl(l)));
    expect(new Set(articles.map((a) => a.articleId)).size).toBe(4);
    expect(provenance.every((p) => p.idFrom === 'url')).toBe(true);
  });

  it('says why two different pages cannot share an id, and that a repeat is a repeat', () => {
    const { articles, skipped } = parseFeed(
      rss(item('https://news.example/article.php?id=1') + item('https://news.example/article.php?id=2') + item('https://news.example/article.php?id=1')),
      FEED_URL,
    );
    expect(articles).toHaveLength(1);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^item 2 .*: same article id article as item 1 \(https:\/\/news\.example\/article\.php\?id=1\), another URL: .*explicit ids/),
      'item 3 (https://news.example/article.php?id=1): repeats item 1 (article id article)',
    ]);
  });

  it('takes the publisher\'s page from feedburner:origLink over the redirect in <link>', () => {
    const [article] = parseFeed(
      rss(item('http://feedproxy.google.com/~r/herald/~3/AbC123/storm-7.html', '<feedburner:origLink>https://herald.example/world/storm-7.html</feedburner:origLink>')),
      FEED_URL,
    ).articles;
    expect(article).toMatchObject({ articleId: 'storm-7', url: 'https://herald.example/world/storm-7.html' });
  });

  it('resolves relative links against xml:base, nested, then the feed URL', () => {
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/base/">
      <title>T</title>
      <entry><title>A</title><link href="posts/a-post"/><published>2026-11-28T08:00:00Z</published></entry>
      <entry xml:base="/other/"><title>B</title><link href="b-post"/><published>2026-11-28T08:00:00Z</published></entry>
      <entry><title>C</title><link xml:base="https://cdn.example/x/" href="c-post"/><published>2026-11-28T08:00:00Z</published></entry>
    </feed>`;
    expect(parseFeed(xml, FEED_URL).articles.map((a) => a.url)).toEqual([
      'https://blog.example/base/posts/a-post',
      'https://blog.example/other/b-post',
      'https://cdn.example/x/c-post',
    ]);
    expect(parseFeed(rss(item('/world/d-post')), FEED_URL).articles[0]?.url).toBe('https://news.example/world/d-post');
  });

  it('prefers a permalink guid with a path over a link to the front page, and reads relative permalinks', () => {
    const { articles } = parseFeed(
      rss(
        '<item><title>Ep 62</title><link>http://cast.example/</link><guid>http://cast.example/shows/ep-62.mp3</guid>' + DATE + '</item>' +
          '<item><title>Post</title><guid isPermaLink="true">/blog/intro-graphml</guid>' + DATE + '</item>',
      ),
      'https://huggingface.example/blog/feed.xml',
    );
    expect(articles.map((a) => [a.articleId, a.url])).toEqual([
      ['ep-62.mp3', 'http://cast.example/shows/ep-62.mp3'],
      ['intro-graphml', 'https://huggingface.example/blog/intro-graphml'],
    ]);
  });

  it('takes the largest image among media:content, media:thumbnail, enclosures and itunes:image', () => {
    const images = (extra: string) => parseFeed(rss(item('https://news.example/a', extra)), FEED_URL).articles[0]?.image;
    // The first media:content is the smallest (as one large publisher sends them).
    expect(images('<media:content url="https://i.example/140.jpg" medium="image" width="140" height="84"/><media:content url="https://i.example/460.jpg" medium="image" width="460" height="276"/>')).toBe('https://i.example/460.jpg');
    expect(images('<media:content width="140" url="https://i.example/a.jpg?w=140"/><media:content width="460" url="https://i.example/a.jpg?w=460"/>')).toBe('https://i.example/a.jpg?w=460');
    expect(images('<media:thumbnail url="https://i.example/t.jpg" width="1200" height="800"/><enclosure url="https://i.example/e.jpg" type="image/jpeg" length="9"/>')).toBe('https://i.example/e.jpg');
    expect(images('<media:thumbnail url="https://i.example/t.jpg" width="150" height="150"/><media:content url="https://i.example/c.jpg" medium="image" width="1024" height="576"/>')).toBe('https://i.example/c.jpg');
    expect(images('<itunes:image href="https://i.example/cover.jpg"/><media:thumbnail url="https://i.example/t.jpg"/>')).toBe('https://i.example/cover.jpg');
    expect(images('<media:content url="javascript:alert(1)" medium="image" width="9999" height="9999"/><media:thumbnail url="https://i.example/t.jpg"/>')).toBe('https://i.example/t.jpg');
  });

  it('names the empty documents it refuses', () => {
    expect(() => parseFeed('<rss version="2.0"></rss>', FEED_URL)).toThrow('an RSS document without a <channel>');
    expect(() => parseFeed('<rss version="2.0"/>', FEED_URL)).toThrow('an RSS document without a <channel>');
    expect(parseFeed('<rss version="2.0"><channel></channel></rss>', FEED_URL).articles).toEqual([]);
  });

  it('reads Atom 0.3 dates (issued, modified)', () => {
    const xml = '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><title>A</title><link href="https://news.example/a-3" rel="alternate" type="text/html"/><issued>2005-10-13T18:30:02Z</issued></entry></feed>';
    expect(parseFeed(xml, FEED_URL).articles[0]?.publishedAt).toBe('2005-10-13T18:30:02.000Z');
  });
});
