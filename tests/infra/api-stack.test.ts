import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SdkScripts } from '../../infra/constructs/sdk-scripts.ts';
import { minifiedScript } from '../../web/sdk-app.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { METRICS, METRICS_NAMESPACE, SERVICES } from '../../functions/metric-names.ts';
import { HTTP_ROUTES } from '../../infra/constructs/public-http-api.ts';
import { CACHE_KEY_QUERY } from '../../infra/constructs/cached-read-cdn.ts';
import { openApiDocument } from '../../shared/http/contract/openapi-document.ts';
import { TABLE_ACCESS } from '../../infra/table-access.ts';
import { worstCaseRequestMs } from '../../shared/store/dynamo-client.ts';
import {
  FUNCTION_IDS,
  asList,
  functionLogicalId,
  logicalIdAt,
  resource,
  roleStatements,
  removeSynthOutputs,
  synthNewspulse,
  type FunctionName,
} from './support/synth-newspulse.ts';

/** Settings that differ from every default, so each assertion shows the setting arrived. */
const SETTINGS = {
  rankRateMinutes: 10,
  rankConcurrency: 4,
  apiRateLimit: 300,
  apiBurstLimit: 600,
  ingestRateLimit: 400,
  ingestBurstLimit: 800,
  adminRateLimit: 5,
  adminBurstLimit: 10,
  logRetentionDays: 14,
  alarmEmail: 'ops@news.example',
  cdnPriceClass: '100' as const,
};
const { template, api: stack } = synthNewspulse({ settings: SETTINGS });
afterAll(removeSynthOutputs);
const json = template.toJSON() as { Resources: Record<string, { Type: string; Properties: any }>; Outputs: Record<string, { Value: unknown }>; Parameters: Record<string, unknown> };
const NAMES = Object.keys(FUNCTION_IDS) as FunctionName[];
const fnProps = (name: FunctionName) => resource(template, functionLogicalId(template, name)).Properties;
/** The table's ARN as the API stack builds it: from the name in the data stack's SSM parameter, never an export. */
const isTableArn = (value: unknown) => JSON.stringify(value).includes('SsmParameterValueNewspulseDatatablename') && JSON.stringify(value).includes(':table/');

describe('the functions', () => {
  it.each(NAMES)('%s: newest Node runtime on arm64, ESM bundle, source maps on, JSON logs in its own log group', (name) => {
    const props = fnProps(name);
    expect(props).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
    });
    expect(props.LoggingConfig.LogGroup).toEqual({ Ref: logicalIdAt(template, `NewspulseApi/${FUNCTION_IDS[name]}/Logs/Resource`) });
  });

  it('drops Lambda platform log lines on the hot paths only', () => {
    expect(fnProps('ingest').LoggingConfig.SystemLogLevel).toBe('WARN');
    expect(fnProps('read').LoggingConfig.SystemLogLevel).toBe('WARN');
    expect(fnProps('rank').LoggingConfig.SystemLogLevel).toBe('INFO');
  });

  it('gives the rank job more memory (CPU) and time than a request', () => {
    expect(fnProps('rank')).toMatchObject({ MemorySize: 2048, Timeout: 900 });
    expect(fnProps('ingest')).toMatchObject({ MemorySize: 256, Timeout: 10 });
  });

  it.each(['ingest', 'read', 'admin'] as const)('%s: outlives a hung store, so the client gets our 503 and not a timed-out function', (name) => {
    expect(fnProps(name).Timeout * 1000).toBeGreaterThan(worstCaseRequestMs());
  });

  it.each(NAMES)('%s: is told the table by the same call that grants it (NEWSPULSE_TABLE is the data stack\'s, by its SSM parameter)', (name) => {
    expect(fnProps(name).Environment.Variables.NEWSPULSE_TABLE).toEqual({ Ref: 'SsmParameterValueNewspulseDatatablenameC96584B6F00A464EAD1953AFF4B05118Parameter' });
    expect(json.Parameters.SsmParameterValueNewspulseDatatablenameC96584B6F00A464EAD1953AFF4B05118Parameter).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/NewspulseData/table-name' });
  });

  it('imports nothing from the data stack: a restored table is one deploy away (newspulse:tableName)', () => {
    expect(JSON.stringify(json)).not.toContain('Fn::ImportValue');
    const restored = synthNewspulse({ settings: { tableName: 'newspulse-restored-2026-11-30' } });
    const restoredJson = restored.template.toJSON();
    expect(JSON.stringify(restoredJson)).not.toContain('SsmParameterValueNewspulseDatatablename');
    const ingest = Object.values(restoredJson.Resources as Record<string, { Type: string; Properties: { Description?: string; Environment?: { Variables: Record<string, unknown> } } }>).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description?.startsWith('newspulse ingest'));
    expect(ingest?.Properties.Environment?.Variables.NEWSPULSE_TABLE).toBe('newspulse-restored-2026-11-30');
    expect(JSON.stringify(restoredJson)).toContain(':table/newspulse-restored-2026-11-30');
  });

  it('keeps every log group for the configured retention', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as { Properties: { RetentionInDays: number } }[];
    expect(groups).toHaveLength(NAMES.length + 1); // one per function and the API access log
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(14);
  });
});

