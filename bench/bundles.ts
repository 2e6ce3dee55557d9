import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FUNCTION_IDS, functionLogicalId, removeSynthOutputs, resource, synthNewspulse, type FunctionName } from '../tests/infra/support/synth-newspulse.ts';
import type { BenchContext } from './context.ts';
import { summarize } from './latency.ts';
import { bytes, ms, num, type SectionResult } from './report.ts';

/** Loads one module in a fresh process and reports how long the import took inside it and the memory after. */
const DRIVER = `const started = performance.now();
await import(process.argv[2]);
const importMs = performance.now() - started;
process.stdout.write(JSON.stringify({ importMs, rss: process.memoryUsage().rss }));
process.exit(0);
`;

/**
 * The real Lambda bundles, built as `cdk synth` builds them (tests/infra/support/synth-newspulse.ts: the app with
 * bundling on, esbuild, infra/lambda-bundling.ts), then for each: index.mjs size, raw and gzipped, and its cold
 * start as module load: the time a fresh `node` takes to start, import it and exit, minus the same for an empty
 * module, both measured in alternation in this run. Each bundle gets the environment its template gives it.
 */
/** What a deploy-time token resolves to, where any string would not do. */
const TOKEN_STAND_INS: Record<string, string> = {
  RANK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/rank-runs',
  VISITOR_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:NewspulseVisitorSecret-AbCdEf',
};

export async function bundleSizes(ctx: BenchContext): Promise<SectionResult> {
  const runs = ctx.options.quick ? 5 : 10;
  ctx.log('  synthesizing the app with bundling (esbuild, as cdk synth does)');
  const synth = synthNewspulse({ bundle: true });
  const work = mkdtempSync(join(tmpdir(), 'newspulse-bench-load-'));
  try {
    const bundles = (Object.keys(FUNCTION_IDS) as FunctionName[]).map((name) => {
      const fn = resource(synth.template, functionLogicalId(synth.template, name));
      const memoryMb = Number(fn.Properties.MemorySize);
      const env: Record<string, string> = {
        // The table name and the rank queue's URL are tokens until deploy.
        ...Object.fromEntries(Object.entries((fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : TOKEN_STAND_INS[k] ?? 'newspulse'])),
        // What the Lambda runtime sets besides the template's variables.
        AWS_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: `newspulse-${name}`,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
        ...(fn.Properties.LoggingConfig?.ApplicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: String(fn.Properties.LoggingConfig.ApplicationLogLevel) } : {}),
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', // Node 20 here; Lambda runs 24
      };
      return { name: name as string, path: join(synth.outdir, fn.Metadata?.['aws:asset:path'] as string, 'index.mjs'), env, memoryMb };
    });
    ctx.measurements.memoryMb = Object.fromEntries(bundles.map((b) => [b.name, b.memoryMb]));

    const driver = join(work, 'import-once.mjs');
    const empty = { name: 'empty module', path: join(work, 'empty.mjs'), env: bundles[0]!.env, memoryMb: 0 };
    writeFileSync(driver, DRIVER);
    writeFileSync(empty.path, '');
    // From a temp folder with no node_modules (a bundle must be self-contained) and only the function's environment.
    const load = (target: typeof empty) => {
      const started = performance.now();
      const result = spawnSync(process.execPath, [driver, pathToFileURL(target.path).href], { cwd: work, env: { PATH: process.env.PATH ?? '', ...target.env }, encoding: 'utf8' });
      const wallMs = performance.now() - started;
      if (result.status !== 0) throw new Error(`loading ${target.path} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
      return { wallMs, ...(JSON.parse(result.stdout) as { importMs: number; rss: number }) };
    };

    const targets = [empty, ...bundles];
    const loads = new Map(targets.map((t) => [t.name, [] as ReturnType<typeof load>[]]));
    // Round 0 warms the file cache and is dropped; the order rotates so no bundle always follows the same one.
    for (let round = 0; round <= runs; round++) {
      for (let k = 0; k < targets.length; k++) {
        const target = targets[(round + k) % targets.length]!;
        const result = load(target);
        if (round > 0) loads.get(target.name)!.push(result);
      }
    }
    const median = (name: string, pick: (l: ReturnType<typeof load>) => number) => summarize(loads.get(name)!.map(pick)).p50;
    const baseline = median(empty.name, (l) => l.wallMs);
    const mib = (name: string) => num(median(name, (l) => l.rss) / 1024 / 1024, 0);
    return {
      tables: [
        {
          caption: `**Lambda bundles** (index.mjs as deployed; cold start = median of ${runs} fresh \`node\` processes importing it, minus the median for an empty module, ${ms(baseline)} ms on this machine)`,
          header: ['function', 'memory, MB', 'index.mjs', 'gzipped', 'source map', 'cold start (module load), ms', 'import inside the process, ms', 'RSS after load, MiB'],
          rows: [
            ...bundles.map((b) => {
              const code = readFileSync(b.path);
              const coldStart = ms(median(b.name, (l) => l.wallMs) - baseline);
              return [b.name, String(b.memoryMb), bytes(code.length), bytes(gzipSync(code).length), bytes(statSync(`${b.path}.map`).size), coldStart, ms(median(b.name, (l) => l.importMs)), mib(b.name)];
            }),
            ['(empty module)', '', '', '', '', '0 (baseline)', ms(median(empty.name, (l) => l.importMs)), mib(empty.name)],
          ],
        },
      ],
      notes: [
        'Built with `synthNewspulse({ bundle: true })`, the same synth tests/infra/bundles.test.ts runs: esbuild, ESM, ' +
          'minified, the AWS SDK bundled, source maps without sources. The deployment zip holds index.mjs and its map.',
        "Each load runs with the function's environment from the template (NODE_OPTIONS=--enable-source-maps, log " +
          'level, table name) plus what Lambda sets, from a temp folder with no node_modules: the bundle must be ' +
          'self-contained. Module scope builds the DynamoDB client, the Hono app and Powertools; nothing connects yet.',
        'This is the part of a Lambda cold start that the code controls. Lambda adds its own: fetching the zip, ' +
          'starting the Node 24 runtime (the empty-module baseline here, roughly), and it runs on arm64 with a CPU share ' +
          'that grows with memory, so at 256 MB expect a multiple of these figures. The first request then also opens ' +
          'the TLS connection to DynamoDB.',
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    removeSynthOutputs();
  }
}
