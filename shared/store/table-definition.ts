/**
 * The one table's shape, defined once: CDK (infra/), the local server, the CLI and tests all build the
 * table from these names, so a key or TTL attribute can never differ between AWS and a laptop.
 * Access patterns and item types are documented in docs/data-model.md.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB (and DynamoDB Local) delete items some time after it, so readers skip expired items themselves. */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** CreateTable input for DynamoDB Local and tests (on-demand, like the CDK table). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: tableDefinition.partitionKey, AttributeType: 'S' as const },
      { AttributeName: tableDefinition.sortKey, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' as const },
    ],
  };
}
