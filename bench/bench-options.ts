import { parseArgs } from 'node:util';

/** `npm run bench -- [--quick] [--only a,b] [--rank-sizes n,...]`: parsed once, here. */

export const SECTION_IDS = ['beacon', 'units', 'widgets', 'throughput', 'bundles', 'rank', 'cdn', 'cost'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface BenchOptions {
  quick: boolean;
  only: SectionId[] | undefined;
  /** Views per rank-scale run. */
  rankSizes: number[];
  help: boolean;
}

/**
 * The full run ranks the sites the cost section prices (100k, 1M and 10M page views a week). The 5M and 20M
 * sites of issue 13 (about 80 minutes more): `--rank-sizes 100000,1000000,5000000,20000000`.
 */
const RANK_SIZES = { full: [100_000, 1_000_000, 10_000_000], quick: [100_000] };

export const HELP = `npm run bench -- [options]

Measures newspulse against its own DynamoDB Local (started in memory on a free port, stopped at the end)
and writes the report (tables, goals, the commands) to docs/benchmarks.md; a --quick or --only run writes
it to the temp folder instead, so it never overwrites the full report.

Sections (run in this order):
  beacon      POST /events latency vs one raw UpdateItem (interleaved), p50/p99 and ratios
  units       write units per counted view, ignored repeat, bot, engagement; units per rank run
  widgets     GET /widgets latency vs one raw BatchGetItem of the same keys (interleaved)
  throughput  requests per second (autocannon, concurrency 10 and 50): /widgets, a list, beacons
  bundles     each Lambda bundle's size (raw, gzip) and cold start (module load in a fresh node)
  rank        rank job time, peak memory and cost at 100k, 1M and 10M views a week (bench/rank-scale.ts)
  cdn         /widgets CDN hit ratio: a simulated day of page views replayed against the cache rules
  cost        cost per million page views, all-in (rank job and CDN at the measured hit ratio), 100k/1M/10M a week

Options:
  --quick              fewer samples, shorter load runs, rank at 100k views only (for development)
  --only <a,b,...>     run only these sections (cost uses whatever the others measured)
  --rank-sizes <n,...> views per rank-scale run (default ${RANK_SIZES.full.join(',')})
  --help               this text
`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean' }, only: { type: 'string' }, 'rank-sizes': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
  const only = values.only === undefined ? undefined : list(values.only);
  const unknown = only?.filter((id) => !(SECTION_IDS as readonly string[]).includes(id)) ?? [];
  if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')}; sections are ${SECTION_IDS.join(', ')}`);
  const quick = values.quick ?? false;
  const rankSizes = values['rank-sizes'] === undefined ? RANK_SIZES[quick ? 'quick' : 'full'] : list(values['rank-sizes']).map((s) => Number(s.replaceAll('_', '')));
  if (rankSizes.length === 0 || rankSizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new Error('--rank-sizes: positive integers, comma-separated');
  return { quick, only: only as SectionId[] | undefined, rankSizes, help: values.help ?? false };
}

/** The command that reproduces this run, or (with `only`) just one of its sections, as a reader would type it. */
export function commandOf(options: BenchOptions, only?: SectionId): string {
  const args: string[] = [];
  if (options.quick) args.push('--quick');
  if (only) args.push('--only', only);
  else if (options.only) args.push('--only', options.only.join(','));
  const sizes = options.rankSizes.join(',');
  if (sizes !== RANK_SIZES[options.quick ? 'quick' : 'full'].join(',') && (!only || only === 'rank')) args.push('--rank-sizes', sizes);
  return args.length ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
}
