import type { HourAggregate } from './hour-aggregate.ts';

/**
 * The text of an hour rollup (the `d` attribute of its ROLLUP items, split into parts at line ends).
 *
 * Every article id appears once, in `I` lines, and other lines name articles by their base-36 position there;
 * co-read pairs are grouped by their first article. Spelling out both ids of every pair would be three
 * quarters of the bytes (twice the read units for a week of rollups) and a string per pair to decode. The
 * older form that did so (lines `v`, `e`, `p`) is still read, so rollups stored in it stay usable until their TTL.
 *
 *   I\t<id>\t<id>...                     the next positions, 0, 1, ...
 *   V\t<pos>:<c0>.<c1>...\t...           views per 10-minute slot (base 36; 0 empty; trailing zeros dropped)
 *   E\t<pos>:<n>:<seconds>:<depth>\t...  engaged page views, engaged seconds, scroll depth sum (3 decimals)
 *   P\t<pos>\t<pos>[:<n>]\t...           sessions that read the first article and each other one (n, else 1)
 *   A\t<n>                               views ignored as automation (absent when none)
 *
 * Lines hold at most ENTRIES_PER_LINE entries, so a rollup can always be split into parts below the item limit.
 */

const ENTRIES_PER_LINE = 500;

/** What parseRollup reports, line by line; articles are positions, announced by `article` before use. */
export interface RollupVisitor {
  article(position: number, articleId: string): void;
  /** `slots` is reused between calls: copy what you keep. */
  views(position: number, slots: number[]): void;
  engagement(position: number, views: number, seconds: number, depth: number): void;
  /** Pairs are skipped whole (their lines are not even scanned) when this is absent. */
  pair?(a: number, b: number, sessions: number): void;
  ignored?(views: number): void;
}

export function encodeRollup(aggregate: HourAggregate): string[] {
  const positions = new Map<string, number>();
  const position = (id: string) => {
    let p = positions.get(id);
    if (p === undefined) positions.set(id, (p = positions.size));
    return p.toString(36);
  };
  const views: string[] = [];
  for (const [article, slots] of aggregate.views) {
    let end = slots.length;
    while (end > 0 && slots[end - 1] === 0) end--;
    views.push(`${position(article)}:${slots.slice(0, end).map((n) => (n === 0 ? '' : n.toString(36))).join('.')}`);
  }
  const engagement: string[] = [];
  for (const [article, [n, s, d]] of aggregate.engagement) engagement.push(`${position(article)}:${n}:${s}:${round(d)}`);
  const partners = new Map<string, string[]>();
  for (const [key, n] of aggregate.pairs) {
    const tab = key.indexOf('\t');
    const first = position(key.slice(0, tab));
    const other = position(key.slice(tab + 1));
    let list = partners.get(first);
    if (!list) partners.set(first, (list = []));
    list.push(n === 1 ? other : `${other}:${n}`);
  }

  const lines = chunked('I', [...positions.keys()]);
  lines.push(...chunked('V', views), ...chunked('E', engagement));
  for (const [first, list] of partners) {
    for (let i = 0; i < list.length; i += ENTRIES_PER_LINE) lines.push(`P\t${first}\t${list.slice(i, i + ENTRIES_PER_LINE).join('\t')}`);
  }
  if (aggregate.ignoredViews > 0) lines.push(`A\t${aggregate.ignoredViews}`);
  return lines;
}

