import type { BenchContext } from './context.ts';
import { measureSizes, pinStoreOffMeasuredCore, type SizeResult } from './rank-scale.ts';
import { int, num, type Goal, type SectionResult } from './report.ts';
import { median } from './stats.ts';

/** The goals for a site of a million views a week. */
const GOAL = { views: 1_000_000, seconds: 10, memoryMiB: 1024, growth: 1.25 };

/**
 * Rank job time and peak memory at 100k, 1M and 5M views (bench/rank-scale.ts measures; this section reports):
 * the first run of each size and the median of the scheduled runs after it, growth against the smallest size,
 * and the goals at 1M views.
 */
export async function rankScale(ctx: BenchContext): Promise<SectionResult> {
  const dynamo = await ctx.dynamo();
  // As in `npx tsx bench/rank-scale.ts`: the store stands in for a remote service, off the measured core.
  pinStoreOffMeasuredCore(dynamo.pid);
  const results = await measureSizes({ endpoint: dynamo.endpoint, sizes: ctx.options.rankSizes, log: (line) => ctx.progress.line(`  ${line}`) });
  const steady = (r: SizeResult, f: (run: SizeResult['steady'][number]) => number) => median(r.steady.map(f));
  const base = results[0];
  return {
    tables: [
      {
        caption:
          '**The rank job at scale** (bench/rank-scale.ts: a synthetic site of 7 days loaded into this run\'s DynamoDB Local; ' +
          'then its first run, and scheduled runs 5, 10 and 15 minutes later, each after that time\'s new readers; every run a child process on one core)',
        header: ['views', 'articles', 'sessions', 'run', 'wall, s', 'cpu, s', 'ranking core cpu, s', 'peak RSS, MiB', 'read units', 'write units', 'related written', 'stats written'],
        rows: results.flatMap((r) => [
          [int(r.views), int(r.articles), int(r.sessions), 'first', num(r.rankSeconds, 1), num(r.firstCpuSeconds, 1), num(r.coreSeconds, 1), int(r.peakRssMiB), int(r.readUnits), int(r.writeUnits), int(r.first.relatedWritten), int(r.first.statsWritten)],
          [
            '',
            '',
            '',
            `scheduled (median of ${r.steady.length})`,
            num(steady(r, (x) => x.rankSeconds), 1),
            num(steady(r, (x) => x.cpuSeconds), 1),
            '',
            int(steady(r, (x) => x.peakRssMiB)),
            int(steady(r, (x) => x.report.readUnits)),
            int(steady(r, (x) => x.report.writeUnits)),
            int(steady(r, (x) => x.report.relatedWritten)),
            int(steady(r, (x) => x.report.statsWritten)),
          ],
        ]),
      },
      ...(base && results.length > 1
        ? [
            {
              caption: `**Growth** against ${int(base.views)} views (each time ratio, then that ratio divided by the size ratio: 1.00 is linear)`,
              header: ['views', 'size', 'ranking core cpu', 'first run, wall', 'scheduled run, wall', 'scheduled run, cpu'],
              rows: results.slice(1).map((r) => {
                const size = r.views / base.views;
                const grow = (a: number, b: number) => `x${num(a / b, 1)} (${num(a / b / size, 2)})`;
                return [
                  int(r.views),
                  `x${num(size, 1)}`,
                  grow(r.coreSeconds, base.coreSeconds),
                  grow(r.rankSeconds, base.rankSeconds),
                  grow(steady(r, (x) => x.rankSeconds), steady(base, (x) => x.rankSeconds)),
                  grow(steady(r, (x) => x.cpuSeconds), steady(base, (x) => x.cpuSeconds)),
                ];
              }),
            },
          ]
        : []),
    ],
    notes: [
      '"wall" is one rankSite call as the rank function makes it (reading the catalog, rollups and trails, ranking, ' +
        'writing lists, related stories and stats), "cpu" that process\'s CPU time, "ranking core" the pure ranking ' +
        '(rankWindow) on the same input without DynamoDB. A first run writes every related item and stats item; a ' +
        'scheduled run only those whose content changed. Definitions and the data set: bench/rank-scale.ts.',
      'DynamoDB Local runs on the second core and takes longer per write than DynamoDB does; with a big table it ' +
        'slows down, which is most of the wall time beyond the cpu column at 5M views.',
      'The rank function has 1,024 MB and 3 minutes on AWS (infra/stacks/api-stack.ts).',
    ],
    goals: goals(results, base),
  };
}

function goals(results: SizeResult[], base: SizeResult | undefined): Goal[] {
  // The size the goals speak of: the one nearest a million views.
  const at = [...results].sort((a, b) => Math.abs(a.views - GOAL.views) - Math.abs(b.views - GOAL.views))[0];
  if (!at || Math.abs(at.views - GOAL.views) > GOAL.views / 2) return [];
  const scheduled = median(at.steady.map((x) => x.rankSeconds));
  const peak = Math.max(at.peakRssMiB, ...at.steady.map((x) => x.peakRssMiB));
  const out: Goal[] = [
    { goal: `${int(GOAL.views)} views: a scheduled rank run within ${GOAL.seconds} s on one core`, met: scheduled <= GOAL.seconds, detail: `${num(scheduled, 1)} s (median of ${at.steady.length})` },
    { goal: `${int(GOAL.views)} views: the first rank run within ${GOAL.seconds} s on one core`, met: at.rankSeconds <= GOAL.seconds, detail: `${num(at.rankSeconds, 1)} s (writes every related and stats item)` },
    { goal: `${int(GOAL.views)} views: peak memory under 1 GiB`, met: peak < GOAL.memoryMiB, detail: `${int(peak)} MiB` },
  ];
  const largest = results[results.length - 1];
  if (base && largest && largest !== base) {
    const growth = largest.coreSeconds / base.coreSeconds / (largest.views / base.views);
    out.push({
      goal: `ranking time grows close to linearly with views (core cpu per view at most ${GOAL.growth}x from ${int(base.views)} to ${int(largest.views)})`,
      met: growth <= GOAL.growth,
      detail: `${num(growth, 2)}x`,
    });
  }
  return out;
}
