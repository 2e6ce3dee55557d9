import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acknowledgements, cdkJsonContext, removeSynthOutputs, synthNewspulse } from './support/synth-newspulse.ts';

describe('cdk-nag (AwsSolutions) and CloudFormation validation, as `npm run synth` runs them', () => {
  // Synthesizing is what runs the plugins: it throws on any unacknowledged AwsSolutions finding and on any
  // CloudFormation schema or rule error (cdk.json makes those errors).
  const { app } = synthNewspulse({ validate: true });
  afterAll(removeSynthOutputs);

  it('is configured to fail on CloudFormation validation findings', () => {
    expect(cdkJsonContext()['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  });

  it('passes with only these acknowledgements, each with a reason', () => {
    const acks = acknowledgements(app);
    expect(acks.map((a) => `${a.path} ${a.id.replace(/^[^:]*::/, '')}`).sort()).toEqual([
      ...[
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Resource::<SdkBucket04853120.Arn>/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        'AwsSolutions-L1',
      ].map((id) => `NewspulseApi/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C ${id}`),
      'NewspulseApi/Http/Api AwsSolutions-APIG4',
      'NewspulseApi/ReadCdn/Distribution AwsSolutions-CFR1',
      'NewspulseApi/ReadCdn/Distribution AwsSolutions-CFR2',
      'NewspulseApi/ReadCdn/Distribution AwsSolutions-CFR3',
      'NewspulseApi/ReadCdn/Distribution AwsSolutions-CFR4',
      'NewspulseApi/Sdk/Bucket AwsSolutions-S1',
      'NewspulseApi/VisitorSecret AwsSolutions-SMG4',
    ]);
    for (const ack of acks) expect(ack.reason.length, ack.id).toBeGreaterThan(80);
  });

  it('is live: the same plugin fails a synth with an unacknowledged finding', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'newspulse-nag-'));
    const bad = new App({ outdir, builtinCloudFormationValidation: false });
    new Queue(new Stack(bad, 'Bad'), 'PlainQueue');
    Validations.of(bad).addPlugins(new AwsSolutionsChecks(bad));
    expect(() => bad.synth()).toThrow(/AwsSolutions-SQS4/);
    rmSync(outdir, { recursive: true, force: true });
  });
});
