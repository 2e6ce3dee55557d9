/** `npm run bench -- [--quick] [--only a,b] [--out file]`: parsed once, here. */

export const SECTION_IDS = ['beacon', 'units', 'widgets', 'throughput', 'bundles', 'rank', 'cost'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface BenchOptions {
  quick: boolean;
  only: SectionId[] | undefined;
  /** Where the Markdown report goes; undefined means the default for this kind of run (see defaultOut). */
  out: string | undefined;
  /** Views per rank-scale run. */
  rankSizes: number[];
  help: boolean;
}

export const FULL_RANK_SIZES = [100_000, 1_000_000, 5_000_000];
export const QUICK_RANK_SIZES = [100_000];

export const HELP = `npm run bench -- [options]

Measures newspulse against its own DynamoDB Local (started in memory on a free port, stopped at the end)
and writes the report (tables, goals, the commands) to docs/benchmarks.md.

Sections (run in this order):
  beacon      POST /events latency vs one raw UpdateItem (interleaved), p50/p99 and ratios
  units       write units per counted view, ignored repeat, bot, engagement; units per rank run
  widgets     GET /widgets latency vs one raw BatchGetItem of the same keys (interleaved)
  throughput  requests per second (autocannon, concurrency 10 and 50): /widgets, a list, beacons
  bundles     each Lambda bundle's size (raw, gzip) and cold start (module load in a fresh node)
  rank        rank job time and peak memory at 100k, 1M and 5M views (bench/rank-scale.ts)
  cost        cost per million page views at AWS list prices, from the measured units and durations

Options:
  --quick              fewer samples, shorter load runs, rank at 100k views only (for development)
  --only <a,b,...>     run only these sections (cost uses whatever the others measured)
  --rank-sizes <n,...> views per rank-scale run (default ${FULL_RANK_SIZES.join(',')})
  --out <file>         where to write the report (default: docs/benchmarks.md for a full run; a file in
                       the temp folder for --quick or --only runs, so they never overwrite the full report)
  --help               this text
`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { quick: false, only: undefined, out: undefined, rankSizes: FULL_RANK_SIZES, help: false };
  let rankSizesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--only': {
        const ids = value().split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = ids.filter((id) => !(SECTION_IDS as readonly string[]).includes(id));
        if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')}; sections are ${SECTION_IDS.join(', ')}`);
        options.only = ids as SectionId[];
        break;
      }
      case '--rank-sizes': {
        const sizes = value().split(',').map((s) => Number(s.replaceAll('_', '').trim()));
        if (sizes.length === 0 || sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new Error('--rank-sizes: positive integers, comma-separated');
        options.rankSizes = sizes;
        rankSizesGiven = true;
        break;
      }
      case '--out':
        options.out = value();
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}; see npm run bench -- --help`);
    }
  }
  if (options.quick && !rankSizesGiven) options.rankSizes = QUICK_RANK_SIZES;
  return options;
}

export function isFullRun(options: BenchOptions): boolean {
  return !options.quick && options.only === undefined;
}

/** The command that reproduces this run, as a reader would type it. */
export function commandOf(options: BenchOptions, only?: SectionId): string {
  const args: string[] = [];
  if (options.quick) args.push('--quick');
  if (only) args.push('--only', only);
  else if (options.only) args.push('--only', options.only.join(','));
  const defaultSizes = (options.quick ? QUICK_RANK_SIZES : FULL_RANK_SIZES).join(',');
  if (options.rankSizes.join(',') !== defaultSizes && (!only || only === 'rank')) args.push('--rank-sizes', options.rankSizes.join(','));
  return args.length ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
}
