import { afterAll, describe, expect, it } from 'vitest';
import { acknowledgements, functionLogicalId, removeSynthOutputs, resource, roleStatements, asList, synthNewspulse } from './support/synth-newspulse.ts';

/**
 * The optional per-address rate rule for beacons (deploy setting `beaconRateLimitPerAddress`), synthesized with
 * cdk-nag and CloudFormation validation on, as `npm run synth` runs them.
 */
const { app, template } = synthNewspulse({ settings: { beaconRateLimitPerAddress: 300 }, validate: true });
afterAll(removeSynthOutputs);
const json = template.toJSON() as { Resources: Record<string, { Type: string; Properties: any }>; Outputs: Record<string, { Value: unknown }>; Rules?: Record<string, any> };
const ofType = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
/** The one resource of a type (its logical id and properties). */
const only = (type: string): [string, { Properties: any }] => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

describe('the beacon firewall', () => {
  it('is a CloudFront web ACL whose rate rule counts beacon requests per client address, and answers 429 beyond', () => {
    const [, acl] = only('AWS::WAFv2::WebACL');
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const [rule] = acl.Properties.Rules;
    expect(rule.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    expect(rule.Statement.RateBasedStatement).toMatchObject({ Limit: 300, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    const endings = rule.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map((s: any) => s.ByteMatchStatement.SearchString);
    expect(endings).toEqual(['/events', '/pixel.gif']);
  });

  it('puts the CDN in front of beacons: uncached, HTTPS only, the edge key added, the viewer address forwarded', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    expect(JSON.stringify(config.WebACLId)).toContain('WebAcl');
    // Besides: the page scripts and the dashboard (sdk-scripts.ts), and the dashboard's admin route.
    const behaviors = (config.CacheBehaviors as any[]).filter((b) => !['/sdk/*', '/dashboard*', '/v1/sites/*/dashboard/*'].includes(b.PathPattern));
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/v1/sites/*/events', '/v1/sites/*/pixel.gif']);
    for (const b of behaviors) {
      expect(b).toMatchObject({ ViewerProtocolPolicy: 'https-only', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' }); // CachingDisabled
      expect(b.AllowedMethods).toContain('POST');
    }
    const beaconOrigin = (config.Origins as any[]).find((o) => o.OriginCustomHeaders);
    expect(beaconOrigin.OriginCustomHeaders[0].HeaderName).toBe('x-newspulse-edge-key');
    expect(JSON.stringify(beaconOrigin.OriginCustomHeaders[0].HeaderValue)).toContain('resolve:secretsmanager');
    const [, policy] = only('AWS::CloudFront::OriginRequestPolicy');
    expect(policy.Properties.OriginRequestPolicyConfig.HeadersConfig.Headers).toEqual(expect.arrayContaining(['CloudFront-Viewer-Address', 'Origin', 'User-Agent', 'Referer']));
  });

  it('tells only the ingest function where the edge key is, and lets only it read the key', () => {
    const edgeKeyId = ofType('AWS::SecretsManager::Secret').find(([id]) => id.includes('EdgeKey'))![0];
    expect(resource(template, functionLogicalId(template, 'ingest')).Properties.Environment.Variables.EDGE_KEY_SECRET_ARN).toEqual({ Ref: edgeKeyId });
    for (const name of ['read', 'admin', 'rank'] as const) {
      expect(JSON.stringify(roleStatements(template, name))).not.toContain(edgeKeyId);
    }
    const reads = roleStatements(template, 'ingest').filter((s) => asList(s.Action).includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(reads)).toContain(edgeKeyId);
  });

  it('points the beacon snippet at the CDN, so browser beacons pass the rule', () => {
    expect(JSON.stringify(json.Outputs.BeaconSnippet!.Value)).toContain('ReadCdnDistribution');
  });

  it('stops a deploy outside us-east-1 with a sentence (WAF for CloudFront lives there)', () => {
    const rule = Object.values(json.Rules ?? {})[0];
    expect(JSON.stringify(rule)).toContain('us-east-1');
    expect(rule.Assertions[0].AssertDescription).toMatch(/beaconRateLimitPerAddress needs the stack in us-east-1/);
  });

  it('passes cdk-nag with the WAF (no CFR2 acknowledgement) and only the edge key\'s rotation acknowledged', () => {
    const acks = acknowledgements(app).map((a) => `${a.path} ${a.id.replace(/^.*::/, '')}`);
    expect(acks).not.toContain('NewspulseApi/ReadCdn/Distribution AwsSolutions-CFR2');
    expect(acks).toContain('NewspulseApi/BeaconFirewall/EdgeKey AwsSolutions-SMG4');
  });
});
