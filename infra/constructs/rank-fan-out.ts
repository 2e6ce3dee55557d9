import { Duration } from 'aws-cdk-lib';
import { EventField, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { NewspulseFunction } from './newspulse-function.ts';

export interface RankFanOutProps {
  /** Lists the sites and queues one run per site (functions/rank-scheduler). */
  readonly scheduler: NewspulseFunction;
  /** Ranks the site of each queued message (functions/rank). */
  readonly rank: NewspulseFunction;
  readonly rateMinutes: number;
  /** Sites ranked at once. */
  readonly concurrency: number;
}

/** A queued run is tried this many times before it goes to the dead-letter queue (and its alarm). */
export const RANK_MAX_RECEIVES = 2;

/**
 * The rank schedule, fanned out: an EventBridge rule runs the scheduler every `rateMinutes`; it queues one
 * message per site; the rank function takes them one at a time (batch size 1), at most `concurrency` at once.
 * So each site is its own invocation with its own timeout and retries: a slow or failing site delays or
 * fails only itself. A failed site is retried once, then kept in the dead-letter queue for a look; the next
 * schedule ranks it again anyway (a run is idempotent).
 *
 * Why SQS rather than invoking the rank function asynchronously per site: the queue caps concurrency
 * without reserving account concurrency, failed sites land in a queue one can inspect and alarm on, and a
 * thousand sites are a hundred SendMessageBatch calls.
 */
export class RankFanOut extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: RankFanOutProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'FailedRuns', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(4),
    });
    const rankTimeout = props.rank.fn.timeout ?? Duration.minutes(3);
    this.queue = new Queue(this, 'Runs', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      // AWS's advice for Lambda consumers: at least six times the function timeout, so a retried batch is
      // not handed out again while a slow attempt is still running.
      visibilityTimeout: Duration.seconds(rankTimeout.toSeconds() * 6),
      // A run still queued after a day has long been superseded by later schedules.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: RANK_MAX_RECEIVES },
    });

    props.rank.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: props.concurrency }),
    );
    // Only SendMessage (which SendMessageBatch needs), not the GetQueueAttributes/GetQueueUrl of grantSendMessages.
    props.scheduler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    // A big site's live run queues its related stories in shards, each ranked by an invocation of its own.
    props.rank.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    props.rank.fn.addEnvironment('RANK_QUEUE_URL', this.queue.queueUrl);

    // The scheduler is invoked asynchronously: retry once (a DynamoDB hiccup), never past the next schedule.
    props.scheduler.fn.configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.minutes(Math.max(1, props.rateMinutes)) });
    this.rule = new Rule(this, 'Schedule', {
      description: `newspulse: rank every site every ${props.rateMinutes} min`,
      schedule: Schedule.rate(Duration.minutes(props.rateMinutes)),
      targets: [
        new LambdaFunction(props.scheduler.fn, {
          event: RuleTargetInput.fromObject({ queueUrl: this.queue.queueUrl, scheduledAt: EventField.time, rateMinutes: props.rateMinutes }),
          // A schedule missed for longer than one period is replaced by the next one.
          maxEventAge: Duration.minutes(Math.max(1, props.rateMinutes)),
          retryAttempts: 2,
        }),
      ],
    });
  }
}
