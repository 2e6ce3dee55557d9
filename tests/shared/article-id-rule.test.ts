import { describe, expect, it } from 'vitest';
import { articleIdOfUrl, isArticleId } from '../../shared/article-id-rule.ts';

describe('articleIdOfUrl: the id a page and its feed item agree on', () => {
  it('is the last path segment, without a page extension, query or fragment', () => {
    expect(articleIdOfUrl('https://news.example/us-news/2026/nov/28/vote-count')).toBe('vote-count');
    expect(articleIdOfUrl('https://news.example/2026/11/28/vote-count/')).toBe('vote-count');
    expect(articleIdOfUrl('https://news.example/story/12345.php?utm_source=rss#top')).toBe('12345');
    expect(articleIdOfUrl('https://news.example/archive/report.v2')).toBe('report.v2');
    expect(articleIdOfUrl('https://news.example/world/storm.shtml')).toBe('storm');
  });

  it('skips index pages, so a publisher whose every link ends in /index.html gets one id per story', () => {
    expect(articleIdOfUrl('https://edition.example/2026/11/28/politics/senate-vote/index.html')).toBe('senate-vote');
    expect(articleIdOfUrl('https://edition.example/2026/11/28/world/storm/index.html')).toBe('storm');
    expect(articleIdOfUrl('https://news.example/local/fair/default.aspx')).toBe('fair');
    expect(articleIdOfUrl('https://news.example/index.html')).toBeUndefined();
    expect(articleIdOfUrl('https://news.example/')).toBeUndefined();
  });

  it('gives a slug of other scripts, or with commas, a stable hashed id: encoded, raw and decomposed alike', () => {
    const encoded = articleIdOfUrl('https://gazeta.example/wiadomosci/za%C5%BC%C3%B3%C5%82%C4%87-g%C4%99%C5%9Bl%C4%85-ja%C5%BA%C5%84');
    expect(encoded).toMatch(/^h-[0-9a-z]{11}$/);
    expect(articleIdOfUrl('https://gazeta.example/wiadomosci/zażółć-gęślą-jaźń')).toBe(encoded);
    expect(articleIdOfUrl('https://gazeta.example/inne/' + 'zażółć-gęślą-jaźń'.normalize('NFD'))).toBe(encoded);
    expect(articleIdOfUrl('https://gazeta.example/wiadomosci/zazolc-gesla-jazn')).not.toBe(encoded);
    const cyrillic = articleIdOfUrl('https://vesti.example/news/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8-%D0%B4%D0%BD%D1%8F');
    expect(cyrillic).toMatch(/^h-/);
    expect(cyrillic).not.toBe(encoded);
    const commas = articleIdOfUrl('https://wyborcza.example/7,75398,30412345,tytul-artykulu.html');
    expect(commas).toMatch(/^h-/);
    expect(articleIdOfUrl('https://wyborcza.example/7,75398,30412345,tytul-artykulu.html?src=rss')).toBe(commas);
    expect(articleIdOfUrl('https://wyborcza.example/7,75398,30412346,tytul-artykulu.html')).not.toBe(commas);
    for (const id of [encoded, cyrillic, commas]) expect(isArticleId(id ?? '')).toBe(true);
  });

  it('hashes a slug longer than an id may be, and keeps a stray % as written', () => {
    const long = articleIdOfUrl(`https://news.example/${'a'.repeat(200)}`);
    expect(long).toMatch(/^h-/);
    expect(articleIdOfUrl(`https://news.example/${'a'.repeat(128)}`)).toBe('a'.repeat(128));
    expect(articleIdOfUrl('https://news.example/100%-sure')).toMatch(/^h-/);
  });

  it('takes hostile slugs as plain ids and unreadable URLs as none', () => {
    expect(articleIdOfUrl('https://news.example/constructor')).toBe('constructor');
    expect(articleIdOfUrl('https://news.example/__proto__')).toMatch(/^h-/); // an id cannot start with _
    expect(articleIdOfUrl('not a url')).toBeUndefined();
    expect(articleIdOfUrl('/relative/story-1', 'https://news.example/feed.xml')).toBe('story-1');
  });
});
