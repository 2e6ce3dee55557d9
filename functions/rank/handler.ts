import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { LambdaContext } from 'hono/aws-lambda';
import { pollSitesFeeds } from '../../shared/catalog/feed-poller.ts';
import { config } from '../../shared/config.ts';
import { rankRelatedShard, type RelatedTask } from '../../shared/rank/related-shards.ts';
import { RankCache } from '../../shared/rank/rank-cache.ts';
import { releaseRankLease, takeRankLease } from '../../shared/rank/rank-lease.ts';
import { rankSites, sitesToRank, type RankSitesResult } from '../../shared/rank/rank-sites.ts';
import { siteIdSchema } from '../../shared/ids.ts';
import { runtime } from '../runtime.ts';
import { METRICS, SERVICES } from '../metric-names.ts';
import { MetricUnit, publishMetrics, telemetry } from '../telemetry.ts';
import { rankMessageSchema, relatedTaskBatches } from '../rank-scheduler/rank-message.ts';

const { db } = runtime();
const { logger, metrics } = telemetry(SERVICES.rank);
const { RANK_QUEUE_URL: queueUrl, AWS_REGION: region } = config();
const sqs = queueUrl ? new SQSClient({ region }) : undefined;
/**
 * Kept while the container is warm (rank-cache.ts): a site ranked every few minutes is mostly ranked by a warm
 * container, whose runs then read only the newest rollup and a catalog that changed.
 */
const cache = new RankCache();

/** A big site's related stories, in shards, back onto the rank queue: each its own invocation. */
async function queueRelated(tasks: RelatedTask[]): Promise<void> {
  for (const entries of relatedTaskBatches(tasks)) {
    const result = await sqs!.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if (result.Failed?.length) throw new Error(`could not queue ${result.Failed.length} related shards of ${tasks[0]?.site}`);
  }
}

/** A direct or scheduled invocation: `{ "site": "..." }` ranks one site, `{}` every site. */
const rankEventSchema = z.looseObject({ site: siteIdSchema.optional() });

/** An SQS event as the event source mapping delivers it. */
const sqsEventSchema = z.object({
  Records: z.array(z.looseObject({ messageId: z.string(), body: z.string(), eventSource: z.literal('aws:sqs') })).min(1),
});

/**
 * Lambda entry for the rank job. On AWS it reads the rank queue, one site per message (the fan-out: each site
 * is its own invocation, so sites scale independently and a failing site never stops the others); a failed
 * site is reported as a batch item failure, so SQS retries it and then moves it to the dead-letter queue.
 * Invoked directly (or by a schedule) with `{site?}`, it ranks that site or all, and throws when any failed
 * (on AWS its role may read only the site it is given: listing every site is the scheduler's job).
 * Every site ranked or failed is a metric (RankSucceeded / RankFailed), which the alarms watch.
 */
export async function handler(event: unknown, context?: LambdaContext) {
  if (context) logger.addContext(context as never);
  try {
    const queued = sqsEventSchema.safeParse(event);
    if (queued.success) return await rankQueued(queued.data.Records);
    const { site } = rankEventSchema.parse(event ?? {});
    const result = await rankAndRecord(site);
    if (result.failures.length > 0) throw new Error(`rank failed for ${result.failures.map((f) => f.site).join(', ')}`);
    return { sites: result.reports.length, reports: result.reports };
  } finally {
    publishMetrics(metrics);
  }
}

