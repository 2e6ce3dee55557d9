import { DEFAULT_SECTIONS } from './vocabulary.ts';

/** What to simulate. Times are passed in (epoch ms): the simulator never reads the clock. */
export interface TrafficOptions {
  /** Any safe integer; the same seed gives the same catalog and the same events. */
  seed: number;
  /** First possible event (epoch ms). */
  start: number;
  /** Last possible event, exclusive (epoch ms). */
  end: number;
  /** Catalog size; articles are published over [start - 2 days, end), so the first hours have a back catalog. */
  articles: number;
  /** Reader sessions, starting spread over [start, end). */
  sessions: number;
  /** Default: world, politics, business, tech, sport, culture. Lower-case slugs. */
  sections?: string[];
  /** Share of sessions that are crawlers (default 0.03); they carry a bot user agent and never engage. */
  botShare?: number;
  /** Share of sessions that reload one article 10-30 times, a minute or two apart (default 0.02). */
  refresherShare?: number;
  /** Share of human views followed by an engage event (default 0.5). */
  engageShare?: number;
  /** Default 'https://news.example'; article and image URLs are built on it. */
  siteUrl?: string;
}

export type ResolvedTrafficOptions = Required<TrafficOptions>;

export const BACK_CATALOG_MS = 2 * 86_400_000;
const SECTION_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Defaults applied and everything checked once, up front: a `simulate` command passes user input straight
 * through, and a bad share or an empty range should fail with a message rather than yield odd traffic.
 */
export function resolveTrafficOptions(options: TrafficOptions): ResolvedTrafficOptions {
  const { seed, start, end, articles, sessions } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isFinite(start) || !Number.isFinite(end) || !(end > start)) {
    throw new RangeError(`end must be after start (epoch ms), got start=${start} end=${end}`);
  }
  if (!Number.isSafeInteger(articles) || articles < 0 || articles > 9_999_999) {
    throw new RangeError(`articles must be an integer in 0..9999999, got ${articles}`);
  }
  if (!Number.isSafeInteger(sessions) || sessions < 0 || sessions > 0xffff_ffff) {
    throw new RangeError(`sessions must be an integer in 0..2^32-1, got ${sessions}`);
  }
  const botShare = share('botShare', options.botShare ?? 0.03);
  const refresherShare = share('refresherShare', options.refresherShare ?? 0.02);
  if (botShare + refresherShare > 1) throw new RangeError('botShare + refresherShare must be at most 1');
  const engageShare = share('engageShare', options.engageShare ?? 0.5);
  const sections = (options.sections ?? DEFAULT_SECTIONS).map((s) => s.trim().toLowerCase());
  if (sections.length === 0) throw new RangeError('sections must not be empty');
  for (const section of sections) {
    if (!SECTION_PATTERN.test(section)) throw new RangeError(`section "${section}" must be a lower-case slug of at most 64 characters`);
  }
  if (new Set(sections).size !== sections.length) throw new RangeError('sections must be distinct');
  const siteUrl = (options.siteUrl ?? 'https://news.example').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(siteUrl)) throw new RangeError(`siteUrl must be an http(s) URL, got ${options.siteUrl}`);
  return { seed, start, end, articles, sessions, sections, botShare, refresherShare, engageShare, siteUrl };
}

function share(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
  return value;
}
