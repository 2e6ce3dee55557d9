import { describe, expect, it } from 'vitest';
import { sectionRule, type SectionRules } from '../../../shared/catalog/section-rule.ts';

const feedSection = (url: string, categories: string[], rules: SectionRules) => sectionRule(rules)(url, categories);

const rules = {
  sections: ['world', 'sport'],
  sectionPaths: [
    { path: '/us-news/', section: 'us news' },
    { path: '/us-news/politics', section: 'us politics' },
    { path: '/sport', section: 'sport' },
  ],
};

describe('feedSection', () => {
  it('takes the longest section path the URL is under, in whole segments', () => {
    expect(feedSection('https://news.example/us-news/2026/nov/28/story', ['Donald Trump', 'US news'], rules)).toEqual({ section: 'us news', from: 'path' });
    expect(feedSection('https://news.example/us-news/politics/story', [], rules)).toEqual({ section: 'us politics', from: 'path' });
    expect(feedSection('https://news.example/SPORT/cup-final', [], rules)).toEqual({ section: 'sport', from: 'path' });
    expect(feedSection('https://news.example/sports-betting/odds', [], rules)).toBeUndefined();
  });

  it('takes a category only when it names a section the site has, never a keyword', () => {
    expect(feedSection('https://news.example/2026/story', ['Donald Trump', 'World'], rules)).toEqual({ section: 'world', from: 'category' });
    expect(feedSection('https://news.example/2026/story', ['Donald Trump', 'Elections'], rules)).toBeUndefined();
    expect(feedSection('https://news.example/2026/story', ['US News'], rules)).toEqual({ section: 'us news', from: 'category' });
    expect(feedSection('https://news.example/2026/story', ['World'], {})).toBeUndefined();
    expect(feedSection('https://news.example/2026/story', ['constructor', '__proto__'], { sections: [] })).toBeUndefined();
  });
});
