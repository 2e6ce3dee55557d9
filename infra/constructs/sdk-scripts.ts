import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { bundledScriptSync, SDK_FILES } from '../../web/sdk-app.ts';
import { DASHBOARD_CSP, DASHBOARD_FILES, dashboardFilePath } from '../../web/dashboard-app.ts';

export interface SdkScriptsProps {
  /** The read CDN: the scripts are one more path of it (`/sdk/*`). */
  readonly distribution: Distribution;
  /** Its https URL. */
  readonly cdnUrl: string;
}

/** What `/sdk/beacon.js` and `/sdk/widgets.js` may be cached for: a fix reaches every page within minutes. */
const LATEST_CACHE = 'public, max-age=300, stale-while-revalidate=3600';
/** Versioned paths never change. */
const VERSIONED_CACHE = 'public, max-age=31536000, immutable';

/**
 * The scripts news pages embed, served by the stack through the read CDN from a private S3 bucket (origin
 * access control), built at synth from web/ exactly as the local server's `/sdk` builds them:
 * - `/sdk/beacon.js`, `/sdk/widgets.js`: the current version, cached 5 minutes (what the snippets use);
 * - `/sdk/v/<hash>/beacon.js`: each version under its content hash, cached for a year and never removed, for
 *   sites that pin a version.
 */
export class SdkScripts extends Construct {
  /** `https://<cdn>/sdk`. */
  readonly url: string;
  /** `https://<cdn>/dashboard/`: the editors' dashboard, calling the admin API on the same origin. */
  readonly dashboardUrl: string;
  /** The content-hashed path of each script (`v/<hash>/beacon.js`), under `url`. */
  readonly versioned: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: SdkScriptsProps) {
    super(scope, id);
    const latest = mkdtempSync(join(tmpdir(), 'newspulse-sdk-'));
    const pinned = mkdtempSync(join(tmpdir(), 'newspulse-sdk-v-'));
    const versioned = new Map<string, string>();
    mkdirSync(join(latest, 'sdk'));
    for (const [name, path] of SDK_FILES) {
      const code = bundledScriptSync(path);
      const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
      writeFileSync(join(latest, 'sdk', name), code);
      mkdirSync(join(pinned, 'sdk', 'v', hash), { recursive: true });
      writeFileSync(join(pinned, 'sdk', 'v', hash, name), code);
      versioned.set(name, `v/${hash}/${name}`);
    }
    this.versioned = versioned;
    // The editors' dashboard (web/dashboard/): its page, script and style, beside the scripts.
    mkdirSync(join(latest, 'dashboard'));
    for (const { file } of DASHBOARD_FILES.values()) writeFileSync(join(latest, 'dashboard', file), readFileSync(dashboardFilePath(file)));

    const bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    // Old versions stay (prune off): pages and caches that still name them keep working.
    new BucketDeployment(this, 'Versioned', { sources: [Source.asset(pinned)], destinationBucket: bucket, prune: false, cacheControl: [CacheControl.fromString(VERSIONED_CACHE)] });
    new BucketDeployment(this, 'Latest', { sources: [Source.asset(latest)], destinationBucket: bucket, prune: false, cacheControl: [CacheControl.fromString(LATEST_CACHE)] });

    // What both the scripts and the dashboard answer with: no sniffing, never framed, HTTPS only.
    const secure = {
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    };
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'newspulse scripts: loadable by any site',
      corsBehavior: { accessControlAllowOrigins: ['*'], accessControlAllowMethods: ['GET', 'HEAD'], accessControlAllowHeaders: ['*'], accessControlAllowCredentials: false, originOverride: true },
      customHeadersBehavior: { customHeaders: [{ header: 'Cross-Origin-Resource-Policy', value: 'cross-origin', override: true }] },
      securityHeadersBehavior: { ...secure, referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true } },
    });
    const origin = S3BucketOrigin.withOriginAccessControl(bucket);
    props.distribution.addBehavior('/sdk/*', origin, {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      // Honours the objects' Cache-Control (5 minutes, or a year for versions), gzip and brotli at the edge.
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: headers,
      compress: true,
    });
    this.url = `${props.cdnUrl}/sdk`;

    // The dashboard at /dashboard/ (S3 has no index documents behind OAC: a viewer-request function names it).
    const index = new CloudFrontFunction(this, 'DashboardIndex', {
      comment: 'newspulse: /dashboard and /dashboard/ are /dashboard/index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri === '/dashboard' || r.uri === '/dashboard/') r.uri = '/dashboard/index.html'; return r; }",
      ),
    });
    const pageHeaders = new ResponseHeadersPolicy(this, 'DashboardHeaders', {
      comment: 'newspulse dashboard: its own script and style only, its own origin for the API, never framed',
      securityHeadersBehavior: {
        ...secure,
        contentSecurityPolicy: { contentSecurityPolicy: DASHBOARD_CSP, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    props.distribution.addBehavior('/dashboard*', origin, {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: pageHeaders,
      functionAssociations: [{ function: index, eventType: FunctionEventType.VIEWER_REQUEST }],
      compress: true,
    });
    this.dashboardUrl = `${props.cdnUrl}/dashboard/`;

    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Two public scripts, read only through CloudFront (origin access control); CloudFront metrics count the requests, and access logs would cost more than the bucket.',
    });
    const stack = Stack.of(this);
    // The helper CDK adds to copy the files at deploy time: AWS's own code, with the grants it needs.
    const copies = 'CDK\'s deployment helper copies the scripts from the CDK asset bucket into this bucket, so it reads and writes objects under both';
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnBucket);
    for (const helper of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(helper).acknowledge(
        { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'CDK\'s deployment helper, which runs only during deploys, writes its logs with the basic execution role that aws-cdk-lib gives it.' },
        ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: copies })),
        { id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`, reason: copies },
        { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', reason: copies },
        { id: 'AwsSolutions-L1', reason: 'aws-cdk-lib picks the runtime of its deployment helper and upgrades it with the library; it runs only during deploys.' },
      );
    }
  }
}
