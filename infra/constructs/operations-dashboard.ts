import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AlarmStatusWidget, Dashboard, GraphWidget, Metric, type Alarm, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS, SERVICES } from '../../functions/metric-names.ts';
import { serviceMetric } from './service-alarms.ts';

export interface OperationsDashboardProps {
  readonly functions: Record<string, IFunction>;
  readonly api: HttpApi;
  readonly distribution: Distribution;
  readonly table: ITableV2;
  readonly rankQueue: IQueue;
  readonly rankDeadLetters: IQueue;
  readonly alarms: Alarm[];
}

const PERIOD = Duration.minutes(5);

/**
 * One page for an operator, top to bottom in the order of the flow: alarms, views in, reads out (CDN and API),
 * the functions, the rank job, the table.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const fns = Object.entries(props.functions);
    const perFunction = (title: string, metric: (fn: IFunction) => Metric) =>
      new GraphWidget({ title, width: 6, left: fns.map(([name, fn]) => metric(fn).with({ label: name, period: PERIOD })) });
    // CloudFront publishes its metrics in us-east-1 only, with Region=Global.
    const cdn = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/CloudFront',
        metricName,
        dimensionsMap: { DistributionId: props.distribution.distributionId, Region: 'Global' },
        region: 'us-east-1',
        statistic,
        period: PERIOD,
      });

    const rows: IWidget[][] = [
      [new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 })],
      [
        new GraphWidget({
          title: 'Beacon events (counted / ignored)',
          width: 8,
          left: [serviceMetric(SERVICES.ingest, METRICS.eventsAccepted), serviceMetric(SERVICES.ingest, METRICS.eventsIgnored)],
        }),
        new GraphWidget({
          title: 'HTTP API requests, 4xx, 5xx',
          width: 8,
          left: [props.api.metricCount({ period: PERIOD }), props.api.metricClientError({ period: PERIOD }), props.api.metricServerError({ period: PERIOD })],
        }),
        new GraphWidget({
          title: 'HTTP API latency p50 / p99 (ms)',
          width: 8,
          left: [props.api.metricLatency({ period: PERIOD, statistic: 'p50' }), props.api.metricLatency({ period: PERIOD, statistic: 'p99' })],
        }),
      ],
      [
        new GraphWidget({ title: 'CDN requests (cached reads)', width: 12, left: [cdn('Requests', 'Sum')], right: [cdn('BytesDownloaded', 'Sum')] }),
        new GraphWidget({ title: 'CDN error rates (%)', width: 12, left: [cdn('4xxErrorRate', 'Average'), cdn('5xxErrorRate', 'Average')] }),
      ],
      [
        perFunction('Invocations', (fn) => fn.metricInvocations({ statistic: 'Sum' })),
        perFunction('Errors', (fn) => fn.metricErrors({ statistic: 'Sum' })),
        perFunction('Throttles', (fn) => fn.metricThrottles({ statistic: 'Sum' })),
        perFunction('Duration p99 (ms)', (fn) => fn.metricDuration({ statistic: 'p99' })),
      ],
      [
        new GraphWidget({
          title: 'Rank runs: sites queued / ranked / failed',
          width: 8,
          left: [
            serviceMetric(SERVICES.rankScheduler, METRICS.sitesScheduled),
            serviceMetric(SERVICES.rank, METRICS.rankSucceeded),
            serviceMetric(SERVICES.rank, METRICS.rankFailed),
          ],
        }),
        new GraphWidget({
          title: 'Rank run cost: read / write units per site run (average)',
          width: 8,
          left: [serviceMetric(SERVICES.rank, METRICS.rankReadUnits, 'Average'), serviceMetric(SERVICES.rank, METRICS.rankWriteUnits, 'Average')],
          right: [serviceMetric(SERVICES.rank, METRICS.rankDuration, 'p99')],
        }),
        new GraphWidget({
          title: 'Rank queue: waiting / dead letters',
          width: 8,
          left: [
            props.rankQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD }),
            props.rankDeadLetters.metricApproximateNumberOfMessagesVisible({ period: PERIOD }),
          ],
        }),
      ],
      [
        new GraphWidget({
          title: 'DynamoDB consumed units',
          width: 12,
          left: [props.table.metricConsumedReadCapacityUnits({ period: PERIOD, statistic: 'Sum' }), props.table.metricConsumedWriteCapacityUnits({ period: PERIOD, statistic: 'Sum' })],
        }),
        new GraphWidget({
          title: 'DynamoDB throttle events',
          width: 12,
          left: [props.table.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum' }), props.table.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum' })],
        }),
      ],
    ];
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(6),
      widgets: rows,
    });
    new CfnOutput(Stack.of(this), 'DashboardName', { value: `${Stack.of(this).stackName}-operations`, description: 'CloudWatch dashboard' });
  }
}
