import { vi } from 'vitest';
import { main } from '../../cli/main.ts';
import type { TestTable } from './test-table.ts';

/** Runs the CLI against the test table and captures what it prints. */
export async function runCli(table: TestTable, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = await main(['node', 'newspulse', ...args, ...(args.includes('--help') ? [] : ['--endpoint', table.endpoint, '--table', table.tableName])]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
    writeErr.mockRestore();
  }
}

