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
 * The site's rules are prepared once (a feed has up to 1,000 items): the returned function is the rule.
 */
export function sectionRule(rules: SectionRules): (url: string, categories: readonly string[]) => { section: string; from: SectionSource } | undefined {
  // Longest first, so the first prefix that matches is the longest (a stable sort keeps the site's order otherwise).
  const paths = (rules.sectionPaths ?? []).map((rule) => ({ prefix: asPrefix(rule.path), section: rule.section })).sort((a, b) => b.prefix.length - a.prefix.length);
  const known = new Set([...(rules.sections ?? []), ...paths.map((rule) => rule.section)].map((s) => s.toLowerCase()));
  return (url, categories) => {
    const path = pathOf(url);
    const byPath = path === undefined ? undefined : paths.find((rule) => path.startsWith(rule.prefix));
    if (byPath) return { section: byPath.section, from: 'path' };
    const named = categories.find((category) => known.has(category.trim().toLowerCase()));
    return named === undefined ? undefined : { section: named.trim().toLowerCase(), from: 'category' };
  };
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
