import * as z from 'zod';
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

/** A host name as a site lists it for images (`img.herald.example`): no scheme, no path, no port. */
export const imageHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/, 'a host name such as img.news.example');

/** A section as a site lists it: what article sections are (lower case), plain text. */
export const siteSectionSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &'-]{0,47}$/u, 'letters, digits, spaces and &\'- , up to 48 characters, not starting with _');

/**
 * A site's rule that articles under a URL path belong to a section (`/us-news/=us news`): the section of feed
 * articles (shared/catalog/section-rule.ts). The path is matched in whole segments, case-insensitively.
 */
export const sectionPathSchema = z.strictObject({
  path: z
    .string()
    .trim()
    .max(200)
    .regex(/^\/[^\s?#]*$/, 'a URL path such as /us-news/ (starting with /, no spaces, query or fragment)'),
  section: siteSectionSchema,
});

/** `--section-path /us-news/=us news` as the command line takes it. */
export const sectionPathArgSchema = z
  .string()
  .transform((value, ctx) => {
    const at = value.indexOf('=');
    if (at > 0) return { path: value.slice(0, at), section: value.slice(at + 1) };
    ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 60)}" is not PATH=SECTION, e.g. /us-news/=us news` });
    return z.NEVER;
  })
  .pipe(sectionPathSchema);

/** A registered news site as stored (see docs/data-model.md). */
export const siteSchema = z.object({
  site: siteIdSchema,
  origins: z.array(z.string()).max(50),
  feeds: z.array(z.string()).max(20),
  /**
   * Sites added before the admin key moved to its own item (shared/sites/admin-key-item.ts) keep its hash here
   * until `sites rotate-key` moves it; newer sites have none here.
   */
  adminKeyHash: z.string().length(64).optional(),
  /** Whether beacon `meta` may fill the catalog (never over admin or feed metadata). */
  trustBeaconMetadata: z.boolean(),
  /** The site's sections: when set, beacon metadata may name only these (shared/ingest/beacon-catalog-filler.ts). */
  sections: z.array(z.string()).max(200).optional(),
  /** URL path prefixes that give feed articles their section (shared/catalog/section-rule.ts). */
  sectionPaths: z.array(z.object({ path: z.string(), section: z.string() })).max(200).optional(),
  /** Hosts besides the site's origins that beacon metadata's images may come from (a CDN such as img.example.com). */
  imageHosts: z.array(z.string()).max(20).optional(),
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
