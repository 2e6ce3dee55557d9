import { describe, expect, it } from 'vitest';
import { decodeFeed } from '../../../shared/catalog/feed-bytes.ts';

const XML = '<?xml version="1.0"?><rss><channel><title>Café – Zürich 東京 🙂</title></channel></rss>';

function utf16(text: string, littleEndian: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (littleEndian) return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
  return be;
}

function utf32(text: string, littleEndian: boolean): Buffer {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (littleEndian ? out.writeUInt32LE(p, i * 4) : out.writeUInt32BE(p, i * 4)));
  return out;
}

const mark = (text: string) => `\uFEFF${text}`;

describe('decodeFeed', () => {
  it('reads UTF-8, UTF-16 and UTF-32 by their byte-order marks, whatever the header says', () => {
    expect(decodeFeed(Buffer.from(mark(XML), 'utf8'), 'text/xml; charset=iso-8859-1')).toBe(XML);
    expect(decodeFeed(utf16(mark(XML), true))).toBe(XML);
    expect(decodeFeed(utf16(mark(XML), false))).toBe(XML);
    expect(decodeFeed(utf32(mark(XML), true))).toBe(XML);
    expect(decodeFeed(utf32(mark(XML), false))).toBe(XML);
  });

  it('reads unmarked UTF-16 and UTF-32 by the width of their first character', () => {
    const declared = XML.replace('version="1.0"', 'version="1.0" encoding="UTF-16"');
    expect(decodeFeed(utf16(declared, true))).toBe(declared);
    expect(decodeFeed(utf16(declared, false))).toBe(declared);
    expect(decodeFeed(utf32(XML, false))).toBe(XML);
  });

  it('follows the Content-Type charset, then the XML declaration', () => {
    const latin = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Notícias</title></channel></rss>';
    expect(decodeFeed(Buffer.from(latin, 'latin1'))).toBe(latin);
    expect(decodeFeed(Buffer.from(latin, 'utf8'), 'application/rss+xml; charset=utf-8')).toBe(latin);
  });

  it('reads undeclared bytes as UTF-8 when they are, else as windows-1252', () => {
    const text = '<rss><channel><title>Últimas Notícias – “já”</title></channel></rss>';
    expect(decodeFeed(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeFeed(Buffer.from(new TextEncoder().encode(text)))).toBe(text);
    const cp1252 = Buffer.from([...'<rss><channel><title>Últimas Notícias</title></channel></rss>'].map((c) => c.charCodeAt(0)));
    expect(decodeFeed(cp1252)).toBe('<rss><channel><title>Últimas Notícias</title></channel></rss>');
  });

  it('names an encoding it cannot read', () => {
    expect(() => decodeFeed(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><rss/>'))).toThrow('unsupported encoding x-klingon');
  });
});
