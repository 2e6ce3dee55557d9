import type { TestProject } from 'vitest/node';
import { config } from '../../shared/config.ts';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let instance: DynamoDbLocal | undefined;

/** One in-memory DynamoDB Local for the whole run; each test file creates its own table in it. */
export async function setup(project: TestProject) {
  // A JVM start is seconds on an idle machine, tens of seconds on a busy one: wait for the first answer long.
  instance = await startDynamoDbLocal({ port: await freePort(), pidDir: config().NEWSPULSE_PID_DIR, readyTimeoutMs: 180_000 });
  project.provide('dynamoEndpoint', instance.endpoint);
}

export async function teardown() {
  await instance?.stop();
}