describe('least privilege', () => {
  it('uses no AWS managed policy and no wildcard resource anywhere (but in CDK\'s own deploy-time helper)', () => {
    for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role')) as [string, { Properties: Record<string, unknown> }][]) {
      // CDK's helpers that copy the scripts into their bucket at deploy and empty it on delete (sdk-scripts.ts).
      if (id.startsWith('CustomCDKBucketDeployment') || id.startsWith('CustomS3AutoDeleteObjects')) continue;
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
    for (const name of NAMES) {
      for (const statement of roleStatements(template, name)) expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
    }
  });

  it.each(NAMES)('%s: exactly its table operations, each only on its partitions', (name) => {
    const granted: Record<string, string[]> = {};
    for (const statement of roleStatements(template, name).filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')))) {
      expect(isTableArn(statement.Resource)).toBe(true);
      expect(Object.keys(statement.Condition ?? {})).toEqual(['ForAllValues:StringLike']);
      const partitions = asList(statement.Condition!['ForAllValues:StringLike']!['dynamodb:LeadingKeys']!);
      for (const action of asList(statement.Action)) granted[action.replace('dynamodb:', '')] = [...partitions].sort();
    }
    const expected = Object.fromEntries(Object.entries(TABLE_ACCESS[name]).map(([action, partitions]) => [action, [...partitions].sort()]));
    expect(granted).toEqual(expected);
  });

  it('read only reads; ingest writes only trails and beacon catalog entries, and queries nothing; nobody scans', () => {
    const actions = (name: FunctionName) => Object.keys(TABLE_ACCESS[name]);
    expect(actions('read').sort()).toEqual(['BatchGetItem', 'GetItem']);
    expect(Object.keys(TABLE_ACCESS.ingest).sort()).toEqual(['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem']);
    expect(TABLE_ACCESS.ingest.BatchGetItem).toEqual(['STATS#*']); // the view count a beacon's answer carries
    expect(TABLE_ACCESS.ingest.PutItem).not.toContain('LIST#*');
    expect(TABLE_ACCESS.rank.BatchWriteItem).not.toContain('SITES');
    for (const name of NAMES) expect(actions(name)).not.toContain('Scan');
  });

  it('lets only the admin function and ingest (server-side senders) read admin key hashes, and nobody write them', () => {
    const touching = NAMES.filter((name) => Object.values(TABLE_ACCESS[name] as Record<string, readonly string[]>).some((partitions) => partitions.includes('ADMINKEY#*')));
    expect(touching.sort()).toEqual(['admin', 'ingest']);
    expect(TABLE_ACCESS.admin.GetItem).toContain('ADMINKEY#*');
    expect(Object.entries(TABLE_ACCESS.admin).filter(([, partitions]) => (partitions as readonly string[]).includes('ADMINKEY#*')).map(([action]) => action)).toEqual(['GetItem']);
    expect(Object.entries(TABLE_ACCESS.ingest).filter(([, partitions]) => (partitions as readonly string[]).includes('ADMINKEY#*')).map(([action]) => action)).toEqual(['GetItem']);
  });

  it('lets each role write only its own log group, and only the scheduler and the rank function (a big site\'s related shards) send to the rank queue', () => {
    for (const name of NAMES) {
      const logs = roleStatements(template, name).filter((s) => asList(s.Action).some((a) => a.startsWith('logs:')));
      expect(logs.flatMap((s) => asList(s.Action)).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalIdAt(template, `NewspulseApi/${FUNCTION_IDS[name]}/Logs/Resource`), 'Arn'] });
      const sends = roleStatements(template, name).filter((s) => asList(s.Action).includes('sqs:SendMessage'));
      expect(sends.length, name).toBe(name === 'rankScheduler' || name === 'rank' ? 1 : 0);
    }
  });
});

