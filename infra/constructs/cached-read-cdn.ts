import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CacheQueryStringBehavior,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { EDGE_KEY_HEADER } from '../../shared/http/client-address.ts';

export interface CachedReadCdnProps {
  /** Host name of the HTTP API (the origin). */
  readonly apiDomainName: string;
  readonly priceClass: '100' | '200' | 'All';
  /**
   * With the beacon firewall: beacons pass this distribution too (uncached), with the edge key added, under
   * the web ACL's per-address rule (infra/constructs/beacon-firewall.ts).
   */
  readonly beacons?: { readonly edgeKey: string; readonly webAclArn: string };
}

/** How CloudFront reaches the HTTP API, for reads and beacons alike. */
const API_ORIGIN = { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [OriginSslPolicy.TLS_V1_2] };

/** The dashboard's admin route, as a CloudFront path pattern. */
export const DASHBOARD_API_PATH = '/v1/sites/*/dashboard/*';

/** The beacon routes, as CloudFront path patterns. */
const BEACON_PATHS = ['/v1/sites/*/events', '/v1/sites/*/pixel.gif'];

/**
 * The read API's query parameters that change an answer (shared/http/contract/read-routes.ts), the only ones in
 * the cache key and forwarded. `read` (a reader's history) is left out on purpose: it made every reader's URL
 * unique; widgets.js asks `spare` items instead and drops the read ones itself.
 */
export const CACHE_KEY_QUERY = ['articleId', 'section', 'limit', 'spare', 'exclude'];

/** Statuses CloudFront would otherwise cache for 10 s; an error must not outlive its cause (a site added a moment later). */
const UNCACHED_ERRORS = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];

/**
 * CloudFront in front of the read API. The cache follows the API's own Cache-Control (`s-maxage=60,
 * stale-while-revalidate=300` on lists, `no-store` on errors): no default TTL of its own, so nothing is cached
 * that the API did not say may be. The cache key is the documented parameters only (CACHE_KEY_QUERY), so
 * every reader of a page shares one entry; headers and cookies are not, since the answer never depends on them (CORS is
 * `*` for reads). CloudFront answers `If-None-Match` from the cached ETag. Only GET, HEAD and OPTIONS pass,
 * and the admin API's Authorization header is never forwarded (but to the dashboard's one route, uncached); beacons go to the API directly, unless the
 * beacon firewall is on (`beacons`): then they pass here, uncached, under its per-address rule.
 */
export class CachedReadCdn extends Construct {
  readonly distribution: Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: CachedReadCdnProps) {
    super(scope, id);
    const honourOrigin = new CachePolicy(this, 'HonourOriginCacheControl', {
      comment: 'newspulse reads: TTL from the API Cache-Control, the documented query parameters in the key',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: CacheQueryStringBehavior.allowList(...CACHE_KEY_QUERY),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName}: cached newspulse reads`,
      priceClass: { '100': PriceClass.PRICE_CLASS_100, '200': PriceClass.PRICE_CLASS_200, All: PriceClass.PRICE_CLASS_ALL }[props.priceClass],
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new HttpOrigin(props.apiDomainName, API_ORIGIN),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy: honourOrigin,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      errorResponses: UNCACHED_ERRORS.map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) })),
      ...(props.beacons ? { webAclId: props.beacons.webAclArn } : {}),
    });
    if (props.beacons) this.passBeacons(props.apiDomainName, props.beacons.edgeKey);
    this.passDashboardApi(props.apiDomainName);
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'News is read worldwide; the lists are public and hold nothing a country restriction would protect.',
      },
      ...(props.beacons
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'Only cacheable public GETs pass this distribution, and every origin request is throttled by the API stage. ' +
                'A WAF web ACL costs $5 a month plus $0.60 per million requests, more than serving the reads: the deploy setting beaconRateLimitPerAddress adds one.',
            },
          ]),
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Every request that reaches the origin is in the API access log, and CloudFront metrics count the rest. ' +
          'Standard logs would need an S3 bucket with ACLs enabled for one log line per page view.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses its default *.cloudfront.net certificate, whose viewer TLS policy cannot be raised. ' +
          'A custom domain with an ACM certificate (TLSv1.2_2021) is the fix when a site wants its own host name.',
      },
    );
    new CfnOutput(Stack.of(this), 'ReadUrl', { value: this.url, description: 'Cached reads for news pages (widgets.js data-api)' });
  }

  /**
   * The dashboard's one admin route (`/v1/sites/{site}/dashboard/hourly-views`), so the dashboard this CDN serves
   * (`/dashboard/`, sdk-scripts.ts) calls it on its own origin: never cached, and the viewer's headers (its
   * Authorization: the site's admin key) passed. Every other admin route stays off the CDN.
   */
  private passDashboardApi(apiDomainName: string): void {
    this.distribution.addBehavior(DASHBOARD_API_PATH, new HttpOrigin(apiDomainName, API_ORIGIN), {
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      compress: true,
    });
  }

  /**
   * Beacons through the CDN, never cached: the headers the ingest app reads (Origin, Referer, User-Agent, the
   * body's type, CloudFront's viewer address) and the query string pass; the edge key is added. Viewers must
   * use HTTPS (a redirect would turn a POST into a GET).
   */
  private passBeacons(apiDomainName: string, edgeKey: string): void {
    const origin = new HttpOrigin(apiDomainName, { ...API_ORIGIN, customHeaders: { [EDGE_KEY_HEADER]: edgeKey } });
    const forward = new OriginRequestPolicy(this, 'BeaconHeaders', {
      comment: 'newspulse beacons: what ingest reads, and the viewer address',
      headerBehavior: OriginRequestHeaderBehavior.allowList('Origin', 'Referer', 'User-Agent', 'Content-Type', 'CloudFront-Viewer-Address'),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    for (const path of BEACON_PATHS) {
      this.distribution.addBehavior(path, origin, {
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: forward,
        compress: false,
      });
    }
  }
}