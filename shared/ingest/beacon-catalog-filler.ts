import type { ViewEvent } from './events.ts';
import type { Db } from '../store/db.ts';
import { articleSchema, type Article } from '../catalog/article.ts';
import { fillSection, getArticle, upsertArticle } from '../catalog/catalog-store.ts';
import { isOriginAllowed, siteSectionSchema, type Site } from '../sites/site.ts';

/** Articles this process already knows the catalog holds as shown, so a view of them costs no extra read. */
const KNOWN_LIMIT = 50_000;
/** Marks an article whose metadata came from the admin API or a feed: beacons never change it. */
const TRUSTED = '';

/**
 * Fills the catalog from beacon `meta`, for sites that trust it. The beacons reach here from an allowed Origin
 * or with the site's admin key (functions/ingest/app.ts), and the metadata must describe a page of the site:
 * its url on one of the site's origins (else nothing is taken), its image too (else left out), a plain section
 * (else left out). Page metadata may replace earlier beacon metadata, so whoever sends a beacon first cannot
 * squat an upcoming article's title; admin and feed metadata always win (upsertArticle never overwrites them),
 * except that a page's section fills one a feed left empty.
 * A view of an article already catalogued as shown costs nothing; a change costs one read and one write.
 * Returns how many articles it added.
 */
export function beaconCatalogFiller(db: Db) {
  /** `site\tarticle` -> the metadata last written or found (a fingerprint), or TRUSTED. */
  const known = new Map<string, string>();
  return async (site: Site, views: ViewEvent[], now: Date): Promise<number> => {
    let added = 0;
    for (const view of views) {
      const article = pageArticle(site, view);
      if (!article) continue; // incomplete or foreign page metadata: wait for a feed or the admin API
      const cacheKey = `${site.site}\t${view.articleId}`;
      const shown = fingerprint(article);
      const cached = known.get(cacheKey);
      if (cached === TRUSTED || cached === shown) continue;
      const existing = await getArticle(db, site.site, view.articleId);
      if (known.size >= KNOWN_LIMIT) known.clear();
      if (existing && existing.source !== 'beacon') {
        // Trusted metadata stays, but a page may say the section a feed left out (no site rule named one);
        // the admin API's choice of none stays none.
        if (existing.source === 'feed' && existing.section === undefined && article.section !== undefined) await fillSection(db, site.site, view.articleId, article.section);
        known.set(cacheKey, TRUSTED);
        continue;
      }
      if (!existing || fingerprint(existing) !== shown) {
        if ((await upsertArticle(db, site.site, article, 'beacon', now)) && !existing) added++;
      }
      known.set(cacheKey, shown);
    }
    return added;
  };
}

type PageRules = Pick<Site, 'origins' | 'sections' | 'imageHosts'>;

/** The article a beacon's page metadata describes, under the rules above; undefined when it describes none. */
export function pageArticle(site: PageRules, view: ViewEvent): Article | undefined {
  if (!view.meta) return undefined;
  const { image, section, ...meta } = view.meta;
  const url = meta.url ?? view.url;
  if (url === undefined || !onSite(site, url)) return undefined;
  const parsed = articleSchema.safeParse({
    ...meta,
    articleId: view.articleId,
    url,
    ...(image !== undefined && (onSite(site, image) || onImageHost(site, image)) ? { image } : {}),
    ...(section !== undefined && plainSection(site, section) ? { section } : {}),
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * A section a page may declare: one of the site's sections when it lists them, else plain text (letters,
 * digits, spaces and `&'-`, up to 48 characters). Sections become list names and the demo's navigation, so
 * no `#`, no markup, no bidi or control characters.
 */
function plainSection(site: PageRules, section: string): boolean {
  const parsed = siteSectionSchema.safeParse(section);
  if (!parsed.success) return false;
  return site.sections?.length ? site.sections.includes(parsed.data) : true;
}

function onSite(site: PageRules, url: string): boolean {
  try {
    const { origin } = new URL(url);
    return origin !== 'null' && isOriginAllowed(site, origin);
  } catch {
    return false;
  }
}

function onImageHost(site: PageRules, url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && (site.imageHosts ?? []).includes(hostname);
  } catch {
    return false;
  }
}

function fingerprint(article: Article): string {
  const { articleId, title, url, section, tags, publishedAt, image } = article;
  return JSON.stringify([articleId, title, url, section ?? null, tags, publishedAt, image ?? null]);
}