describe('the HTTP API', () => {
  const integrationOf = (name: FunctionName) =>
    Object.entries(json.Resources).find(
      ([, r]) => r.Type === 'AWS::ApiGatewayV2::Integration' && JSON.stringify(r.Properties.IntegrationUri).includes(functionLogicalId(template, name)),
    )![0];
  const routeTarget = (routeKey: string) => {
    const route = Object.values(json.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === routeKey);
    return route ? JSON.stringify(route.Properties.Target) : undefined;
  };

  const routeCases: [string, FunctionName][] = Object.entries(HTTP_ROUTES).flatMap(([name, routes]) =>
    routes.map(([method, path]): [string, FunctionName] => [`${method} ${path}`, name as FunctionName]),
  );
  it.each(routeCases)('routes %s to %s', (routeKey, name) => {
    expect(routeTarget(routeKey)).toContain(integrationOf(name));
  });

  it('sends everything else to the read function (JSON 404s, CORS preflights of the read paths)', () => {
    expect(routeTarget('$default')).toContain(integrationOf('read'));
  });

  it('leaves CORS to the apps (per-site origins for ingest, open reads): no API-level CORS to override them', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', CorsConfiguration: Match.absent() });
  });

  it('throttles the stage at the configured rate and burst, and logs access without client addresses', () => {
    const stage = Object.values(json.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!.Properties;
    expect(stage).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 300, ThrottlingBurstLimit: 600 } });
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ status: '$context.status', route: '$context.routeKey', requestId: '$context.requestId' });
    expect(stage.AccessLogSettings.Format).not.toMatch(/sourceIp|identity/);
  });

  it('gives beacons and admin their own throttles, so a beacon flood never answers 429 to readers or editors', () => {
    const stage = Object.values(json.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!.Properties;
    const ingest = { ThrottlingRateLimit: 400, ThrottlingBurstLimit: 800 };
    const admin = { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 };
    expect(stage.RouteSettings).toEqual({
      'POST /v1/sites/{site}/events': ingest,
      'OPTIONS /v1/sites/{site}/events': ingest,
      'GET /v1/sites/{site}/pixel.gif': ingest,
      'PUT /v1/sites/{site}/articles/{articleId}': admin,
      'GET /v1/sites/{site}/pins': admin,
      'PUT /v1/sites/{site}/pins/{articleId}': admin,
      'DELETE /v1/sites/{site}/pins/{articleId}': admin,
      'GET /v1/sites/{site}/dashboard/hourly-views': admin,
    });
    // Every route a setting names exists: a setting for a route key the API lacks would fail the deploy.
    const routeKeys = new Set(Object.values(json.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey));
    for (const key of Object.keys(stage.RouteSettings)) expect(routeKeys.has(key), key).toBe(true);
  });

  it('keys the visitor hash with a generated secret only the ingest function may read', () => {
    const secrets = Object.entries(json.Resources).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]![1].Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(fnProps('ingest').Environment.Variables.VISITOR_SECRET_ARN).toEqual({ Ref: secrets[0]![0] });
    for (const name of NAMES) {
      const reads = roleStatements(template, name).filter((s) => asList(s.Action).includes('secretsmanager:GetSecretValue'));
      expect(reads.length, name).toBe(name === 'ingest' ? 1 : 0);
    }
  });
});

