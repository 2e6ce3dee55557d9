import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  FUNCTION_IDS,
  functionLogicalId,
  removeSynthOutputs,
  resource,
  synthNewspulse,
  type FunctionName,
} from '../tests/infra/support/synth-newspulse.ts';
import type { BenchContext } from './context.ts';
import { bytes, ms, num, type SectionResult } from './report.ts';
import { median, nowMs } from './stats.ts';

/** Loads one module in a fresh process and reports how long the import took inside it and the memory after. */
const DRIVER = `const started = performance.now();
await import(process.argv[2]);
const importMs = performance.now() - started;
process.stdout.write(JSON.stringify({ importMs, rss: process.memoryUsage().rss }));
process.exit(0);
`;

interface Load {
  wallMs: number;
  importMs: number;
  rss: number;
}

/**
 * The real Lambda bundles, built as `cdk synth` builds them (tests/infra/support/synth-newspulse.ts: the app with
 * bundling on, esbuild, infra/lambda-bundling.ts), then for each: index.mjs size, raw and gzipped, and its cold
 * start as module load: the time a fresh `node` takes to start, import it and exit, minus the same for an empty
 * module, both measured in alternation in this run. Each bundle gets the environment its template gives it.
 */
export async function bundleSizes(ctx: BenchContext): Promise<SectionResult> {
  const runs = ctx.options.quick ? 5 : 10;
  ctx.progress.line('  synthesizing the app with bundling (esbuild, as cdk synth does)');
  const synth = synthNewspulse({ bundle: true });
  const work = mkdtempSync(join(tmpdir(), 'newspulse-bench-load-'));
  try {
    const names = Object.keys(FUNCTION_IDS) as FunctionName[];
    const bundles = names.map((name) => {
      const fn = resource(synth.template, functionLogicalId(synth.template, name));
      const path = join(synth.outdir, fn.Metadata?.['aws:asset:path'] as string, 'index.mjs');
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries((fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>)) {
        env[key] = typeof value === 'string' ? value : 'newspulse'; // the table name is a token until deploy
      }
      const memoryMb = Number(fn.Properties.MemorySize);
      return { name, path, env: lambdaEnv(name, memoryMb, env, fn.Properties.LoggingConfig?.ApplicationLogLevel as string | undefined), memoryMb };
    });
    ctx.measurements.memoryMb = Object.fromEntries(bundles.map((b) => [b.name, b.memoryMb]));

    const driver = join(work, 'import-once.mjs');
    const empty = join(work, 'empty.mjs');
    writeFileSync(driver, DRIVER);
    writeFileSync(empty, '');
    const load = (modulePath: string, env: Record<string, string>): Load => {
      const started = nowMs();
      const result = spawnSync(process.execPath, [driver, pathToFileURL(modulePath).href], { cwd: work, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
      const wallMs = nowMs() - started;
      if (result.status !== 0) throw new Error(`loading ${modulePath} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
      const out = JSON.parse(result.stdout) as { importMs: number; rss: number };
      return { wallMs, importMs: out.importMs, rss: out.rss };
    };

    const targets = [{ name: 'empty module', path: empty, env: bundles[0]!.env }, ...bundles];
    const loads = new Map<string, Load[]>(targets.map((t) => [t.name, []]));
    const counter = ctx.progress.counter('cold starts', (runs + 1) * targets.length);
    for (let round = 0; round <= runs; round++) {
      // Round 0 warms the file cache and is dropped; the order rotates so no bundle always follows the same one.
      for (let k = 0; k < targets.length; k++) {
        const target = targets[(round + k) % targets.length]!;
        const result = load(target.path, target.env);
        if (round > 0) loads.get(target.name)!.push(result);
        counter.tick();
      }
    }
    counter.done();

    const baseline = median(loads.get('empty module')!.map((l) => l.wallMs));
    const rows = bundles.map((b) => {
      const code = readFileSync(b.path);
      const map = statSync(`${b.path}.map`).size;
      const l = loads.get(b.name)!;
      const wall = median(l.map((x) => x.wallMs));
      return [
        b.name,
        String(b.memoryMb),
        bytes(code.length),
        bytes(gzipSync(code).length),
        bytes(map),
        ms(wall - baseline),
        ms(median(l.map((x) => x.importMs))),
        num(median(l.map((x) => x.rss)) / 1024 / 1024, 0),
      ];
    });
    const emptyRss = median(loads.get('empty module')!.map((x) => x.rss)) / 1024 / 1024;
    return {
      tables: [
        {
          caption: `**Lambda bundles** (index.mjs as deployed; cold start = median of ${runs} fresh \`node\` processes importing it, minus the median for an empty module, ${ms(baseline)} ms on this machine)`,
          header: ['function', 'memory, MB', 'index.mjs', 'gzipped', 'source map', 'cold start (module load), ms', 'import inside the process, ms', 'RSS after load, MiB'],
          rows: [...rows, ['(empty module)', '', '', '', '', '0 (baseline)', ms(median(loads.get('empty module')!.map((x) => x.importMs))), num(emptyRss, 0)]],
        },
      ],
      notes: [
        'Built with `synthNewspulse({ bundle: true })`, the same synth tests/infra/bundles.test.ts runs: esbuild, ESM, ' +
          'minified, the AWS SDK bundled, source maps without sources. The deployment zip holds index.mjs and its map.',
        `Each load runs with the function's environment from the template (NODE_OPTIONS=--enable-source-maps, log ` +
          'level, table name) plus what Lambda sets, from a temp folder with no node_modules: the bundle must be ' +
          'self-contained. Module scope builds the DynamoDB client, the Hono app and Powertools; nothing connects yet.',
        'This is the part of a Lambda cold start that the code controls. Lambda adds its own: fetching the zip, ' +
          'starting the Node 24 runtime (the empty-module baseline here, roughly), and it runs on arm64 with a CPU share ' +
          'that grows with memory, so at 256 MB expect a multiple of these figures. The first request then also opens ' +
          'the TLS connection to DynamoDB.',
      ],
      goals: [],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    removeSynthOutputs();
  }
}

/** What the Lambda runtime sets besides the template's variables. */
function lambdaEnv(name: string, memoryMb: number, env: Record<string, string>, logLevel: string | undefined): Record<string, string> {
  return {
    ...env,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: `newspulse-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    ...(logLevel ? { AWS_LAMBDA_LOG_LEVEL: logLevel } : {}),
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', // Node 20 here; Lambda runs 24
  };
}
