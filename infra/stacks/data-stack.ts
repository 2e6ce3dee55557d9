import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { NewspulseTable } from '../constructs/newspulse-table.ts';

/** Stateful resources, kept apart from the functions so that redeploying code never risks the data. */
export class DataStack extends Stack {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = new NewspulseTable(this, 'Newspulse').table;
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
