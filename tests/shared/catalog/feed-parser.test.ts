import { describe, expect, it } from 'vitest';
import { MAX_FEED_ITEMS, parseFeed } from '../../../shared/catalog/feed-parser.ts';

const FEED_URL = 'https://news.example/feeds/main.xml';

function rss(items: string, namespaces = 'xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"') {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" ${namespaces} xmlns:newspulse="https://newspulse.dev/ns/1">
  <channel><title>Daily News</title><link>https://news.example/</link>${items}</channel>
</rss>`;
}

function atom(entries: string) {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <title>Daily News</title><id>tag:news.example,2026:feed</id><updated>2026-11-28T12:00:00Z</updated>${entries}
</feed>`;
}

/** An RSS item with sensible defaults; `extra` adds elements. */
function item({ title = 'A story', link = 'https://news.example/a-story', date = 'Sat, 28 Nov 2026 08:00:00 GMT', extra = '' } = {}) {
  return `<item><title>${title}</title><link>${link}</link><pubDate>${date}</pubDate>${extra}</item>`;
}

const reasons = (xml: string) => parseFeed(xml, FEED_URL).skipped.map((s) => s.reason);

describe('parseFeed: RSS 2.0', () => {
  it('reads an item: id from the link, the section from a category the site lists, every other category a tag, the date in UTC, an image', () => {
    const { articles, skipped } = parseFeed(
      rss(`
      <item>
        <title>Rates held</title>
        <link>https://news.example/business/2026/11/rates-held.html</link>
        <guid isPermaLink="true">https://news.example/business/2026/11/rates-held.html</guid>
        <description>&lt;p&gt;The bank kept rates.&lt;/p&gt;</description>
        <pubDate>Sat, 28 Nov 2026 09:30:00 +0100</pubDate>
        <category>Business</category>
        <category domain="tags">Economy</category>
        <category>BUSINESS</category>
        <category>Central Banks</category>
        <media:content url="https://cdn.example/v.mp4" medium="video"/>
        <media:content url="https://cdn.example/rates.jpg" medium="image" width="1200"/>
        <media:thumbnail url="https://cdn.example/rates-small.jpg"/>
      </item>`),
      FEED_URL,
      { sections: ['world', 'business'] },
    );
    expect(skipped).toEqual([]);
    expect(articles).toEqual([
      {
        articleId: 'rates-held',
        title: 'Rates held',
        url: 'https://news.example/business/2026/11/rates-held.html',
        section: 'business',
        tags: ['economy', 'central banks'],
        publishedAt: '2026-11-28T08:30:00.000Z',
        image: 'https://cdn.example/rates.jpg',
      },
    ]);
  });

  it('falls back to the thumbnail, then an image enclosure, resolving relative URLs against the feed', () => {
    const { articles } = parseFeed(
      rss(
        item({ link: '/world/storm-7', extra: '<media:thumbnail url="/img/storm.jpg"/>' }) +
          item({ link: 'https://news.example/world/flood-2', extra: '<enclosure url="https://cdn.example/flood.png" type="image/png" length="1"/><enclosure url="https://cdn.example/a.mp3" type="audio/mpeg" length="1"/>' }) +
          item({ link: 'https://news.example/world/quake-3', extra: '<enclosure url="https://cdn.example/quake.mp3" type="audio/mpeg" length="1"/>' }),
      ),
      FEED_URL,
    );
    expect(articles.map((a) => [a.articleId, a.url, a.image])).toEqual([
      ['storm-7', 'https://news.example/world/storm-7', 'https://news.example/img/storm.jpg'],
      ['flood-2', 'https://news.example/world/flood-2', 'https://cdn.example/flood.png'],
      ['quake-3', 'https://news.example/world/quake-3', undefined],
    ]);
  });

  it('finds Media RSS and Dublin Core under whatever prefix the feed binds them to', () => {
    const xml = rss(
      '<item><title>T</title><link>https://news.example/t-1</link><d:date>2026-11-28T07:00:00+02:00</d:date><d:subject>Sport</d:subject><m:thumbnail url="https://cdn.example/t.jpg"/></item>',
      'xmlns:m="http://search.yahoo.com/mrss/" xmlns:d="http://purl.org/dc/elements/1.1/"',
    );
    expect(parseFeed(xml, FEED_URL, { sections: ['sport'] }).articles[0]).toMatchObject({ publishedAt: '2026-11-28T05:00:00.000Z', section: 'sport', image: 'https://cdn.example/t.jpg' });
  });

  it('keeps at most 20 tags and drops categories too long to be one', () => {
    const categories = ['News', 'x'.repeat(65), ...Array.from({ length: 25 }, (_, i) => `Tag ${i}`)].map((c) => `<category>${c}</category>`).join('');
    const [article] = parseFeed(rss(item({ extra: categories })), FEED_URL, { sections: ['news'] }).articles;
    expect(article?.section).toBe('news');
    expect(article?.tags).toHaveLength(20);
    expect(article?.tags[0]).toBe('tag 0');
  });

  it('reads dates without a time zone as UTC, never as the machine zone', () => {
    const { articles } = parseFeed(rss(item({ date: 'Sat, 28 Nov 2026 08:00:00' }) + item({ link: 'https://news.example/b', date: '2026-11-28T08:00:00' })), FEED_URL);
    expect(articles.map((a) => a.publishedAt)).toEqual(['2026-11-28T08:00:00.000Z', '2026-11-28T08:00:00.000Z']);
  });

  it('reads RSS 1.0 (RDF) items', () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://news.example/"><title>N</title></channel>
      <item rdf:about="https://news.example/rdf-1"><title>Old school</title><link>https://news.example/rdf-1</link><dc:date>2026-11-28T08:00:00Z</dc:date></item>
    </rdf:RDF>`;
    expect(parseFeed(xml, FEED_URL).articles.map((a) => a.articleId)).toEqual(['rdf-1']);
  });
});

describe('parseFeed: Atom', () => {
  it('reads an entry: the alternate link, published before updated, category terms, media', () => {
    const { articles, skipped } = parseFeed(
      atom(`
      <entry>
        <id>tag:news.example,2026:storm-7</id>
        <title type="text">Storm hits the coast</title>
        <link rel="self" href="https://news.example/api/storm-7.json"/>
        <link rel="alternate" type="text/html" href="https://news.example/world/storm-7/"/>
        <link rel="enclosure" type="image/jpeg" href="https://cdn.example/storm-big.jpg"/>
        <published>2026-11-28T06:00:00Z</published>
        <updated>2026-11-28T09:00:00Z</updated>
        <category term="World" label="Die Welt"/>
        <category term="Weather"/>
        <media:thumbnail url="https://cdn.example/storm.jpg"/>
      </entry>
      <entry>
        <id>urn:uuid:5e0e6c56-0e8c-4b9c-9f6b-6f1f4f0a0b6a</id>
        <title type="html">Markets &amp;amp; more</title>
        <link href="/business/markets-9.html"/>
        <updated>2026-11-28T10:00:00+01:00</updated>
      </entry>`),
      FEED_URL,
      { sections: ['world'] },
    );
    expect(skipped).toEqual([]);
    expect(articles).toEqual([
      {
        articleId: 'storm-7',
        title: 'Storm hits the coast',
        url: 'https://news.example/world/storm-7/',
        section: 'world',
        tags: ['weather'],
        publishedAt: '2026-11-28T06:00:00.000Z',
        image: 'https://cdn.example/storm-big.jpg', // a full image before a thumbnail
      },
      {
        articleId: 'markets-9',
        title: 'Markets & more',
        url: 'https://news.example/business/markets-9.html',
        tags: [],
        publishedAt: '2026-11-28T09:00:00.000Z',
      },
    ]);
  });

  it('uses an id-like Atom id as the article id', () => {
    const [article] = parseFeed(atom('<entry><id>88123</id><title>T</title><link href="https://news.example/some-slug"/><updated>2026-11-28T10:00:00Z</updated></entry>'), FEED_URL).articles;
    expect(article?.articleId).toBe('88123');
  });
});

describe('parseFeed: the article id rule', () => {
  const idOf = (extra: string, link = 'https://news.example/politics/vote-count.html') => {
    const { articles, skipped } = parseFeed(rss(item({ link, extra })), FEED_URL);
    return articles[0]?.articleId ?? skipped[0]?.reason;
  };

  it('prefers newspulse:articleId over the guid and the link', () => {
    expect(idOf('<guid isPermaLink="false">guid-1</guid><newspulse:articleId>cms:4711</newspulse:articleId>')).toBe('cms:4711');
  });

  it('skips an item whose newspulse:articleId is invalid rather than guessing', () => {
    expect(idOf('<newspulse:articleId>not valid#id</newspulse:articleId>')).toMatch(/newspulse:articleId "not valid#id" is not a valid article id/);
  });

  it('uses a guid that is an id, not one that is a URL or URI', () => {
    expect(idOf('<guid isPermaLink="false">000123</guid>')).toBe('000123');
    expect(idOf('<guid>https://news.example/?p=123</guid>')).toBe('vote-count');
    expect(idOf('<guid>urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427</guid>')).toBe('vote-count');
    expect(idOf('<guid isPermaLink="false">has spaces</guid>')).toBe('vote-count');
  });

  it('takes the last non-empty path segment of the link, without a page extension', () => {
    expect(idOf('', 'https://news.example/2026/11/28/vote-count/')).toBe('vote-count');
    expect(idOf('', 'https://news.example/story/12345.php?utm_source=rss#top')).toBe('12345');
    expect(idOf('', 'https://news.example/archive/report.v2')).toBe('report.v2');
  });

  it('skips an item with no usable id', () => {
    expect(idOf('', 'https://news.example/')).toMatch(/no article id/);
    expect(idOf('', 'https://news.example/index.html')).toMatch(/no article id/);
  });
});

describe('parseFeed: text', () => {
  it('decodes XML and HTML entities in titles, also when escaped twice', () => {
    const { articles } = parseFeed(
      rss(item({ title: 'Don&rsquo;t panic &#8211; it&#x2019;s fine&nbsp;now' }) + item({ link: 'https://news.example/b', title: 'Q&amp;amp;A: what&amp;#8217;s next' })),
      FEED_URL,
    );
    expect(articles.map((a) => a.title)).toEqual(['Don’t panic – it’s fine\u00a0now', 'Q&A: what’s next']);
  });

  it('leaves names of Object.prototype properties as written, never decoding them as entities', () => {
    const { articles } = parseFeed(rss(item({ title: 'Tricky &amp;valueOf; and &amp;toString; &amp;constructor;' })), FEED_URL);
    expect(articles.map((a) => a.title)).toEqual(['Tricky &valueOf; and &toString; &constructor;']);
  });

  it('reads CDATA titles and categories, decoding the entities publishers put in them', () => {
    const [article] = parseFeed(
      rss(item({ title: '  <![CDATA[Rates & taxes: Q&amp;A <b>live</b>]]>  ', extra: '<category><![CDATA[Money & Markets]]></category>' })),
      FEED_URL,
      { sections: ['money & markets'] },
    ).articles;
    expect(article?.title).toBe('Rates & taxes: Q&A <b>live</b>');
    expect(article?.section).toBe('money & markets');
  });

  it('keeps a title containing <script> as literal text, escaped or in CDATA', () => {
    const { articles } = parseFeed(
      rss(item({ title: '&lt;script&gt;alert(1)&lt;/script&gt; Breaking' }) + item({ link: 'https://news.example/b', title: '<![CDATA[<script>alert(2)</script> <img src=x onerror=alert(3)>]]>' })),
      FEED_URL,
    );
    expect(articles.map((a) => a.title)).toEqual(['<script>alert(1)</script> Breaking', '<script>alert(2)</script> <img src=x onerror=alert(3)>']);
  });
});

describe('parseFeed: what it skips and refuses', () => {
  it('skips invalid items with a reason naming the item, and keeps the others', () => {
    const xml = rss(
      [
        item({ link: 'https://news.example/ok-1' }),
        '<item><title>No date</title><link>https://news.example/no-date</link></item>',
        item({ link: 'https://news.example/bad-date', date: 'sometime last week' }),
        item({ link: 'https://news.example/no-title', title: '   ' }),
        item({ link: 'https://news.example/long-title', title: 'x'.repeat(301) }),
        item({ link: 'javascript:alert(1)', extra: '<guid isPermaLink="false">js-1</guid>' }),
        item({ link: 'https://news.example/ok-1', title: 'Same id again' }),
        item({ link: 'https://news.example/ok-2', extra: '<media:content url="javascript:alert(1)" medium="image"/>' }),
      ].join(''),
    );
    const { articles, skipped } = parseFeed(xml, FEED_URL);
    expect(articles.map((a) => a.articleId)).toEqual(['ok-1', 'ok-2']);
    expect(articles[1]?.image).toBeUndefined(); // a bad image costs the image, not the article
    expect(skipped.map((s) => s.reason)).toEqual([
      'item 2 (https://news.example/no-date): no publish date (pubDate, dc:date, published, issued, updated or modified)',
      'item 3 (https://news.example/bad-date): unreadable publish date "sometime last week"',
      expect.stringMatching(/^item 4 \(https:\/\/news\.example\/no-title\): title: /),
      expect.stringMatching(/^item 5 \(https:\/\/news\.example\/long-title\): title: /),
      expect.stringMatching(/^item 6 \(javascript:alert\(1\)\): url: /),
      'item 7 (https://news.example/ok-1): repeats item 1 (article id ok-1)',
    ]);
  });

  it('reads at most the first 1,000 items of a huge feed', () => {
    const items = Array.from({ length: MAX_FEED_ITEMS + 10 }, (_, i) => item({ link: `https://news.example/story-${i}` })).join('');
    const { articles, skipped } = parseFeed(rss(items), FEED_URL);
    expect(articles).toHaveLength(1_000);
    expect(articles.at(-1)?.articleId).toBe('story-999');
    expect(skipped).toHaveLength(10);
    expect(skipped[0]?.reason).toBe('item 1001 (https://news.example/story-1000): beyond the first 1000 items');
  });

  it('returns nothing for an empty feed', () => {
    expect(parseFeed(rss(''), FEED_URL)).toEqual({ articles: [], provenance: [], skipped: [] });
    expect(parseFeed(atom(''), FEED_URL)).toEqual({ articles: [], provenance: [], skipped: [] });
  });

  it('throws on malformed XML and on documents that are not feeds', () => {
    expect(() => parseFeed('<rss><channel><item><title>x</title></channel></rss>', FEED_URL)).toThrow(/not well-formed XML/);
    expect(() => parseFeed('<html><body>Moved</body></html>', FEED_URL)).toThrow(/not an RSS or Atom feed \(root element: html\)/);
    expect(() => parseFeed('', FEED_URL)).toThrow(/not well-formed XML/);
    expect(reasons(`\uFEFF\n  ${rss(item())}`)).toEqual([]); // a BOM and leading blank lines are tolerated
  });
});
