import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Db } from './db.ts';

interface DynamoClientOptions {
  /** DynamoDB Local or another endpoint; unset means AWS. */
  endpoint?: string | undefined;
  /** Unset: the SDK's region chain on AWS, us-east-1 for a local endpoint (which ignores it). */
  region?: string | undefined;
  /** How long a silent socket fails an attempt; defaults to AWS_SOCKET_TIMEOUT_MS on AWS, 10 s on an endpoint. */
  socketTimeoutMs?: number;
}

/** Attempts per request (the first and two retries). */
export const MAX_ATTEMPTS = 3;

/**
 * On AWS DynamoDB answers in milliseconds; 2 s of silence is a hung connection. Three attempts then end well
 * inside the API functions' 10-second Lambda timeout, so a client gets our 503 with Retry-After rather than
 * API Gateway's bare error for a function that timed out (infra/tests check the budget).
 */
export const AWS_SOCKET_TIMEOUT_MS = 2_000;

/** DynamoDB Local (a JVM on a busy laptop or CI machine) can take seconds to answer a burst. */
const LOCAL_SOCKET_TIMEOUT_MS = 10_000;

/** The longest a request can take before the client gives up: every attempt timing out, plus backoff (< 1 s). */
export function worstCaseRequestMs(socketTimeoutMs = AWS_SOCKET_TIMEOUT_MS): number {
  return MAX_ATTEMPTS * socketTimeoutMs + 1_000;
}

/**
 * One document client per process (module scope in Lambda). Short timeouts and few retries so that a store
 * outage turns into a quick 503 for the beacon instead of a request hanging until API Gateway gives up.
 */
export function createDocumentClient(options: DynamoClientOptions): DynamoDBDocumentClient {
  const socketTimeout = options.socketTimeoutMs ?? (options.endpoint ? LOCAL_SOCKET_TIMEOUT_MS : AWS_SOCKET_TIMEOUT_MS);
  const client = new DynamoDBClient({
    region: options.region ?? (options.endpoint ? 'us-east-1' : undefined),
    maxAttempts: MAX_ATTEMPTS,
    // The connect timer also runs while a request waits for a free socket, so it must cover a busy local
    // server's queue; a store that is down refuses connections at once anyway.
    requestHandler: {
      connectionTimeout: 5_000,
      // Not requestTimeout: it only logs a warning and keeps waiting, so a store that hangs (a stopped process,
      // a black-holed connection) held every request forever instead of a 503. A socket silent this long fails
      // the attempt (a TimeoutError, retried, then a 503); unlike requestTimeout with throwOnRequestTimeout,
      // time spent queueing for a socket on a busy local server does not count.
      socketTimeout,
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

/**
 * The table and a client for it: the one place a Db is made (Lambda runtime, local server, CLI, bench).
 * `endpoint` undefined means DynamoDB on AWS.
 */
export function connectDb(target: { endpoint: string | undefined; tableName: string; region: string | undefined; socketTimeoutMs?: number }): Db {
  const { tableName, ...client } = target;
  return { client: createDocumentClient(client), tableName };
}