/** Reads the lines of a rollup (either version) in order, calling the visitor for each entry. */
export function parseRollup(lines: Iterable<string>, slotsPerHour: number, visitor: RollupVisitor): void {
  const slots = new Array<number>(slotsPerHour).fill(0);
  let next = 0; // the next position an `I` line defines
  const legacy = new Map<string, number>(); // the older form: ids get positions as they appear
  const legacyPosition = (id: string) => {
    let p = legacy.get(id);
    if (p === undefined) {
      legacy.set(id, (p = next++));
      visitor.article(p, id);
    }
    return p;
  };

  for (const line of lines) {
    if (line.length === 0) continue;
    // The version 2 lines a week holds by the hundred thousand are scanned character by character: no
    // substring per entry and number, which is what made decoding a week of rollups take seconds.
    switch (line.charCodeAt(0)) {
      case I:
        for (const id of line.slice(2).split('\t')) visitor.article(next++, id);
        continue;
      case V:
        parseViews(line, slots, visitor);
        continue;
      case E:
        parseEngagement(line, visitor);
        continue;
      case P:
        if (visitor.pair) parsePairs(line, visitor.pair);
        continue;
      case A:
        visitor.ignored?.(Number(line.slice(2)));
        continue;
    }
    const f = line.split('\t');
    switch (f[0]) {
      case 'v': {
        slots.fill(0);
        f[2]!.split(',').forEach((n, k) => {
          if (k < slotsPerHour) slots[k] = Number(n);
        });
        visitor.views(legacyPosition(f[1]!), slots);
        break;
      }
      case 'e':
        visitor.engagement(legacyPosition(f[1]!), Number(f[2]), Number(f[3]), Number(f[4]));
        break;
      case 'p':
        visitor.pair?.(legacyPosition(f[1]!), legacyPosition(f[2]!), Number(f[3]));
        break;
    }
  }
}

const I = 73; // 'I'
const V = 86; // 'V'
const E = 69; // 'E'
const P = 80; // 'P'
const A = 65; // 'A'
const TAB = 9;
const COLON = 58;
const DOT = 46;

/** The value of a base-36 digit (0-9, a-z). */
function digit(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

/** `V\t<pos>:<c0>.<c1>...\t...` */
function parseViews(line: string, slots: number[], visitor: RollupVisitor) {
  const end = line.length;
  let i = 2;
  while (i < end) {
    let position = 0;
    for (let c = line.charCodeAt(i); i < end && c !== COLON; c = line.charCodeAt(++i)) position = position * 36 + digit(c);
    i++;
    slots.fill(0);
    let slot = 0;
    let value = 0;
    for (; i < end; i++) {
      const c = line.charCodeAt(i);
      if (c === TAB) break;
      if (c === DOT) {
        if (slot < slots.length) slots[slot] = value;
        slot++;
        value = 0;
      } else value = value * 36 + digit(c);
    }
    if (slot < slots.length) slots[slot] = value;
    visitor.views(position, slots);
    i++;
  }
}

/** `E\t<pos>:<n>:<seconds>:<depth>\t...` */
function parseEngagement(line: string, visitor: RollupVisitor) {
  const end = line.length;
  let i = 2;
  while (i < end) {
    let position = 0;
    for (let c = line.charCodeAt(i); i < end && c !== COLON; c = line.charCodeAt(++i)) position = position * 36 + digit(c);
    const nEnd = line.indexOf(':', i + 1);
    const sEnd = nEnd < 0 ? -1 : line.indexOf(':', nEnd + 1);
    if (sEnd < 0) return; // a damaged entry: the rest of the line cannot be trusted
    let dEnd = line.indexOf('\t', sEnd + 1);
    if (dEnd < 0) dEnd = end;
    visitor.engagement(position, Number(line.slice(i + 1, nEnd)), Number(line.slice(nEnd + 1, sEnd)), Number(line.slice(sEnd + 1, dEnd)));
    i = dEnd + 1;
  }
}

/** `P\t<pos>\t<pos>[:<n>]\t...` */
function parsePairs(line: string, pair: NonNullable<RollupVisitor['pair']>) {
  const end = line.length;
  let i = 2;
  let first = 0;
  for (let c = line.charCodeAt(i); c !== TAB && i < end; c = line.charCodeAt(++i)) first = first * 36 + digit(c);
  i++;
  while (i < end) {
    let other = 0;
    let sessions = 1;
    let c = line.charCodeAt(i);
    for (; i < end && c !== COLON && c !== TAB; c = line.charCodeAt(++i)) other = other * 36 + digit(c);
    if (c === COLON) {
      sessions = 0;
      for (c = line.charCodeAt(++i); i < end && c !== TAB; c = line.charCodeAt(++i)) sessions = sessions * 10 + (c - 48);
    }
    pair(first, other, sessions);
    i++;
  }
}

function chunked(tag: string, entries: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += ENTRIES_PER_LINE) lines.push(`${tag}\t${entries.slice(i, i + ENTRIES_PER_LINE).join('\t')}`);
  return lines;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
