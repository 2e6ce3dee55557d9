import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

export interface DynamoClientOptions {
  /** DynamoDB Local or another endpoint; unset means AWS. */
  endpoint?: string | undefined;
  region: string;
}

/**
 * One document client per process (module scope in Lambda). Short timeouts and few retries so that a store
 * outage turns into a quick 503 for the beacon instead of a request hanging until API Gateway gives up.
 */
export function createDocumentClient(options: DynamoClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: 3,
    // The connect timer also runs while a request waits for a free socket, so it must cover a busy local
    // server's queue; a store that is down refuses connections at once anyway.
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 10_000,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 128 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 128 }),
    },
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          // DynamoDB Local accepts any credentials; fixed ones keep a laptop's AWS profile out of it.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
