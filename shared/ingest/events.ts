import * as z from 'zod';
import { articleIdSchema, sessionIdSchema } from '../ids.ts';

/** The most events one request may carry (a beacon flushes a page's events together). */
export const MAX_EVENTS_PER_REQUEST = 20;

const urlString = z.string().max(2048);

/** Page metadata a beacon reads from the page's tags; only trusted sites let it into the catalog. */
const articleMetaSchema = z.strictObject({
  title: z.string().max(300).optional(),
  url: urlString.optional(),
  section: z.string().max(64).optional(),
  tags: z.array(z.string().max(64)).max(20).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  image: urlString.optional(),
});

export const viewEventSchema = z.strictObject({
  type: z.literal('view'),
  articleId: articleIdSchema,
  sessionId: sessionIdSchema,
  url: urlString.optional(),
  referrer: urlString.optional(),
  meta: articleMetaSchema.optional(),
});

/**
 * Engagement of one page view so far: `seconds` is the running total of engaged time and `scrollDepth` the
 * deepest point reached, so a repeated or reordered flush never adds time twice (the rank job keeps the max).
 */
export const engageEventSchema = z.strictObject({
  type: z.literal('engage'),
  articleId: articleIdSchema,
  sessionId: sessionIdSchema,
  seconds: z.number().int().min(0).max(86_400),
  scrollDepth: z.number().min(0).max(1).optional(),
});

export const eventSchema = z.discriminatedUnion('type', [viewEventSchema, engageEventSchema]);

/** A batch body: `{"events": [...]}` with at most MAX_EVENTS_PER_REQUEST events. */
export const eventBatchSchema = z.strictObject({ events: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) });

export type ViewEvent = z.infer<typeof viewEventSchema>;
export type EngageEvent = z.infer<typeof engageEventSchema>;
export type IngestEvent = z.infer<typeof eventSchema>;
