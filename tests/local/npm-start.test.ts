import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';

/**
 * `npm start` as a user runs it: a real process (local/start.ts under tsx) with its own DynamoDB Local on disk.
 * Ctrl-C is a SIGINT to the whole foreground process group, so the test starts the server in a group of its
 * own and signals the group, as a terminal does.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'newspulse-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Started {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    detached: true,
    env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function untilReady(started: Started): Promise<void> {
  while (!started.out().includes('Press Ctrl-C')) {
    if (started.child.exitCode !== null) throw new Error(`npm start exited early: ${started.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The latest list once the rank run that starts with the server has written it. */
async function latestItems(base: string): Promise<unknown[]> {
  for (;;) {
    const body = (await (await fetch(`${base}/v1/sites/demo/lists/latest`)).json()) as { items: unknown[] };
    if (body.items.length > 0) return body.items;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function javaPids(pidDir: string): number[] {
  try {
    return readdirSync(pidDir).map((name) => Number(/^dynamodb-local-(\d+)\.pid$/.exec(name)?.[1])).filter((pid) => pid > 0);
  } catch {
    return [];
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function settings() {
  const dataDir = join(work, 'data');
  const pidDir = join(work, 'pids');
  return { PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()), NEWSPULSE_DATA_DIR: dataDir, NEWSPULSE_PID_DIR: pidDir, RANK_INTERVAL_SECONDS: '3600' };
}

describe('npm start', () => {
  it('serves the demo site and APIs on one port, and Ctrl-C stops it with its DynamoDB Local', async () => {
    const env = await settings();
    const server = startServer(env);
    try {
      await untilReady(server);
      const [java] = javaPids(env.NEWSPULSE_PID_DIR);
      expect(java).toBeDefined();
      expect(isRunning(java!)).toBe(true);

      const base = `http://127.0.0.1:${env.PORT}`;
      expect(server.out()).toContain(`${base}/demo/`);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const home = await fetch(`${base}/demo/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('data-newspulse');
      expect((await fetch(`${base}/sdk/beacon.js`)).status).toBe(200);
      expect((await latestItems(base)).length).toBeGreaterThan(0);
      expect(server.out()).toMatch(/demo site "demo" created; admin key \S+/);

      process.kill(-server.child.pid!, 'SIGINT');
      expect(await server.exited).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
      expect(isRunning(java!)).toBe(false);
      expect(javaPids(env.NEWSPULSE_PID_DIR)).toEqual([]);
    } finally {
      if (server.child.exitCode === null) process.kill(-server.child.pid!, 'SIGKILL');
    }
  });

  it('keeps its data on disk across restarts and stops Java on SIGTERM to the server alone', async () => {
    const env = await settings();
    const server = startServer(env);
    try {
      await untilReady(server);
      // Same data folder as the first test: the demo site and its catalog are already there.
      expect(server.out()).not.toContain('created; admin key');
      const base = `http://127.0.0.1:${env.PORT}`;
      expect((await latestItems(base)).length).toBeGreaterThan(0);
      // Another port than the first run: the demo pages' beacons from the new origin are still allowed.
      const beacon = await fetch(`${base}/v1/sites/demo/events`, {
        method: 'POST',
        headers: { origin: base, 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36' },
        body: JSON.stringify({ type: 'view', articleId: 'restart-1', sessionId: 'restart-session' }),
      });
      expect(beacon.status).toBe(202);
      expect(await beacon.json()).toMatchObject({ accepted: 1, ignored: 0 });
      const [java] = javaPids(env.NEWSPULSE_PID_DIR);

      process.kill(server.child.pid!, 'SIGTERM');
      expect(await server.exited).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
      expect(isRunning(java!)).toBe(false);
    } finally {
      if (server.child.exitCode === null) process.kill(-server.child.pid!, 'SIGKILL');
    }
  });

  it('says in one line that the port is busy', async () => {
    const env = await settings();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.PORT), '127.0.0.1', resolve));
    try {
      const server = startServer(env);
      expect(await server.exited).toBe(1);
      expect(server.err().trim()).toBe(`newspulse: port ${env.PORT} is busy: stop what uses it or start with PORT=<another port> npm start`);
    } finally {
      blocker.close();
    }
  });

  it('says in one line that java is missing', async () => {
    const env = await settings();
    const server = startServer({ ...env, PATH: join(work, 'empty-path') });
    expect(await server.exited).toBe(1);
    const lines = server.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^newspulse: java was not found on PATH: install a Java development kit/);
  });
});
