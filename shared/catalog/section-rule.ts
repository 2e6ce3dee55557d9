/** Where an article's section came from, for `newspulse feeds check` and the catalog listing. */
export type SectionSource = 'path' | 'category';

/** A site's rule "articles under this URL path belong to this section" (`sites add --section-path`). */
export interface SectionPath {
  /** A URL path prefix, `/us-news/`; matched whole segments only, so `/us` never matches `/usa/…`. */
  path: string;
  section: string;
}

/** What a site says about its sections (shared/sites/site.ts). */
export interface SectionRules {
  sections?: readonly string[];
  sectionPaths?: readonly SectionPath[];
}

/**
 * The section of a feed article, never a keyword: publishers list keywords among their categories, often
 * first (one large feed's 95 items named 80 "sections", a /us-news/ story "donald trump"), so a category counts
 * only when it names one of the site's sections.
 * 1. the longest of the site's section paths that the article's URL path starts with;
 * 2. else the first category that names a section the site lists (`--section`, or one of its section paths');
 * 3. else none: a page's `article:section` may still give it one (shared/ingest/beacon-catalog-filler.ts).
 */
export function feedSection(url: string, categories: readonly string[], rules: SectionRules): { section: string; from: SectionSource } | undefined {
  const path = pathOf(url);
  let best: SectionPath | undefined;
  for (const rule of rules.sectionPaths ?? []) {
    const prefix = asPrefix(rule.path);
    if (path !== undefined && path.startsWith(prefix) && prefix.length > (best ? asPrefix(best.path).length : 0)) best = rule;
  }
  if (best) return { section: best.section, from: 'path' };
  const known = new Set([...(rules.sections ?? []), ...(rules.sectionPaths ?? []).map((rule) => rule.section)].map((s) => s.toLowerCase()));
  const named = categories.find((category) => known.has(category.trim().toLowerCase()));
  return named === undefined ? undefined : { section: named.trim().toLowerCase(), from: 'category' };
}

/** `/us-news` and `/us-news/` both match `/us-news/…` and nothing else; compared in lower case, decoded. */
function asPrefix(path: string): string {
  const lower = decoded(path.trim()).toLowerCase();
  const rooted = lower.startsWith('/') ? lower : `/${lower}`;
  return rooted.endsWith('/') ? rooted : `${rooted}/`;
}

function pathOf(url: string): string | undefined {
  try {
    return decoded(new URL(url).pathname).toLowerCase();
  } catch {
    return undefined;
  }
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path).normalize('NFC');
  } catch {
    return path;
  }
}
