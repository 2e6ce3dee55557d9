import { z } from 'zod';
import { siteIdSchema } from '../ids.ts';

/** An allowed origin as the browser sends it (`https://news.example`), or `*` for any. */
export const originSchema = z
  .string()
  .max(253)
  .transform((value, ctx) => {
    if (value === '*') return value;
    try {
      const url = new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== 'null') return url.origin;
    } catch {
      // fall through
    }
    ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${value}` });
    return z.NEVER;
  });

export const feedUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

/** A registered news site as stored (see docs/data-model.md). */
export const siteSchema = z.object({
  site: siteIdSchema,
  origins: z.array(z.string()).max(50),
  feeds: z.array(z.string()).max(20),
  /** SHA-256 of the admin key; the key itself is shown once, when the site is added. */
  adminKeyHash: z.string().length(64),
  /** Whether beacon `meta` may fill the catalog (never over admin or feed metadata). */
  trustBeaconMetadata: z.boolean(),
  createdAt: z.string(),
  /** Earliest event time, when `import` brought events older than the site itself. */
  dataSince: z.string().optional(),
  /** Ranking settings that differ from the defaults (see shared/rank/rank-settings.ts). */
  settings: z.record(z.string(), z.unknown()).optional(),
});

export type Site = z.infer<typeof siteSchema>;

/** Whether an origin (`https://news.example`) is one of the site's (or the site allows any). */
export function isOriginAllowed(site: Pick<Site, 'origins'>, origin: string): boolean {
  return site.origins.includes('*') || site.origins.includes(origin);
}
