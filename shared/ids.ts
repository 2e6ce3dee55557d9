import * as z from 'zod';
import { ARTICLE_ID_PATTERN } from './article-id-rule.ts';

/** Site ids appear in URLs and keys: lower-case letters, digits and dashes. */
export const siteIdSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

/** Publishers' slugs and numeric ids; the rule and its reasons: shared/article-id-rule.ts. */
export const articleIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(ARTICLE_ID_PATTERN, 'must be letters, digits and . _ : ~ - (starting with a letter or digit)');

/** Random per-tab ids from the beacon (sessionStorage); live ingest counts by the server's visitor id instead (shared/ingest/visitor.ts). */
export const sessionIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be 8-64 letters, digits, _ or -');
