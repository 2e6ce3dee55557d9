import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { createTableInput, tableDefinition } from '../../shared/store/table-definition.ts';

describe('the data stack', () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cdk-')), context: { 'aws:cdk:bundling-stacks': [] } });
  const template = Template.fromStack(new DataStack(app, 'Data'));

  it('builds the table from the shared definition, like the local server and tests do', () => {
    const local = createTableInput('x');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: local.KeySchema,
      AttributeDefinitions: local.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('protects the data: retained, deletion protection, point-in-time recovery', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const table = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))[0] as { Properties: { Replicas: unknown[] } };
    expect(JSON.stringify(table.Properties.Replicas)).toContain('"PointInTimeRecoveryEnabled":true');
    expect(JSON.stringify(table.Properties.Replicas)).toContain('"DeletionProtectionEnabled":true');
  });

  it('names the table in an SSM parameter for the API stack, and keeps the exports older API stacks imported', () => {
    const table = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))[0]!;
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/Data/table-name', Type: 'String', Value: { Ref: table } });
    const exported = Object.values(template.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>).filter((o) => o.Export).map((o) => o.Value);
    expect(exported).toEqual(expect.arrayContaining([{ Ref: table }, { 'Fn::GetAtt': [table, 'Arn'] }]));
  });
});