describe('the CDN in front of reads', () => {
  const distribution = () => Object.values(json.Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;

  it('fetches from the HTTP API over TLS 1.2 only, redirects viewers to HTTPS, passes only GET/HEAD/OPTIONS', () => {
    const config = distribution();
    expect(config.Origins).toHaveLength(3); // the HTTP API for reads, the scripts' and dashboard's bucket (sdk-scripts.ts), the HTTP API for the dashboard's route
    expect(JSON.stringify(config.Origins[0].DomainName)).toContain(logicalIdAt(template, 'NewspulseApi/Http/Api/Resource'));
    expect(config.Origins[0].CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      CachedMethods: ['GET', 'HEAD'],
      Compress: true,
    });
    expect(config.PriceClass).toBe('PriceClass_100');
  });

  it("caches only what the API's Cache-Control allows, keyed by the read API's documented parameters but a reader's `read`", () => {
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(openApiDocument().paths ?? {})) {
      if (path.includes('/events') || path.includes('/pixel')) continue;
      for (const operation of Object.values(operations as Record<string, { parameters?: { in: string; name: string }[] }>)) {
        for (const p of operation.parameters ?? []) if (p.in === 'query') documented.add(p.name);
      }
    }
    documented.delete('read');
    expect([...CACHE_KEY_QUERY].sort()).toEqual([...documented].sort());
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: CACHE_KEY_QUERY },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      },
    });
  });

  it('never keeps an error (a 404 for a site added a moment later must go away at once)', () => {
    const errors = distribution().CustomErrorResponses as { ErrorCode: number; ErrorCachingMinTTL: number }[];
    for (const status of [400, 404, 500, 502, 503, 504]) expect(errors).toContainEqual({ ErrorCode: status, ErrorCachingMinTTL: 0 });
  });
});

