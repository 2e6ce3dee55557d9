import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The table and the client that talks to it: what every storage function takes. */
export interface Db {
  client: DynamoDBDocumentClient;
  tableName: string;
}
