import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { NewspulseTable } from '../constructs/newspulse-table.ts';

/**
 * Stateful resources, kept apart from the functions so that redeploying code never risks the data. The API
 * stack finds the table through an SSM parameter (`tableNameParameter`), resolved at deploy time, not through a
 * CloudFormation export: an export in use can never change, which would block pointing the service at a table
 * restored from a point in time in one deploy (docs/deploy.md, "Restore").
 */
export class DataStack extends Stack {
  readonly table: TableV2;
  readonly tableNameParameter: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = new NewspulseTable(this, 'Newspulse').table;
    this.tableNameParameter = `/${id}/table-name`;
    new StringParameter(this, 'TableNameParameter', {
      parameterName: this.tableNameParameter,
      stringValue: this.table.tableName,
      description: 'The newspulse table the API stack uses (unless its newspulse:tableName setting names another)',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    // Deployments made before the parameter imported these two exports into the API stack. Kept, so that the
    // upgrade (data stack first) does not try to delete exports still in use; nothing imports them afterwards.
    this.exportValue(this.table.tableArn);
    this.exportValue(this.table.tableName);
  }
}
