import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../shared/catalog/feed-date.ts';
import { parseFeed } from '../../../shared/catalog/feed-parser.ts';

const iso = (value: string) => {
  const result = parseFeedDate(value);
  if ('error' in result) throw new Error(result.error);
  return result.iso;
};

describe('publish dates as feeds send them', () => {
  it('reads RFC 822 with English and other languages\' day and month names, numeric offsets and zone names', () => {
    expect(iso('Sat, 28 Nov 2026 08:00:00 GMT')).toBe('2026-11-28T08:00:00.000Z');
    expect(iso('Seg, 24 Set 2018 19:42:40 -0300')).toBe('2018-09-24T22:42:40.000Z'); // Portuguese
    expect(iso('Mié, 03 Abr 2019 10:00:00 +0200')).toBe('2019-04-03T08:00:00.000Z'); // Spanish
    expect(iso('lun., 7 févr. 2022 09:15 CET')).toBe('2022-02-07T08:15:00.000Z'); // French, no seconds
    expect(iso('Di, 12 Mär 2024 18:00:00 CEST')).toBe('2024-03-12T16:00:00.000Z'); // German
    expect(iso('Tue, 2 Jul 2024 12:00:00 BST')).toBe('2024-07-02T11:00:00.000Z');
    expect(iso('Tue, 2 Jul 2024 12:00:00 IST')).toBe('2024-07-02T06:30:00.000Z');
    expect(iso('Tue, 02 Jul 24 12:00:00 EDT')).toBe('2024-07-02T16:00:00.000Z'); // two-digit year
    expect(iso('2 Jul 2024 12:00:00')).toBe('2024-07-02T12:00:00.000Z'); // no zone: UTC, never the machine's
  });

  it('reads ISO 8601 with or without seconds, fractions and offset', () => {
    expect(iso('2026-11-28T07:00:00+02:00')).toBe('2026-11-28T05:00:00.000Z');
    expect(iso('2026-11-28T07:00+0530')).toBe('2026-11-28T01:30:00.000Z');
    expect(iso('2026-11-28 07:00:00.123Z')).toBe('2026-11-28T07:00:00.000Z');
    expect(iso('2026-11-28')).toBe('2026-11-28T00:00:00.000Z');
  });

  it('refuses impossible dates and unknown names with the reason, never rolling them into another day', () => {
    expect(parseFeedDate('Sat, 31 Jun 2018 10:00:00 GMT')).toEqual({ error: 'impossible publish date "Sat, 31 Jun 2018 10:00:00 GMT"' });
    expect(parseFeedDate('2018-02-29T10:00:00Z')).toEqual({ error: 'impossible publish date "2018-02-29T10:00:00Z"' });
    expect(parseFeedDate('Sat, 28 Nov 2026 25:00:00 GMT')).toMatchObject({ error: expect.stringContaining('impossible') });
    expect(parseFeedDate('Sat, 28 Foo 2026 08:00:00 GMT')).toEqual({ error: 'unknown month "Foo" in publish date "Sat, 28 Foo 2026 08:00:00 GMT"' });
    expect(parseFeedDate('Sat, 28 Nov 2026 08:00:00 XYZ')).toEqual({ error: 'unknown time zone "XYZ" in publish date "Sat, 28 Nov 2026 08:00:00 XYZ"' });
    expect(parseFeedDate('sometime last week')).toEqual({ error: 'unreadable publish date "sometime last week"' });
    // Names of Object.prototype's members are unknown names too, never a crash.
    expect(parseFeedDate('Sat, 28 constructor 2026 08:00:00 GMT')).toEqual({ error: 'unknown month "constructor" in publish date "Sat, 28 constructor 2026 08:00:00 GMT"' });
    expect(parseFeedDate('Sat, 28 __proto__ 2026 08:00:00 GMT')).toMatchObject({ error: expect.stringMatching(/unreadable|unknown month/) });
    expect(parseFeedDate('Sat, 28 Nov 2026 08:00:00 proto')).toEqual({ error: 'unknown time zone "proto" in publish date "Sat, 28 Nov 2026 08:00:00 proto"' });
  });

  it('reads every date of a real Portuguese feed (it used to skip 12 of its 15 items)', () => {
    const xml = readFileSync(new URL('../../fixtures/real-feeds/rss-parser/uolNoticias.rss', import.meta.url), 'latin1');
    const { articles, skipped } = parseFeed(xml, 'https://noticias.uol.com.br/ultnot/index.xml');
    expect(skipped.filter((s) => /date/.test(s.reason))).toEqual([]);
    expect(articles.length + skipped.length).toBe(15);
    expect(articles[0]?.publishedAt).toBe('2018-09-24T22:42:40.000Z');
  });
});
