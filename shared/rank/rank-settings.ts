import * as z from 'zod';

/**
 * Ranking settings of a site (stored on the site by `newspulse sites set`; every field has a default that
 * suits news). Parsed once per run; `newspulse rank --set` overrides them for backtests. Strict: a misspelt
 * setting is an error, never silently ignored.
 */
const rankSettingsSchema = z.strictObject({
  popularNow: z
    .strictObject({
      /** News interest fades within hours: a view counts half as much this many minutes later. */
      halfLifeMinutes: z.number().min(5).max(7 * 24 * 60).default(120),
      /** Fewer views than this in the window cannot make the list (one reader is not a trend). */
      minViews: z.number().int().min(1).max(10_000).default(3),
      /** Older articles are left out however much they are read (Popular Now is about news). */
      maxArticleAgeHours: z.number().min(1).max(24 * 30).default(48),
      /** Views older than this are ignored (their weight is negligible anyway). */
      windowHours: z.number().int().min(1).max(168).default(24),
    })
    .prefault({}),
  weeklyBest: z.strictObject({ days: z.number().int().min(1).max(7).default(7) }).prefault({}),
  mustReads: z
    .strictObject({
      /** Bayesian shrinkage: a list entry needs this many engaged views to move far from the site average. */
      priorViews: z.number().min(0).max(10_000).default(20),
      minEngagedViews: z.number().int().min(1).max(10_000).default(3),
      maxArticleAgeDays: z.number().min(1).max(365).default(14),
    })
    .prefault({}),
  related: z
    .strictObject({
      count: z.number().int().min(1).max(50).default(20),
      coReadWeight: z.number().min(0).max(1).default(0.6),
      contentWeight: z.number().min(0).max(1).default(0.3),
      freshnessWeight: z.number().min(0).max(1).default(0.1),
      /** Freshness halves every this many hours of article age. */
      freshnessHalfLifeHours: z.number().min(1).max(24 * 365).default(72),
      /** Candidates older than this are not recommended. */
      maxArticleAgeDays: z.number().min(1).max(3650).default(30),
      /**
       * Every article's related stories are ranked again this often; runs in between only give articles new
       * to the catalog theirs. Ranked again, most lists change (the section's newest stories enter them, co-reads
       * shift), so this is most of the rank job's writes: every 5 minutes it was most of its cost, every 3 hours
       * it is a third of it (docs/benchmarks.md).
       */
      everyMinutes: z.number().int().min(1).max(24 * 60).default(180),
    })
    .prefault({}),
  sessions: z
    .strictObject({
      /**
       * Distinct articles one session counts per hour; views of any more are automation, ignored (and
       * reported). A reader reads a handful an hour; without a cap one session could give the rank job
       * millions of co-read pairs.
       */
      maxArticlesPerHour: z.number().int().min(1).max(1000).default(30),
      /**
       * Views of one article from one client address counted per hour (live views carry the day's hash of the
       * address). Each visitor counts once per article and 30 minutes, but a visitor is address and User-Agent,
       * so a script rotating User-Agents is a new visitor each time. Two keeps such a script below Popular Now's
       * `minViews` within an hour, and counts a household's two devices; an office or a carrier NAT whose readers
       * share one address count at most two reads of a story an hour. Raise it for audiences mostly behind
       * carrier NAT.
       */
      maxViewsPerAddressAndArticle: z.number().int().min(1).max(10_000).default(2),
    })
    .prefault({}),
  /** Items kept per precomputed list (readers ask for 1-50). */
  listLength: z.number().int().min(1).max(50).default(50),
});

export type RankSettings = z.infer<typeof rankSettingsSchema>;

/** The settings with their defaults; a bad value is one readable error naming the setting. */
export function parseRankSettings(stored: unknown): RankSettings {
  const parsed = rankSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  throw new Error(`invalid rank settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
}

/** Stored settings with overrides laid over them, object by object (`--set` for one run, `sites set`). */
export function mergeSettings(stored: unknown, overrides: unknown): unknown {
  if (!isObject(stored)) return overrides ?? stored;
  if (!isObject(overrides)) return stored;
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(overrides)) out[k] = mergeSettings(stored[k], v);
  return out;
}

/** The settings without one (`popularNow.halfLifeMinutes`), and without objects it leaves empty. */
export function withoutSetting(settings: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(settings, head)) return settings;
  const { [head]: value, ...others } = settings;
  if (rest.length === 0 || !isObject(value)) return others;
  const inner = withoutSetting(value, rest);
  return Object.keys(inner).length === 0 ? others : { ...others, [head]: inner };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
