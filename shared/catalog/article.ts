import * as z from 'zod';
import { articleIdSchema } from '../ids.ts';

/** An article as the catalog keeps it; only catalog articles are shown in lists. */
export const articleSchema = z.strictObject({
  articleId: articleIdSchema,
  title: z.string().trim().min(1).max(300),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  // `_all` names the site-wide lists (shared/keys.ts listKey), so sections never start with `_`.
  section: z.string().trim().toLowerCase().min(1).max(64).regex(/^[^_]/, 'must not start with _').optional(),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(64)).max(20).default([]),
  publishedAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString()),
  image: z.url({ protocol: /^https?$/ }).max(2048).optional(),
});

export type Article = z.infer<typeof articleSchema>;
export type ArticleInput = z.input<typeof articleSchema>;

/**
 * Where metadata came from, in order of trust: the admin API and `articles import` > the site's feeds >
 * beacon `meta`. A source never overwrites metadata from a more trusted one.
 */
export const ARTICLE_SOURCES = { beacon: 1, feed: 2, admin: 3 } as const;
export type ArticleSource = keyof typeof ARTICLE_SOURCES;

/** A catalog article with its provenance. */
export interface CatalogArticle extends Article {
  source: ArticleSource;
  updatedAt: string;
}
