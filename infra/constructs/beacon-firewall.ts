import { Aws, CfnRule, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface BeaconFirewallProps {
  /** Beacon requests one client address may make in 5 minutes; beyond it WAF answers 429. */
  readonly ratePerAddress: number;
}

/** The beacon routes' URI path endings (the WAF rule counts only these; reads stay outside it). */
const BEACON_PATH_ENDINGS = ['/events', '/pixel.gif'];

/**
 * The optional per-address rate rule for beacons (deploy setting `beaconRateLimitPerAddress`): a WAF web ACL
 * for the CDN, whose rate-based rule counts beacon requests per client address, and the edge key CloudFront
 * adds to the beacons it forwards, so that the ingest function believes CloudFront's viewer address only from
 * CloudFront and refuses browser beacons that went around the rule (shared/http/client-address.ts).
 * About $5 a month for the ACL, $1 for the rule and $0.60 per million requests it inspects (docs/deploy.md).
 */
export class BeaconFirewall extends Construct {
  readonly webAcl: CfnWebACL;
  readonly edgeKey: Secret;

  constructor(scope: Construct, id: string, props: BeaconFirewallProps) {
    super(scope, id);
    // A web ACL for CloudFront exists only in us-east-1: stop a deploy elsewhere with a sentence, not a stack trace.
    new CfnRule(Stack.of(this), 'BeaconFirewallInUsEast1', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription: 'newspulse:beaconRateLimitPerAddress needs the stack in us-east-1, where WAF for CloudFront lives (or leave it unset)',
        },
      ],
    });
    this.edgeKey = new Secret(this, 'EdgeKey', {
      description: 'newspulse: the key CloudFront adds to beacons, so ingest believes its viewer address',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.edgeKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'CloudFront sends this key as an origin header from its distribution config; rotating it means redeploying the distribution, so it changes with a deploy, not on a schedule.',
    });
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'newspulse: beacons per client address',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('NewspulseBeaconFirewall'),
      rules: [
        {
          name: 'BeaconsPerAddress',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          visibilityConfig: visibility('NewspulseBeaconsPerAddress'),
          statement: {
            rateBasedStatement: {
              limit: props.ratePerAddress,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                orStatement: {
                  statements: BEACON_PATH_ENDINGS.map((ending) => ({
                    byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'ENDS_WITH', searchString: ending, textTransformations: [{ priority: 0, type: 'NONE' }] },
                  })),
                },
              },
            },
          },
        },
      ],
    });
  }
}
