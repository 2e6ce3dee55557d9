import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliChild {
  child: ChildProcess;
  /** Resolves when the process is gone: its exit code or the signal that ended it, and what it printed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/**
 * `npx newspulse <args>` as a real child process (bin/newspulse.js through tsx), for tests that must kill it
 * (run-cli.ts runs the CLI inside the test process, which cannot be SIGKILLed without killing the test).
 */
export function spawnCli(args: string[]): CliChild {
  const child = spawn(process.execPath, [join(ROOT, 'bin/newspulse.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}
