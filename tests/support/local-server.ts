import { serve } from '@hono/node-server';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalApp } from '../../local/local-app.ts';
import { freePort } from '../../local/dynamodb-local.ts';
import { testReaders } from './readers.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { createDocumentClient } from '../../shared/store/dynamo-client.ts';
import type { Db } from '../../shared/store/db.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Process id of a child server (undefined when it runs in this process). */
  pid?: number;
  /** What a child server printed (stdout and stderr), for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/**
 * The local server's app (`createLocalApp`, what `npm start` serves) in this process, over real HTTP on a free
 * port, with its own DynamoDB client (as the server has) for the given endpoint and table.
 */
export async function serveLocalApp(options: { endpoint: string; tableName: string }): Promise<RunningServer & { db: Db }> {
  const db: Db = { client: createDocumentClient({ endpoint: options.endpoint, region: 'us-east-1' }), tableName: options.tableName };
  const app = createLocalApp({ db, sites: cachedSiteLookup(db, Date.now), clock: Date.now, ...testReaders() });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    db,
    url: `http://127.0.0.1:${port}`,
    output: () => '',
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      db.client.destroy();
    },
  };
}

/**
 * `npm start` itself (`local/start.ts`) as a child process on a free port, against a running DynamoDB
 * (`DYNAMODB_ENDPOINT`, so it starts none) and the given table; the rank timer is set to once a day so that only
 * the test ranks. Resolves when `/healthz` answers. Stopped by its PID.
 */
export async function spawnLocalServer(options: { endpoint: string; tableName: string }): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'newspulse-server-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local/start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_ENDPOINT: options.endpoint,
      NEWSPULSE_TABLE: options.tableName,
      NEWSPULSE_DATA_DIR: dataDir,
      RANK_INTERVAL_SECONDS: '86400',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => !exited && child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`the local server exited during start-up:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`the local server did not answer on ${url}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid, output: () => output, close };
}