describe('the scripts pages embed', () => {
  it('are served under /sdk/* of the read CDN from a private bucket, with the Cache-Control of their objects', () => {
    const config = Object.values(json.Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
    const sdk = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/sdk/*');
    expect(sdk).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], Compress: true, CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' });
    const origin = config.Origins.find((o: { Id: string }) => o.Id === sdk.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain('SdkBucket');
    expect(origin.OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } });
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as { Properties: { SystemMetadata?: Record<string, string>; Prune: boolean } }[];
    expect(deployments.map((d) => d.Properties.SystemMetadata?.['cache-control']).sort()).toEqual(['public, max-age=300, stale-while-revalidate=3600', 'public, max-age=31536000, immutable']);
    expect(deployments.every((d) => d.Properties.Prune === false)).toBe(true); // old versions stay for pages that name them
  });

  it('are the very bytes the local /sdk serves, under a content-hashed path too', async () => {
    const { api } = synthNewspulse();
    const sdk = api.node.findChild('Sdk') as SdkScripts;
    for (const file of ['beacon.js', 'widgets.js']) {
      const served = await minifiedScript(fileURLToPath(new URL(`../../web/${file}`, import.meta.url)));
      expect(sdk.versioned.get(file)).toBe(`v/${createHash('sha256').update(served).digest('hex').slice(0, 12)}/${file}`);
    }
  });

  it('serve the dashboard at /dashboard/ and pass its one admin route, uncached, with the viewer\'s Authorization', () => {
    const config = Object.values(json.Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
    const page = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/dashboard*');
    expect(page.FunctionAssociations).toHaveLength(1);
    const fn = Object.values(json.Resources).find((r) => r.Type === 'AWS::CloudFront::Function')!.Properties;
    expect(fn.FunctionCode).toContain("r.uri = '/dashboard/index.html'");
    const headers = Object.values(json.Resources).find((r) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy' && r.Properties.ResponseHeadersPolicyConfig.Comment.startsWith('newspulse dashboard'))!.Properties;
    expect(headers.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toContain("frame-ancestors 'none'");
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/v1/sites/*/dashboard/*');
    expect(api).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // AllViewerExceptHostHeader: the Authorization header passes
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
    });
    // No other admin route is reachable through the CDN.
    expect(config.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern).filter((p: string) => p.includes('pins') || p.includes('articles'))).toEqual([]);
    expect(JSON.stringify((json.Outputs as Record<string, { Value: unknown }>).DashboardUrl!.Value)).toContain('/dashboard/');
  });

  it('are printed as script tags that work as printed: the CDN path, the site placeholder, where requests go', () => {
    const outputs = json.Outputs as Record<string, { Value: unknown }>;
    const beacon = JSON.stringify(outputs.BeaconScript!.Value);
    expect(beacon).toContain('/sdk/beacon.js\\" data-site=\\"YOUR_SITE\\" data-api=\\"');
    expect(beacon).toContain('ReadCdnDistribution');
    expect(beacon).toContain('data-article-id=\\"ARTICLE_ID\\"');
    expect(JSON.stringify(outputs.WidgetsScript!.Value)).toContain('/sdk/widgets.js');
    expect(JSON.stringify(outputs.SdkUrl!.Value)).toContain('/sdk');
  });
});

describe('tracing', () => {
  it('is off by default, and X-Ray active tracing on every function with newspulse:tracing=true', () => {
    const functions = (t: typeof template) => Object.values(t.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).filter((r) => r.Type === 'AWS::Lambda::Function' && String(JSON.stringify(r.Properties.Description ?? '')).includes('newspulse'));
    expect(functions(template).every((f) => f.Properties.TracingConfig === undefined)).toBe(true);
    const traced = synthNewspulse({ settings: { tracing: true } });
    expect(functions(traced.template).map((f) => f.Properties.TracingConfig)).toEqual(Array(NAMES.length).fill({ Mode: 'Active' }));
    for (const name of NAMES) expect(roleStatements(traced.template, name).some((st) => asList(st.Action).includes('xray:PutTraceSegments')), name).toBe(true);
  });
});

describe('the rank schedule, fanned out per site', () => {
  it('runs the scheduler at the configured rate with the queue in its input, and the schedule time', () => {
    const rule = Object.values(json.Resources).find((r) => r.Type === 'AWS::Events::Rule')!.Properties;
    expect(rule.ScheduleExpression).toBe('rate(10 minutes)');
    expect(rule.Targets).toHaveLength(1);
    expect(JSON.stringify(rule.Targets[0].Arn)).toContain(functionLogicalId(template, 'rankScheduler'));
    expect(rule.Targets[0].InputTransformer.InputPathsMap).toEqual({ time: '$.time' });
    expect(JSON.stringify(rule.Targets[0].InputTransformer.InputTemplate)).toContain(logicalIdAt(template, 'NewspulseApi/RankFanOut/Runs/Resource'));
    expect(rule.Targets[0].RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 2 });
  });

  it('feeds the rank function one site at a time, at most the configured number at once, reporting failed sites', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionLogicalId(template, 'rank') },
      EventSourceArn: { 'Fn::GetAtt': [logicalIdAt(template, 'NewspulseApi/RankFanOut/Runs/Resource'), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 4 },
    });
  });

  it('retries a failed site once, then keeps it in an encrypted dead-letter queue; visibility covers six rank timeouts', () => {
    const runs = resource(template, logicalIdAt(template, 'NewspulseApi/RankFanOut/Runs/Resource')).Properties;
    expect(runs).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * 900,
      RedrivePolicy: { maxReceiveCount: 2, deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdAt(template, 'NewspulseApi/RankFanOut/FailedRuns/Resource'), 'Arn'] } },
    });
    expect(resource(template, logicalIdAt(template, 'NewspulseApi/RankFanOut/FailedRuns/Resource')).Properties.SqsManagedSseEnabled).toBe(true);
    // Both queues refuse requests without TLS.
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy')) as { Properties: any }[];
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(json.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties);
  const alarm = (name: string) => alarms().find((a) => a.AlarmName === `NewspulseApi-${name}`);

  it('watches errors and throttles of every function', () => {
    for (const name of NAMES) {
      for (const [suffix, metric] of [['Errors', 'Errors'], ['Throttles', 'Throttles']] as const) {
        expect(alarm(`${name}${suffix}`), `${name}${suffix}`).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(template, name) } }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
  });

  it('watches API 5xx (the apps answer store failures themselves) and DynamoDB throttling', () => {
    expect(alarm('Api5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Threshold: 10 });
    const throttles = alarm('TableThrottles')!;
    expect(throttles.Metrics.map((m: { MetricStat?: { Metric: { MetricName: string } } }) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual([
      'ReadThrottleEvents',
      'WriteThrottleEvents',
    ]);
  });

  it('fires when a site keeps failing, and when a run is dead-lettered', () => {
    expect(alarm('RankSiteFailing')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRICS.rankFailed,
      Dimensions: [{ Name: 'service', Value: SERVICES.rank }],
      Period: 600,
      EvaluationPeriods: 2,
    });
    expect(alarm('RankDeadLetters')).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
  });

  it('fires when the rank job stops succeeding: queued sites never ranked, or the schedule went silent; not on a fresh deploy', () => {
    const stopped = alarm('RankStopped')!;
    // Missing data is "missing": no ALARM before the first schedule reports; going silent later is INSUFFICIENT_DATA, which the topic hears.
    const topic = logicalIdAt(template, 'NewspulseApi/Alarms/Topic/Resource');
    expect(stopped).toMatchObject({ EvaluationPeriods: 3, Threshold: 1, TreatMissingData: 'missing', InsufficientDataActions: [{ Ref: topic }] });
    const byId = Object.fromEntries(stopped.Metrics.map((m: { Id: string }) => [m.Id, m]));
    expect(byId.expr_1.Expression).toBe('IF(FILL(runs, 0) == 0 OR (FILL(queued, 0) > 0 AND FILL(ranked, 0) + FILL(skipped, 0) == 0), 1, 0)');
    expect(byId.skipped.MetricStat).toMatchObject({ Stat: 'Sum', Metric: { MetricName: METRICS.rankSkipped, Dimensions: [{ Name: 'service', Value: SERVICES.rank }] } });
    expect(byId.runs.MetricStat).toMatchObject({ Stat: 'SampleCount', Period: 600, Metric: { Namespace: METRICS_NAMESPACE, MetricName: METRICS.sitesScheduled, Dimensions: [{ Name: 'service', Value: SERVICES.rankScheduler }] } });
    expect(byId.ranked.MetricStat).toMatchObject({ Stat: 'Sum', Metric: { MetricName: METRICS.rankSucceeded, Dimensions: [{ Name: 'service', Value: SERVICES.rank }] } });
  });

  it('sends every alarm and its recovery to the topic, which mails the configured address', () => {
    const topic = logicalIdAt(template, 'NewspulseApi/Alarms/Topic/Resource');
    expect(alarms()).toHaveLength(2 * NAMES.length + 8);
    for (const a of alarms()) {
      expect(a.AlarmActions).toEqual([{ Ref: topic }]);
      expect(a.OKActions).toEqual([{ Ref: topic }]);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@news.example', TopicArn: { Ref: topic } });
  });

  it('has no subscription when no address is configured, and synth says so', () => {
    const bare = synthNewspulse();
    bare.template.resourceCountIs('AWS::SNS::Subscription', 0);
    const warnings = Annotations.fromStack(bare.api).findWarning('*', Match.stringLikeRegexp('No alarmEmail'));
    expect(warnings).toHaveLength(1);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('No alarmEmail'))).toHaveLength(0);
  });

  it('lets CloudWatch alarms of this account, and only those, publish to the topic', () => {
    const policy = Object.values(json.Resources).find((r) => r.Type === 'AWS::SNS::TopicPolicy')!.Properties;
    const allow = policy.PolicyDocument.Statement.filter((st: { Effect: string }) => st.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': expect.anything() } },
    });
    // The SSL-only Deny is still there.
    expect(policy.PolicyDocument.Statement.some((st: { Effect: string; Condition?: { Bool?: Record<string, string> } }) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });

  it('watches beacons refused for concurrency, an hour without accepted events, and a backed-up rank queue', () => {
    const topic = logicalIdAt(template, 'NewspulseApi/Alarms/Topic/Resource');
    expect(alarm('BeaconsThrottled')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(template, 'ingest') } }],
      Threshold: 10,
    });
    expect(alarm('NoAcceptedEvents')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRICS.eventsAccepted,
      Dimensions: [{ Name: 'service', Value: SERVICES.ingest }],
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'missing',
      InsufficientDataActions: [{ Ref: topic }],
    });
    expect(alarm('RankQueueBacklog')).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum', Threshold: 1200, EvaluationPeriods: 2 });
  });

  it('raises nothing on a fresh deploy: no alarm treats missing data as breaching', () => {
    for (const a of alarms()) expect(a.TreatMissingData, a.AlarmName).not.toBe('breaching');
  });
});

describe('the beacon entry', () => {
  it('is the ingest function URL: public (the app checks origins and keys), throttled by reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
      TargetFunctionArn: { 'Fn::GetAtt': [functionLogicalId(template, 'ingest'), 'Arn'] },
    });
    expect(resource(template, functionLogicalId(template, 'ingest')).Properties.ReservedConcurrentExecutions).toBe(50);
  });

  it('gives the read function a URL too (widgets without the CDN fee), and no other function one', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [functionLogicalId(template, 'read'), 'Arn'] } });
    const targets = Object.values(template.findResources('AWS::Lambda::Url')).map((u) => JSON.stringify(u.Properties.TargetFunctionArn));
    expect(targets.sort()).toEqual(['ingest', 'read'].map((name) => JSON.stringify({ 'Fn::GetAtt': [functionLogicalId(template, name as FunctionName), 'Arn'] })).sort());
    expect(resource(template, functionLogicalId(template, 'read')).Properties.ReservedConcurrentExecutions).toBe(50);
    expect(JSON.stringify(json.Outputs.WidgetsUrl!.Value)).toContain('ReadFunctionFunctionUrl');
  });
});

describe('dashboard and outputs', () => {
  it('has one dashboard showing the alarms, beacons, CDN, functions, rank job and table', () => {
    const body = JSON.stringify(Object.values(json.Resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard')!.Properties.DashboardBody);
    for (const needle of ['alarm', METRICS.eventsAccepted, 'AWS/CloudFront', 'us-east-1', 'AWS/Lambda', METRICS.rankSucceeded, 'ConsumedWriteCapacityUnits']) {
      expect(body).toContain(needle);
    }
  });

  it('outputs the API URL, the cached read URL, the beacon URL, the table name, the beacon snippet and the alarm topic', () => {
    expect(Object.keys(json.Outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'ReadUrl', 'BeaconUrl', 'TableName', 'BeaconSnippet', 'AlarmTopicArn', 'DashboardName']));
    expect(JSON.stringify(json.Outputs.BeaconUrl!.Value)).toContain('IngestFunctionFunctionUrl');
    expect(JSON.stringify(json.Outputs.ApiUrl!.Value)).toContain('ApiEndpoint');
    expect(JSON.stringify(json.Outputs.ReadUrl!.Value)).toContain('DomainName');
    expect(JSON.stringify(json.Outputs.TableName!.Value)).toContain('SsmParameterValueNewspulseDatatablename');
    const snippet = JSON.stringify(json.Outputs.BeaconSnippet!.Value);
    expect(snippet).toContain('IngestFunctionFunctionUrl'); // beacons go to the function URL: no per-request API fee
    expect(snippet).not.toContain('ApiEndpoint');
    expect(snippet).toContain('sendBeacon');
    expect(snippet).toContain('pixel.gif');
  });
});
