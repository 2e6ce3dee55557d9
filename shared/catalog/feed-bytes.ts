/**
 * A feed's bytes as text, in the encoding XML says it is in (XML 1.0, appendix F), most reliable first:
 * 1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the mark is the encoding, whatever a header says);
 * 2. the charset of the HTTP Content-Type;
 * 3. the XML declaration's `encoding`, read in the byte width the first characters show (a UTF-16 feed
 *    without a mark starts `<\0?\0`);
 * 4. UTF-8 when the bytes are valid UTF-8, else windows-1252: feeds that declare nothing but are Latin-1
 *    exist (a large Brazilian publisher's), and reading them as UTF-8 would turn every accent into U+FFFD.
 * Throws on an encoding it cannot decode, naming it.
 */
export function decodeFeed(body: Uint8Array, contentType = ''): string {
  const bom = byteOrderMark(body);
  if (bom) return decodeAs(bom.encoding, body.subarray(bom.length));
  const width = unmarkedWidth(body);
  if (width !== 'utf-8') return decodeAs(width, body);
  const header = /charset\s*=\s*"?([A-Za-z0-9._-]+)/i.exec(contentType)?.[1];
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(latin1(body.subarray(0, 200)))?.[1];
  const named = header ?? declared;
  if (named) return decodeAs(named, body);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

function byteOrderMark(b: Uint8Array): { encoding: Encoding; length: number } | undefined {
  // UTF-32 LE's mark begins with UTF-16 LE's: test it first.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** The encoding an unmarked document's first `<` shows; 'utf-8' stands for any single-byte-based one. */
function unmarkedWidth(b: Uint8Array): Encoding {
  const lt = 0x3c;
  if (b[0] === lt && b[1] === 0 && b[2] === 0 && b[3] === 0) return 'utf-32le';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === lt) return 'utf-32be';
  if (b[0] === lt && b[1] === 0) return 'utf-16le';
  if (b[0] === 0 && b[1] === lt) return 'utf-16be';
  return 'utf-8';
}

function decodeAs(encoding: string, body: Uint8Array): string {
  const name = encoding.toLowerCase();
  if (name === 'utf-32le' || name === 'utf-32be' || name === 'utf-32') return decodeUtf32(body, name !== 'utf-32be');
  // A UTF-16 document names itself "UTF-16" without saying which end first: its first character tells.
  const resolved = name === 'utf-16' ? (body[0] === 0 ? 'utf-16be' : 'utf-16le') : name;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(resolved);
  } catch {
    throw new Error(`unsupported encoding ${encoding}`);
  }
  return decoder.decode(body);
}

/** TextDecoder has no UTF-32 (the WHATWG Encoding standard dropped it). Invalid code points become U+FFFD. */
function decodeUtf32(body: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength - (body.byteLength % 4));
  const parts: string[] = [];
  for (let offset = 0; offset < view.byteLength; offset += 4) {
    const code = view.getUint32(offset, littleEndian);
    parts.push(code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd');
  }
  return parts.join('');
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