async function rankQueued(records: { messageId: string; body: string }[]) {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    let message: z.infer<typeof rankMessageSchema>;
    try {
      message = rankMessageSchema.parse(JSON.parse(record.body));
    } catch (error) {
      // Not a rank message: retrying cannot help, but the dead-letter queue keeps it for a look (and alarms).
      logger.error('bad rank message', { messageId: record.messageId, error: String(error) });
      metrics.addMetric(METRICS.rankFailed, MetricUnit.Count, 1);
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const ok = message.related ? await rankShardAndRecord({ site: message.site, ...message.related }) : await rankQueuedSite(message.site, message.notAfter);
    if (!ok) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
}

/** How long a run holds its site: the rank function's timeout (infra), after which a lease left by a killed run lapses. */
const LEASE_MS = 15 * 60_000;

/**
 * A queued site: skipped when the message is stale (the next schedule queued the site again) or another run
 * holds the site (a duplicate delivery, or the previous period's run still going); else ranked under a lease.
 * Skips are metrics (RankSkipped) and succeed, so SQS deletes them. Returns whether to delete the message.
 */
async function rankQueuedSite(site: string, notAfter: string | undefined): Promise<boolean> {
  const now = Date.now();
  const skip = (reason: string) => {
    logger.info('rank run skipped', { site, reason });
    metrics.addMetric(METRICS.rankSkipped, MetricUnit.Count, 1);
    return true;
  };
  if (notAfter !== undefined && now > Date.parse(notAfter)) return skip(`stale: queued for a schedule that ended at ${notAfter}`);
  let holder: string | undefined;
  try {
    holder = await takeRankLease(db, site, now, LEASE_MS);
  } catch (error) {
    logger.error('rank failed', { site, error: String(error) });
    metrics.addMetric(METRICS.rankFailed, MetricUnit.Count, 1);
    return false;
  }
  if (holder === undefined) return skip('another run holds the site');
  try {
    return await rankAndRecord(site).then((result) => result.failures.length === 0, () => false);
  } finally {
    await releaseRankLease(db, site, holder).catch((error: unknown) => logger.warn('lease not released (it lapses by itself)', { site, error: String(error) }));
  }
}

/**
 * A live run: polls the sites' feeds into their catalogs, ranks, then records each site's outcome as metrics
 * and one log line. Rethrows when the site cannot be found.
 */
async function rankAndRecord(site: string | undefined): Promise<RankSitesResult> {
  let result: RankSitesResult;
  try {
    const now = Date.now();
    const sites = await sitesToRank(db, site);
    for (const polled of await pollSitesFeeds(db, sites, new Date(now))) {
      for (const feed of polled.feeds) if (feed.error) logger.warn('feed failed', { site: polled.site, ...feed });
    }
    result = await rankSites(db, sites, now, { cache, ...(sqs ? { queueRelated } : {}) });
  } catch (error) {
    logger.error('rank failed', { site, error: String(error) });
    metrics.addMetric(METRICS.rankFailed, MetricUnit.Count, 1);
    throw error;
  }
  for (const report of result.reports) {
    logger.info('rank run', { ...report });
    metrics.addMetric(METRICS.rankSucceeded, MetricUnit.Count, 1);
    metrics.addMetric(METRICS.rankDuration, MetricUnit.Milliseconds, report.durationMs);
    metrics.addMetric(METRICS.rankReadUnits, MetricUnit.Count, report.readUnits);
    metrics.addMetric(METRICS.rankWriteUnits, MetricUnit.Count, report.writeUnits);
    metrics.addMetric(METRICS.viewsIgnored, MetricUnit.Count, report.ignoredViews);
  }
  for (const failure of result.failures) {
    logger.error('rank failed', { site: failure.site, error: failure.error });
    metrics.addMetric(METRICS.rankFailed, MetricUnit.Count, 1);
  }
  return result;
}

/** One shard of a site's related stories, recorded like a run. Returns whether it succeeded. */
async function rankShardAndRecord(task: RelatedTask): Promise<boolean> {
  try {
    const site = (await sitesToRank(db, task.site))[0]!;
    const report = await rankRelatedShard(db, site, task);
    logger.info('related shard', { ...report });
    metrics.addMetric(METRICS.rankSucceeded, MetricUnit.Count, 1);
    metrics.addMetric(METRICS.rankDuration, MetricUnit.Milliseconds, report.durationMs);
    metrics.addMetric(METRICS.rankReadUnits, MetricUnit.Count, report.readUnits);
    metrics.addMetric(METRICS.rankWriteUnits, MetricUnit.Count, report.writeUnits);
    return true;
  } catch (error) {
    logger.error('related shard failed', { ...task, error: String(error) });
    metrics.addMetric(METRICS.rankFailed, MetricUnit.Count, 1);
    return false;
  }
}
