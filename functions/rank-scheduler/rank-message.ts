import { z } from 'zod';
import { siteIdSchema } from '../../shared/ids.ts';

/** One queued rank run: the site, and when the schedule fired (for logs; ranking uses the run's own clock). */
export const rankMessageSchema = z.looseObject({ site: siteIdSchema, scheduledAt: z.string().max(64).optional() });
type RankMessage = z.infer<typeof rankMessageSchema>;

/** SQS takes at most 10 messages per SendMessageBatch. */
export const SQS_BATCH_LIMIT = 10;

/**
 * The SendMessageBatch entries that queue one rank run per site, in batches SQS accepts. Pure, so the
 * fan-out's shape is testable without a queue. Entry ids only need to be unique within a batch.
 */
export function rankMessageBatches(sites: string[], scheduledAt: string): { Id: string; MessageBody: string }[][] {
  const batches: { Id: string; MessageBody: string }[][] = [];
  for (let i = 0; i < sites.length; i += SQS_BATCH_LIMIT) {
    batches.push(
      sites.slice(i, i + SQS_BATCH_LIMIT).map((site, j) => ({
        Id: String(j),
        MessageBody: JSON.stringify({ site, scheduledAt } satisfies RankMessage),
      })),
    );
  }
  return batches;
}
