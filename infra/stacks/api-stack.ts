import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { FunctionUrlAuthType, InvokeMode, SystemLogLevel, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { beaconSnippet, SNIPPET_ARTICLE, SNIPPET_SITE } from '../beacon-snippet.ts';
import { SdkScripts } from '../constructs/sdk-scripts.ts';
import type { DeploySettings } from '../deploy-settings.ts';
import { BeaconFirewall } from '../constructs/beacon-firewall.ts';
import { CachedReadCdn } from '../constructs/cached-read-cdn.ts';
import { NewspulseFunction } from '../constructs/newspulse-function.ts';
import { OperationsDashboard } from '../constructs/operations-dashboard.ts';
import { PublicHttpApi } from '../constructs/public-http-api.ts';
import { RankFanOut } from '../constructs/rank-fan-out.ts';
import { ServiceAlarms } from '../constructs/service-alarms.ts';
import { TABLE_ACCESS } from '../table-access.ts';

export interface ApiStackProps extends StackProps {
  /**
   * The SSM parameter holding the DataStack's table name (stateful resources live there, so this stack can be
   * replaced freely); the `tableName` setting overrides it (a restored table).
   */
  readonly tableNameParameter: string;
  readonly settings: DeploySettings;
}

/**
 * Everything stateless: the functions, the HTTP API, the CDN for reads, the rank schedule and its fan-out,
 * alarms and the dashboard. Deleting this stack loses no data.
 */
export class ApiStack extends Stack {
  readonly functions: { ingest: NewspulseFunction; read: NewspulseFunction; admin: NewspulseFunction; rank: NewspulseFunction; rankScheduler: NewspulseFunction };
  readonly http: PublicHttpApi;
  readonly beaconUrl: FunctionUrl;
  readonly widgetsUrl: FunctionUrl;
  readonly cdn: CachedReadCdn;
  readonly fanOut: RankFanOut;
  readonly alarms: ServiceAlarms;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const tableName = settings.tableName ?? StringParameter.valueForStringParameter(this, props.tableNameParameter);
    const table: ITableV2 = TableV2.fromTableName(this, 'Table', tableName);
    const logRetention = settings.logRetentionDays as RetentionDays;

    // Keys the visitor hash (shared/ingest/visitor.ts): kept out of the table, read once per ingest container.
    const visitorSecret = new Secret(this, 'VisitorSecret', {
      description: 'newspulse: keys the daily visitor hash of beacons (never stored with the data)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(visitorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The ingest function derives a new key from this secret every UTC day, so visitor ids rotate daily without rotating the secret; replacing it only changes the current day\'s ids.',
    });

    this.functions = {
      ingest: new NewspulseFunction(this, 'Ingest', {
        name: 'ingest',
        description: 'newspulse ingest: view and engagement beacons, the pixel',
        logRetention,
        tracing: settings.tracing,
        systemLogLevel: SystemLogLevel.WARN,
        ...(settings.beaconConcurrency > 0 ? { reservedConcurrency: settings.beaconConcurrency } : {}),
      }).useTable(table, TABLE_ACCESS.ingest).useVisitorSecret(visitorSecret),
      read: new NewspulseFunction(this, 'Read', {
        name: 'read',
        description: 'newspulse read: lists, related stories, widgets, stats',
        logRetention,
        tracing: settings.tracing,
        systemLogLevel: SystemLogLevel.WARN,
        ...(settings.readConcurrency > 0 ? { reservedConcurrency: settings.readConcurrency } : {}),
      }).useTable(table, TABLE_ACCESS.read),
      admin: new NewspulseFunction(this, 'Admin', {
        name: 'admin',
        description: 'newspulse admin: catalog metadata and editorial pins',
        logRetention,
        tracing: settings.tracing,
      }).useTable(table, TABLE_ACCESS.admin),
      rank: new NewspulseFunction(this, 'Rank', {
        name: 'rank',
        description: 'newspulse rank: computes the lists of one site per queued message',
        logRetention,
        tracing: settings.tracing,
        // From `npm run bench` (docs/deploy.md, "The rank job"): a 20M-view site's first run peaks at 1.5 GiB and
        // each of its related shards at 1.2 GiB; 2 GB also buys a little more than one vCPU. The first run of
        // such a site (every view count written) is the longest: 15 minutes, Lambda's most, leave it room.
        memorySize: 2048,
        timeout: Duration.minutes(15),
      }).useTable(table, TABLE_ACCESS.rank),
      rankScheduler: new NewspulseFunction(this, 'RankScheduler', {
        name: 'rank-scheduler',
        description: 'newspulse rank schedule: queues one rank run per site',
        logRetention,
        tracing: settings.tracing,
        timeout: Duration.seconds(60),
      }).useTable(table, TABLE_ACCESS.rankScheduler),
    };

    // Beacons' own entry: the ingest function's URL. No per-request fee (HTTP API: $1 per million), the same
    // app and event format (payload 2.0, the platform's sourceIp); CORS is the app's (per-site origins), the
    // throttle is the function's reserved concurrency. The HTTP API keeps the beacon routes for a custom domain.
    this.beaconUrl = this.functions.ingest.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });
    // Widgets straight from the read function (with its minute-long list cache): at the traffic most sites have,
    // cheaper than the CDN, whose per-request fee applies to every page view while few of them are hits
    // (docs/benchmarks.md, "CDN hit ratio"). The CDN stays for busy sites and front pages.
    this.widgetsUrl = this.functions.read.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });

    this.http = new PublicHttpApi(this, 'Http', {
      ingest: this.functions.ingest.fn,
      read: this.functions.read.fn,
      admin: this.functions.admin.fn,
      throttles: {
        read: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
        ingest: { rateLimit: settings.ingestRateLimit, burstLimit: settings.ingestBurstLimit },
        admin: { rateLimit: settings.adminRateLimit, burstLimit: settings.adminBurstLimit },
      },
      logRetention,
    });
    // The optional per-address rule for beacons: WAF on the CDN, which browser beacons then go through.
    const firewall = settings.beaconRateLimitPerAddress === undefined ? undefined : new BeaconFirewall(this, 'BeaconFirewall', { ratePerAddress: settings.beaconRateLimitPerAddress });
    if (firewall) {
      firewall.edgeKey.grantRead(this.functions.ingest.role);
      this.functions.ingest.fn.addEnvironment('EDGE_KEY_SECRET_ARN', firewall.edgeKey.secretArn);
    }
    this.cdn = new CachedReadCdn(this, 'ReadCdn', {
      apiDomainName: this.http.domainName,
      priceClass: settings.cdnPriceClass,
      ...(firewall ? { beacons: { edgeKey: firewall.edgeKey.secretValue.unsafeUnwrap(), webAclArn: firewall.webAcl.attrArn } } : {}),
    });
    this.fanOut = new RankFanOut(this, 'RankFanOut', {
      scheduler: this.functions.rankScheduler,
      rank: this.functions.rank,
      rateMinutes: settings.rankRateMinutes,
      concurrency: settings.rankConcurrency,
    });

    const fns = Object.fromEntries(Object.entries(this.functions).map(([name, f]) => [name, f.fn]));
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      functions: fns,
      api: this.http.api,
      table,
      rankDeadLetters: this.fanOut.deadLetters,
      rankQueue: this.fanOut.queue,
      ingest: this.functions.ingest.fn,
      rankRateMinutes: settings.rankRateMinutes,
      alarmEmail: settings.alarmEmail,
    });
    new OperationsDashboard(this, 'Operations', {
      functions: fns,
      api: this.http.api,
      distribution: this.cdn.distribution,
      table,
      rankQueue: this.fanOut.queue,
      rankDeadLetters: this.fanOut.deadLetters,
      alarms: this.alarms.alarms,
    });

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'NEWSPULSE_TABLE for the CLI (--aws)' });
    const beaconApi = firewall ? this.cdn.url : originOf(this.beaconUrl);
    new CfnOutput(this, 'WidgetsUrl', { value: originOf(this.widgetsUrl), description: 'widgets.js data-api for most sites: the read function URL (the CDN, ReadUrl, pays off for busy sites)' });
    new CfnOutput(this, 'BeaconUrl', { value: beaconApi, description: 'Where beacons go (beacon.js data-api): the ingest function URL, or the CDN with the beacon firewall' });
    new CfnOutput(this, 'BeaconSnippet', {
      // With the beacon firewall, beacons go through the CDN (where its rule applies); else to the function URL.
      value: beaconSnippet(beaconApi),
      description: 'Paste into article pages; replace YOUR_SITE and ARTICLE_ID',
    });

    // The scripts, served by this stack through the read CDN (views and engaged time; the blocks).
    const sdk = new SdkScripts(this, 'Sdk', { distribution: this.cdn.distribution, cdnUrl: this.cdn.url });
    new CfnOutput(this, 'DashboardUrl', { value: sdk.dashboardUrl, description: 'The editors\' dashboard: sign in with a site id and its admin key' });
    new CfnOutput(this, 'SdkUrl', { value: sdk.url, description: 'Where beacon.js and widgets.js are served (5-minute cache; v/<hash>/ paths for a pinned version)' });
    new CfnOutput(this, 'BeaconScript', {
      value: scriptTag(`${sdk.url}/beacon.js`, beaconApi, ` data-article-id="${SNIPPET_ARTICLE}"`),
      description: 'The full beacon (views, engaged time, the view counter) for article templates: replace YOUR_SITE, and ARTICLE_ID or drop data-article-id (the canonical URL then names the article)',
    });
    new CfnOutput(this, 'WidgetsScript', {
      value: scriptTag(`${sdk.url}/widgets.js`, originOf(this.widgetsUrl), ''),
      description: 'Fills the page\'s [data-newspulse] blocks: replace YOUR_SITE',
    });
  }
}

/** A function URL without its trailing slash (`https://id.lambda-url.region.on.aws`): what data-api and the snippet want. */
function originOf(url: FunctionUrl): string {
  return `https://${Fn.select(0, Fn.split('/', Fn.select(1, Fn.split('://', url.url))))}`;
}

/** A script tag as the outputs print it: `src`, the site placeholder, where its requests go. */
function scriptTag(src: string, api: string, extra: string): string {
  return `<script src="${src}" data-site="${SNIPPET_SITE}" data-api="${api}"${extra} defer></script>`;
}
