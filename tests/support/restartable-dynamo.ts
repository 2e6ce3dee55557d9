import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../../shared/config.ts';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';

/**
 * A DynamoDB Local of the test's own, kept on disk (a temp folder) so that its tables survive a restart: the
 * fault tests stop it in the middle of a load (SIGTERM, or SIGKILL as a crash) and start it again on the same
 * port, while the server under test keeps running with the same endpoint.
 */
export interface RestartableDynamo {
  endpoint: string;
  port: number;
  /** Running right now? */
  readonly up: boolean;
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRestartableDynamo(): Promise<RestartableDynamo> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'newspulse-dynamo-'));
  const pidDir = config().NEWSPULSE_PID_DIR;
  // A JVM start is seconds on an idle machine, tens of seconds on a busy one: wait for the first answer long.
  const readyTimeoutMs = 180_000;
  let instance: DynamoDbLocal | undefined = await startDynamoDbLocal({ port, dataDir, pidDir, readyTimeoutMs });
  const dynamo: RestartableDynamo = {
    endpoint: instance.endpoint,
    port,
    get up() {
      return instance !== undefined;
    },
    async stop(signal) {
      const running = instance;
      if (!running) return;
      instance = undefined;
      // By PID, never by name. SIGKILL is a crash: nothing is flushed or closed politely.
      if (signal === 'SIGKILL') process.kill(running.pid, 'SIGKILL');
      await running.stop();
    },
    async start() {
      if (instance) return;
      // The port was just released; a start that finds it still busy tries again for a while.
      for (let attempt = 0; ; attempt++) {
        try {
          instance = await startDynamoDbLocal({ port, dataDir, pidDir, readyTimeoutMs });
          return;
        } catch (error) {
          if (attempt >= 20 || !/busy/.test((error as Error).message)) throw error;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    },
    async dispose() {
      await dynamo.stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return dynamo;
}
