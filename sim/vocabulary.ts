import { hashText } from './random.ts';

/**
 * Topic words per section. Titles and tags are made of them, so that articles of a section share terms: the
 * related-stories ranker's content similarity (section, tags, title terms) then has something real to find.
 */

export const DEFAULT_SECTIONS: readonly string[] = ['world', 'politics', 'business', 'tech', 'sport', 'culture'];

const SECTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  world: ['summit', 'border', 'ceasefire', 'embassy', 'refugees', 'treaty', 'election', 'protest', 'sanctions', 'envoy', 'drought', 'alliance'],
  politics: ['parliament', 'budget', 'minister', 'vote', 'coalition', 'reform', 'senate', 'campaign', 'poll', 'bill', 'mayor', 'inquiry'],
  business: ['markets', 'inflation', 'rates', 'earnings', 'startup', 'merger', 'oil', 'trade', 'jobs', 'banks', 'housing', 'tariffs'],
  tech: ['chips', 'robots', 'privacy', 'software', 'satellite', 'battery', 'browser', 'cloud', 'phones', 'security', 'ai', 'games'],
  sport: ['final', 'league', 'transfer', 'coach', 'record', 'injury', 'derby', 'marathon', 'olympics', 'cup', 'tennis', 'cycling'],
  culture: ['festival', 'album', 'museum', 'novel', 'film', 'theatre', 'award', 'concert', 'exhibition', 'series', 'opera', 'fashion'],
};

/** Words for sections without their own list: each such section gets a stable subset of these. */
const GENERIC_WORDS: readonly string[] = [
  'study', 'report', 'survey', 'review', 'guide', 'launch', 'crisis', 'debate', 'plan', 'warning', 'breakthrough',
  'funding', 'record', 'strike', 'rescue', 'shortage', 'recovery', 'scandal', 'verdict', 'forecast', 'ban', 'deal',
  'storm', 'climate', 'schools', 'health', 'science', 'space', 'travel', 'food', 'homes', 'cities', 'farming', 'energy',
];

const VERBS = ['talks', 'shock', 'rally', 'plan', 'row', 'hopes', 'fears', 'deal', 'boost', 'blow'];
const OUTCOMES = ['rise', 'fall', 'return', 'stall', 'surge', 'loom', 'split', 'grow'];

/** The topic words of a section (at least 8, lower-case, each at most 64 characters). */
export function sectionWords(section: string): readonly string[] {
  const known = SECTION_WORDS[section];
  if (known) return known;
  const offset = hashText(section, 0) % GENERIC_WORDS.length;
  return Array.from({ length: 10 }, (_, k) => GENERIC_WORDS[(offset + k * 7) % GENERIC_WORDS.length]!);
}

/** A headline such as "Ceasefire talks as sanctions loom", from the section's words. */
export function headline(words: readonly string[], random: () => number): string {
  const subject = pick(words, random);
  let object = pick(words, random);
  if (object === subject) object = words[(words.indexOf(subject) + 1) % words.length]!;
  return `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${pick(VERBS, random)} as ${object} ${pick(OUTCOMES, random)}`;
}

/** `count` distinct words (a partial shuffle), for tags. */
export function distinctWords(words: readonly string[], count: number, random: () => number): string[] {
  const pool = [...words];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}
