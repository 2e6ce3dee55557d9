import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSdkApp, minifiedScript } from '../../web/sdk-app.ts';

/**
 * The scripts every page of a news site loads: their stated sizes (the file's header and the README) must be
 * the real ones, they must stay small, and they must never build HTML from strings or touch cookies.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** beacon.js grew from 2,060 to about 2,600 bytes when it took in the article id rule it shares with feeds. */
const BUDGET_GZIP_BYTES = 3000;

describe.each(['beacon.js', 'widgets.js'])('web/%s', (file) => {
  const source = readFileSync(new URL(`../../web/${file}`, import.meta.url), 'utf8');

  it('is as small as its header and the README say', async () => {
    const minified = await minifiedScript(fileURLToPath(new URL(`../../web/${file}`, import.meta.url)));
    const gzipped = gzipSync(minified, { level: 9 }).length;
    const stated = /Size: ([\d,]+) bytes minified and gzipped \(([\d,]+) bytes minified\)/.exec(source);
    expect(stated, 'a "Size: N bytes minified and gzipped (M bytes minified)" line in the header').not.toBeNull();
    const [statedGzip, statedMin] = [stated![1]!, stated![2]!].map((n) => Number(n.replaceAll(',', '')));
    expect(Buffer.byteLength(minified)).toBe(statedMin);
    // gzip(1) and zlib differ by a few header bytes.
    expect(Math.abs(gzipped - statedGzip!)).toBeLessThanOrEqual(24);
    expect(README).toContain(`\`${file}\` | ${stated![2]} | ${stated![1]}`);
    expect(gzipped).toBeLessThan(BUDGET_GZIP_BYTES);
  });

  it('is served minified, gzipped when the browser asks, at the stated sizes', async () => {
    const stated = /Size: ([\d,]+) bytes minified and gzipped \(([\d,]+) bytes minified\)/.exec(source)!;
    const [statedGzip, statedMin] = [stated[1]!, stated[2]!].map((n) => Number(n.replaceAll(',', '')));
    const app = createSdkApp();
    const plain = await app.request(`/sdk/${file}`);
    expect((await plain.arrayBuffer()).byteLength).toBe(statedMin);
    const gzipped = await app.request(`/sdk/${file}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(Math.abs((await gzipped.arrayBuffer()).byteLength - statedGzip!)).toBeLessThanOrEqual(24);
    const again = await app.request(`/sdk/${file}`, { headers: { 'if-none-match': plain.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('never parses strings as HTML, never evaluates code and sets no cookie', () => {
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const banned of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'document.cookie', 'eval(', 'new Function']) {
      expect(code, banned).not.toContain(banned);
    }
  });
});
