import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
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
  readonly rankRateMinutes: number;
  readonly alarmEmail?: string | undefined;
}

const FIVE_MINUTES = Duration.minutes(5);

/** A custom metric the functions emit (functions/metric-names.ts), per service. */
export function serviceMetric(service: string, metricName: string, statistic = 'Sum', period: Duration = FIVE_MINUTES): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic, period });
}

/**
 * What pages an operator: errors and throttles of every function, API 5xx, DynamoDB throttling, a site whose
 * rank run keeps failing, and a rank job that stopped succeeding altogether. All go to one SNS topic
 * (an email subscription when `alarmEmail` is set).
 */
export class ServiceAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'newspulse alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
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

    const rankPeriod = Duration.minutes(Math.max(5, props.rankRateMinutes));
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
    // Stopped succeeding: in three periods running, either the schedule did not run at all (no SitesScheduled
    // data point: rule disabled, scheduler broken) or sites were queued and none was ranked. A deployment
    // without sites yet schedules 0 sites and is fine.
    this.add(
      'RankStopped',
      `The rank job stopped succeeding: for ${3 * rankPeriod.toMinutes()} minutes no schedule ran, or no queued site was ranked`,
      new MathExpression({
        label: 'rank stopped (1 = yes)',
        expression: 'IF(FILL(runs, 0) == 0 OR (FILL(queued, 0) > 0 AND FILL(ranked, 0) == 0), 1, 0)',
        usingMetrics: {
          runs: serviceMetric(SERVICES.rankScheduler, METRICS.sitesScheduled, 'SampleCount', rankPeriod),
          queued: serviceMetric(SERVICES.rankScheduler, METRICS.sitesScheduled, 'Sum', rankPeriod),
          ranked: serviceMetric(SERVICES.rank, METRICS.rankSucceeded, 'Sum', rankPeriod),
        },
        period: rankPeriod,
      }),
      1,
      { evaluationPeriods: 3, treatMissingData: TreatMissingData.BREACHING },
    );
  }

  private add(
    id: string,
    description: string,
    metric: IMetric,
    threshold: number,
    options: { evaluationPeriods?: number; treatMissingData?: TreatMissingData } = {},
  ) {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
