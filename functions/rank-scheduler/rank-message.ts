import * as z from 'zod';
import { siteIdSchema } from '../../shared/ids.ts';

/** A shard of a big site's related stories, queued by its live run (shared/rank/related-shards.ts). */
const relatedTaskSchema = z
  .strictObject({ at: z.number().int().positive(), shard: z.number().int().min(0), shards: z.number().int().min(2).max(32) })
  .refine((task) => task.shard < task.shards, 'shard must be below shards');

/**
 * One queued rank run: the site, and when the schedule fired (for logs; ranking uses the run's own clock); or
 * one shard of the site's related stories (`related`), ranked as of the run that queued it.
 */
export const rankMessageSchema = z.looseObject({
  site: siteIdSchema,
  scheduledAt: z.string().max(64).optional(),
  /** After this time the next schedule has queued the site again: this message is stale and skipped. */
  notAfter: z.iso.datetime().optional(),
  related: relatedTaskSchema.optional(),
});
type RankMessage = z.infer<typeof rankMessageSchema>;

/** SQS takes at most 10 messages per SendMessageBatch. */
export const SQS_BATCH_LIMIT = 10;

/**
 * The SendMessageBatch entries that queue one rank run per site, in batches SQS accepts. Pure, so the
 * fan-out's shape is testable without a queue. Entry ids only need to be unique within a batch.
 */
export function rankMessageBatches(sites: string[], scheduledAt: string, notAfter?: string): { Id: string; MessageBody: string }[][] {
  return batched(sites.map((site) => ({ site, scheduledAt, ...(notAfter ? { notAfter } : {}) })));
}

/** The entries that queue the shards of a site's related stories, one message each. */
export function relatedTaskBatches(tasks: { site: string; at: number; shard: number; shards: number }[]): { Id: string; MessageBody: string }[][] {
  return batched(tasks.map(({ site, at, shard, shards }) => ({ site, related: { at, shard, shards } })));
}

function batched(messages: RankMessage[]): { Id: string; MessageBody: string }[][] {
  const batches: { Id: string; MessageBody: string }[][] = [];
  for (let i = 0; i < messages.length; i += SQS_BATCH_LIMIT) {
    batches.push(messages.slice(i, i + SQS_BATCH_LIMIT).map((message, j) => ({ Id: String(j), MessageBody: JSON.stringify(message) })));
  }
  return batches;
}
