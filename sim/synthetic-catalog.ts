import type { Article } from '../shared/catalog/article.ts';
import { createRandom, subSeed } from './random.ts';
import { BACK_CATALOG_MS, resolveTrafficOptions, type TrafficOptions } from './traffic-options.ts';
import { distinctWords, headline, sectionWords } from './vocabulary.ts';

/** Random stream of the catalog, apart from the events' streams. */
const CATALOG_STREAM = 1;

/**
 * The articles the synthetic readers read, deterministic for the seed: ids `a000000`.., sections in turn,
 * titles and 2-4 tags from the section's topic words, published uniformly over [start - 2 days, end).
 * Already in the shape `articleSchema` produces, so it can be stored as is.
 */
export function syntheticCatalog(options: TrafficOptions): Article[] {
  const { seed, start, end, articles, sections, siteUrl } = resolveTrafficOptions(options);
  const random = createRandom(subSeed(seed, CATALOG_STREAM));
  const first = start - BACK_CATALOG_MS;
  const catalog: Article[] = new Array(articles);
  for (let i = 0; i < articles; i++) {
    const section = sections[i % sections.length]!;
    const words = sectionWords(section);
    const articleId = syntheticArticleId(i);
    catalog[i] = {
      articleId,
      title: headline(words, random),
      url: `${siteUrl}/articles/${articleId}`,
      section,
      tags: distinctWords(words, 2 + Math.floor(random() * 3), random),
      publishedAt: new Date(first + Math.floor(random() * (end - first))).toISOString(),
      image: `${siteUrl}/images/${articleId}.jpg`,
    };
  }
  return catalog;
}

/** `a000123`: sorts like the index (up to a million articles), and fits every id rule (letters and digits, starts with a letter). */
function syntheticArticleId(index: number): string {
  return `a${index.toString().padStart(6, '0')}`;
}
