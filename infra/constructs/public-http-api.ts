import { CfnOutput, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Which function answers which request. Paths are the same as the local server's (README, design.md). */
export const HTTP_ROUTES = {
  ingest: [
    [HttpMethod.POST, '/v1/sites/{site}/events'],
    // The beacon's preflight (only for application/json bodies) is answered by the app, which knows each
    // site's allowed origins; API-level CORS would replace them with one static list.
    [HttpMethod.OPTIONS, '/v1/sites/{site}/events'],
    [HttpMethod.GET, '/v1/sites/{site}/pixel.gif'],
  ],
  read: [
    [HttpMethod.GET, '/v1/sites/{site}/lists/{list}'],
    [HttpMethod.GET, '/v1/sites/{site}/articles/{articleId}/related'],
    [HttpMethod.GET, '/v1/sites/{site}/articles/{articleId}/stats'],
    [HttpMethod.GET, '/v1/sites/{site}/widgets'],
    [HttpMethod.GET, '/v1/openapi.json'],
    [HttpMethod.GET, '/healthz'],
  ],
  admin: [
    [HttpMethod.PUT, '/v1/sites/{site}/articles/{articleId}'],
    [HttpMethod.GET, '/v1/sites/{site}/pins'],
    [HttpMethod.PUT, '/v1/sites/{site}/pins/{articleId}'],
    [HttpMethod.DELETE, '/v1/sites/{site}/pins/{articleId}'],
    [HttpMethod.GET, '/v1/sites/{site}/dashboard/hourly-views'],
  ],
} as const satisfies Record<string, readonly (readonly [HttpMethod, string])[]>;

export interface PublicHttpApiProps {
  readonly ingest: IFunction;
  readonly read: IFunction;
  readonly admin: IFunction;
  /**
   * Steady requests per second and the burst above them (API Gateway answers 429 beyond): per route group, so
   * that a flood of one kind (beacons, say) never throttles the others. `read` is the stage default.
   */
  readonly throttles: Record<keyof typeof HTTP_ROUTES, { rateLimit: number; burstLimit: number }>;
  readonly logRetention: RetentionDays;
}

/**
 * The one public HTTP API (API Gateway HTTP API, payload 2.0) in front of the ingest, read and admin
 * functions: explicit routes per function, everything else to the read function (whose JSON 404 and CORS
 * preflight answers match the local server's), throttling per route group, and JSON access logs without client
 * addresses (newspulse stores no IP address anywhere).
 */
export class PublicHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** `https://{id}.execute-api.{region}.amazonaws.com`, no trailing slash. */
  readonly url: string;
  /** The API's host name, for the CDN origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: PublicHttpApiProps) {
    super(scope, id);
    const integrations = {
      ingest: new HttpLambdaIntegration('Ingest', props.ingest),
      read: new HttpLambdaIntegration('Read', props.read),
      admin: new HttpLambdaIntegration('Admin', props.admin),
    };
    this.api = new HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'newspulse: view beacons, lists for news pages, the admin API',
      createDefaultStage: false,
      defaultIntegration: integrations.read,
    });
    for (const [target, routes] of Object.entries(HTTP_ROUTES) as [keyof typeof HTTP_ROUTES, readonly (readonly [HttpMethod, string])[]][]) {
      for (const [method, path] of routes) {
        this.api.addRoutes({ path, methods: [method], integration: integrations[target] });
      }
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttles.read,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            route: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            error: '$context.error.message',
          }),
        ),
      },
    });
    // Route-level throttles (the L2 stage has only the stage-wide one): beacons and admin get their own buckets.
    // RouteSettings is a JSON map in CloudFormation, passed through as written: its keys are CloudFormation's own.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const group of ['ingest', 'admin'] as const) {
      for (const [method, path] of HTTP_ROUTES[group]) {
        routeSettings[`${method} ${path}`] = { ThrottlingRateLimit: props.throttles[group].rateLimit, ThrottlingBurstLimit: props.throttles[group].burstLimit };
      }
    }
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    this.url = this.api.apiEndpoint;
    this.domainName = `${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Beacons and list reads are public by design (any reader of a news page sends and reads them; the ingest function checks each site\'s allowed origins). ' +
        'The admin routes are authorized in the admin function with a per-site bearer key whose SHA-256 is stored on the site, so that adding a site needs no redeploy.',
    });
    new CfnOutput(Stack.of(this), 'ApiUrl', { value: this.url, description: 'The HTTP API: beacons (POST /v1/sites/{site}/events), the admin API, uncached reads' });
  }
}
