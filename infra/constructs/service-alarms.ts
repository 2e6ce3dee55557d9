import { Annotations, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS, METRICS_NAMESPACE, SERVICES } from '../../functions/metric-names.ts';

export interface ServiceAlarmsProps {
  /** Every function, by the name used in alarm names. */
  readonly functions: Record<string, IFunction>;
  readonly api: HttpApi;
  readonly table: ITableV2;
  readonly rankDeadLetters: IQueue;
  /** The queue of rank runs: a backlog means runs wait longer than a schedule period. */
  readonly rankQueue: IQueue;
  /** The function that takes beacons (its throttles are beacons answered 429). */
  readonly ingest: IFunction;
  readonly rankRateMinutes: number;
  readonly alarmEmail?: string | undefined;
}

const FIVE_MINUTES = Duration.minutes(5);

/** A custom metric the functions emit (functions/metric-names.ts), per service. */
export function serviceMetric(service: string, metricName: string, statistic = 'Sum', period: Duration = FIVE_MINUTES): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic, period });
}

/**
 * What pages an operator: errors and throttles of every function, beacons refused for lack of concurrency, an
 * hour without accepted events, API 5xx, DynamoDB throttling, a site whose rank run keeps failing, a rank queue
 * that backs up, and a rank job that stopped succeeding altogether. All go to one SNS topic, whose policy lets
 * CloudWatch (of this account only) publish, with an email subscription when `alarmEmail` is set (synth warns
 * without one: nobody would hear an alarm).
 *
 * A fresh deploy raises none: alarms whose metric exists only once the service runs treat missing data as
 * missing, so they stay INSUFFICIENT_DATA until the first data arrives, and tell the topic when they go back
 * to INSUFFICIENT_DATA later (the rank schedule or every beacon stopped reporting).
 */
export class ServiceAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'newspulse alarms', enforceSSL: true });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: without this statement
    // nothing would allow CloudWatch to publish, and no alarm would ever be delivered.
    const { account, region, partition } = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    else {
      Annotations.of(this).addWarningV2(
        'newspulse:noAlarmEmail',
        'No alarmEmail: alarms go to the AlarmTopicArn topic, which nobody is subscribed to. Set it: cdk deploy -c newspulse:alarmEmail=ops@example.com',
      );
    }
    new CfnOutput(Stack.of(this), 'AlarmTopicArn', { value: this.topic.topicArn, description: 'Subscribe here to receive newspulse alarms' });

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, `${name}: the function failed (crash, timeout, or a rank run that threw)`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 1);
      this.add(`${name}Throttles`, `${name}: Lambda throttled invocations (account concurrency exhausted)`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), 1);
    }

    this.add(
      'Api5xx',
      'HTTP API: 10 or more 5xx answers in 5 minutes (503 = DynamoDB unavailable or throttling; the apps answer these, so Lambda errors do not show them)',
      props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      10,
    );

    this.add(
      'TableThrottles',
      'DynamoDB throttled reads or writes (a hot partition, or the on-demand account limit)',
      new MathExpression({
        label: 'throttle events',
        expression: 'FILL(reads, 0) + FILL(writes, 0)',
        usingMetrics: {
          reads: props.table.metric('ReadThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
          writes: props.table.metric('WriteThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
      }),
      1,
    );

    this.add(
      'BeaconsThrottled',
      'Beacons answered 429: the ingest function reached its reserved concurrency (newspulse:beaconConcurrency), so views are being lost; raise it or check for a flood',
      props.ingest.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      10,
    );
    this.add(
      'NoAcceptedEvents',
      'An hour in which no event was accepted: beacons arrive but all are refused (origins, a broken snippet), or none arrive at all (the metric stops: INSUFFICIENT_DATA)',
      serviceMetric(SERVICES.ingest, METRICS.eventsAccepted, 'Sum', Duration.hours(1)),
      1,
      { comparison: ComparisonOperator.LESS_THAN_THRESHOLD, treatMissingData: TreatMissingData.MISSING },
    );

    const rankPeriod = Duration.minutes(Math.max(5, props.rankRateMinutes));
    this.add(
      'RankQueueBacklog',
      `Rank runs wait in the queue longer than two schedule periods (${2 * rankPeriod.toMinutes()} minutes): the rank function cannot keep up`,
      props.rankQueue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      2 * rankPeriod.toSeconds(),
      { evaluationPeriods: 2 },
    );
    this.add(
      'RankSiteFailing',
      'A site failed its rank run in two periods in a row (the rank function logs which site and why)',
      serviceMetric(SERVICES.rank, METRICS.rankFailed, 'Sum', rankPeriod),
      1,
      { evaluationPeriods: 2 },
    );
    this.add(
      'RankDeadLetters',
      'A rank run failed every attempt and is in the dead-letter queue',
      props.rankDeadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      1,
    );
    // Stopped succeeding: in three periods running, sites were queued and none was ranked (ALARM), or the
    // schedule stopped reporting at all (rule disabled, scheduler broken: INSUFFICIENT_DATA, which the topic
    // hears too). Missing data is missing, not breaching: right after a first deploy there is none yet, and that
    // is no outage. A deployment without sites yet schedules 0 sites and is fine.
    this.add(
      'RankStopped',
      `The rank job stopped succeeding: for ${3 * rankPeriod.toMinutes()} minutes no schedule ran, or no queued site was ranked`,
      new MathExpression({
        label: 'rank stopped (1 = yes)',
        // Skipped runs (stale, duplicates) are handled messages, not a stopped job.
        expression: 'IF(FILL(runs, 0) == 0 OR (FILL(queued, 0) > 0 AND FILL(ranked, 0) + FILL(skipped, 0) == 0), 1, 0)',
        usingMetrics: {
          runs: serviceMetric(SERVICES.rankScheduler, METRICS.sitesScheduled, 'SampleCount', rankPeriod),
          queued: serviceMetric(SERVICES.rankScheduler, METRICS.sitesScheduled, 'Sum', rankPeriod),
          ranked: serviceMetric(SERVICES.rank, METRICS.rankSucceeded, 'Sum', rankPeriod),
          skipped: serviceMetric(SERVICES.rank, METRICS.rankSkipped, 'Sum', rankPeriod),
        },
        period: rankPeriod,
      }),
      1,
      { evaluationPeriods: 3, treatMissingData: TreatMissingData.MISSING },
    );
  }

  private add(
    id: string,
    description: string,
    metric: IMetric,
    threshold: number,
    options: { evaluationPeriods?: number; treatMissingData?: TreatMissingData; comparison?: ComparisonOperator } = {},
  ) {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    // Going silent is news for alarms whose data only the running service makes (see the class comment).
    if (options.treatMissingData === TreatMissingData.MISSING) alarm.addInsufficientDataAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
