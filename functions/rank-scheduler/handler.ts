import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { LambdaContext } from 'hono/aws-lambda';
import * as z from 'zod';
import { config } from '../../shared/config.ts';
import { readRunStates } from '../../shared/rank/run-states.ts';
import { sitesDue } from '../../shared/rank/sites-due.ts';
import { listSites } from '../../shared/sites/site-store.ts';
import { runtime } from '../runtime.ts';
import { METRICS, SERVICES } from '../metric-names.ts';
import { MetricUnit, publishMetrics, telemetry } from '../telemetry.ts';
import { rankMessageBatches } from './rank-message.ts';

const { db } = runtime();
const { logger, metrics } = telemetry(SERVICES.rankScheduler);
const sqs = new SQSClient({ region: config().AWS_REGION });

/**
 * What the EventBridge rule sends (its input, set in infra/constructs/rank-fan-out.ts): the queue to fan out
 * to, and the time the schedule fired. The queue comes with the schedule rather than the environment, so the
 * rule, the queue and the grant to send to it are defined in one place.
 */
const scheduleEventSchema = z.looseObject({
  queueUrl: z.url().max(2048),
  scheduledAt: z.string().max(64).optional(),
  /** The schedule's period: messages go stale after it, and quiet sites are queued only hourly. */
  rateMinutes: z.number().int().min(1).max(1440).optional(),
});

/**
 * The rank schedule's fan-out: lists the sites (one Query) and their run states (one BatchGetItem), and queues
 * one rank run per site that is due (shared/rank/sites-due.ts: a site quiet for hours only hourly), so each site
 * is ranked by its own invocation of the rank function. Each message is stale after one period (`notAfter`):
 * by then the next schedule queued the site again. Emits SitesScheduled on every run, 0 included: the "rank job
 * stopped succeeding" alarm uses it as the schedule's heartbeat. Throws when a message could not be queued, so
 * its Errors alarm fires.
 */
export async function handler(event: unknown, context?: LambdaContext) {
  if (context) logger.addContext(context as never);
  try {
    const { queueUrl, scheduledAt, rateMinutes } = scheduleEventSchema.parse(event);
    const firedAt = Date.parse(scheduledAt ?? '') || Date.now();
    const sites = (await listSites(db)).map((site) => site.site);
    const rateMs = (rateMinutes ?? 0) * 60_000;
    const { due, quiet } = rateMs ? sitesDue(sites, await readRunStates(db, sites), firedAt, rateMs) : { due: sites, quiet: [] };
    const notAfter = rateMs ? new Date(firedAt + rateMs).toISOString() : undefined;
    let queued = 0;
    const failed: string[] = [];
    for (const entries of rankMessageBatches(due, scheduledAt ?? new Date(firedAt).toISOString(), notAfter)) {
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      queued += result.Successful?.length ?? 0;
      for (const failure of result.Failed ?? []) failed.push(`${entries[Number(failure.Id)]?.MessageBody}: ${failure.Code}`);
    }
    metrics.addMetric(METRICS.sitesScheduled, MetricUnit.Count, queued);
    if (failed.length > 0) {
      logger.error('rank runs not queued', { failed });
      throw new Error(`could not queue ${failed.length} rank runs`);
    }
    logger.info('rank runs queued', { sites: queued, quietSkipped: quiet.length });
    return { queued };
  } finally {
    publishMetrics(metrics);
  }
}
