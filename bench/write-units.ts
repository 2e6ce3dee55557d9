import { recordEvents, type Outcome, type TimedEvent } from '../shared/ingest/record-events.ts';
import { rankSite, type RankReport } from '../shared/rank/rank-site.ts';
import { getSite } from '../shared/sites/site-store.ts';
import { BENCH_SITE, ingestBySession } from './bench-site.ts';
import type { BenchContext } from './context.ts';
import { int, num, type SectionResult } from './report.ts';

/** The budgets (docs/data-model.md; issue 15: at most 1 write unit per counted view on the request path). */
const BUDGET = { counted: 1, repeat: 1, bot: 0 };

/**
 * Write units from the counting code's own reporting (recordEvents sums ReturnConsumedCapacity of its writes),
 * per kind of event; the same over the day of realistic traffic the site was built from; and read and write
 * units of rank runs (rankSite's report): the first, after new views, and with none.
 */
export async function writeUnits(ctx: BenchContext): Promise<SectionResult> {
  const { db, load, sizes, pages, firstRank } = await ctx.fixture();
  const n = ctx.options.quick ? 50 : 200;
  const run = Date.now().toString(36);
  const t0 = Date.now();
  const view = (i: number, ts = t0, sessionId = `wu-${run}-${i}`): TimedEvent => ({ type: 'view', articleId: pages[i % pages.length]!.articleId, sessionId, ts });
  const engage = (i: number, seconds: number, scrollDepth: number): TimedEvent => ({ type: 'engage', articleId: view(i).articleId, sessionId: view(i).sessionId, seconds, scrollDepth, ts: t0 + 90_000 });

  /** n events of one kind, one request each; every one must have the same outcome. */
  const measure = async (label: string, budget: number | undefined, event: (i: number) => TimedEvent, isBot = false) => {
    const units: number[] = [];
    const outcomes = new Set<Outcome>();
    for (let i = 0; i < n; i++) {
      const result = await recordEvents(db, BENCH_SITE, [event(i)], { isBot });
      outcomes.add(result.outcomes[0]!);
      units.push(result.writeUnits);
    }
    if (outcomes.size !== 1) throw new Error(`${label}: outcomes ${[...outcomes].join(', ')}`);
    const mean = units.reduce((a, b) => a + b, 0) / n;
    return { label, outcome: [...outcomes][0]!, budget, units, mean, within: budget === undefined || units.every((u) => u <= budget) };
  };
  const counted = await measure('view, first in the session', BUDGET.counted, (i) => view(i));
  const repeat = await measure('same view again a minute later', BUDGET.repeat, (i) => view(i, t0 + 60_000));
  const bot = await measure('view by a bot (user agent)', BUDGET.bot, (i) => view(i, t0, `wub-${run}-${i}`), true);
  const engaged = await measure('engagement flush (running totals)', undefined, (i) => engage(i, 40, 0.8));
  const stale = await measure('older engagement flush (fewer seconds)', undefined, (i) => engage(i, 10, 0.2));
  const longest = await measure('view with the longest ids (128-char article, 64-char session)', BUDGET.counted, (i) => ({
    type: 'view',
    articleId: `a${'x'.repeat(120)}${String(i).padStart(7, '0')}`,
    sessionId: `${run}${'s'.repeat(64 - run.length - 6)}${String(i).padStart(6, '0')}`,
    ts: t0,
  }));
  ctx.measurements.writeUnits = { counted: counted.mean, repeat: repeat.mean, bot: bot.mean, engage: engaged.mean };

  ctx.log('  rank runs: after 100 new views, then with none');
  const site = (await getSite(db, BENCH_SITE))!;
  await ingestBySession(db, Array.from({ length: 100 }, (_, i) => ({ event: view(i, Date.now(), `wr-${run}-${i}`), isBot: false })));
  const afterViews = await rankSite(db, site, Date.now());
  const quiet = await rankSite(db, site, Date.now());
  const runs: [string, RankReport][] = [
    ['first run (a day of history: rollups and every list written)', firstRank],
    ['next run, after 100 new views', afterViews],
    ['next run, no new view', quiet],
  ];
  ctx.measurements.rankRuns = runs.slice(1).map(([label, r]) => ({ label, readUnits: r.readUnits, writeUnits: r.writeUnits, durationMs: r.durationMs }));

  const o = load.byOutcome;
  return {
    tables: [
      {
        caption: `**Write units per event** (${n} events of each kind through recordEvents, the code live ingest and \`import\` share; units as DynamoDB reported them)`,
        header: ['event', 'outcome', 'write units, mean', 'min - max', 'budget'],
        align: ['left', 'left', 'right', 'right', 'right'],
        rows: [counted, repeat, bot, engaged, stale, longest].map((k) => [
          k.label,
          k.outcome,
          num(k.mean, 2),
          `${num(Math.min(...k.units), 1)} - ${num(Math.max(...k.units), 1)}`,
          k.budget === undefined ? '' : String(k.budget),
        ]),
      },
      {
        caption: `**A day of realistic traffic** (sim/: ${int(sizes.articles)} articles, ${int(sizes.sessions)} sessions, 3% crawlers, 2% reloaders, half the views followed by an engagement flush)`,
        header: ['events', 'counted views', 'ignored repeats', 'bots', 'engagement recorded', 'stale flushes', 'write units', 'per event', 'per counted view'],
        rows: [[int(load.events), int(o.counted), int(o.repeat), int(o.bot), int(o.recorded), int(o.stale), int(load.writeUnits), num(load.writeUnits / load.events, 2), num(load.writeUnits / o.counted, 2)]],
      },
      {
        caption: "**Rank runs of this site** (rankSite's own report: units DynamoDB returned for every read and write of the run)",
        header: ['run', 'read units', 'write units', 'lists written', 'related items written', 'duration, s'],
        rows: runs.map(([label, r]) => [label, num(r.readUnits, 1), num(r.writeUnits, 1), int(r.listsWritten), int(r.relatedWritten), num(r.durationMs / 1000, 2)]),
      },
    ],
    notes: [
      'Bots cost nothing: ingest recognises them by user agent (`isbot`) and writes nothing. A counted view is one ' +
        'write, the conditional PutItem of its trail item; a repeat is the same write, refused (DynamoDB bills a ' +
        'refused conditional write like one that succeeds; ingest counts it as 1 unit, since the refusal reports none).',
      '"per counted view" in the traffic table divides every write (engagement included) by counted views, so it is ' +
        'what the site pays per view it shows in its counts.',
      'An older engagement flush (fewer seconds than stored) fails its condition and the code reports 0 units for ' +
        'it, but DynamoDB bills a failed conditional write too (1 write unit for an item up to 1 KB): the counting ' +
        "code's own meter under-reports those. They are rare (a late duplicate flush).",
      'Read units per rank run depend on the site: the catalog is read whole (about 0.05 RU per article), plus the ' +
        'rollups of the closed hours and the raw trails of the current and previous hour. The rank section measures ' +
        'time and memory at larger sizes.',
    ],
    goals: [
      { goal: `counted view at most ${BUDGET.counted} write units`, met: counted.within && longest.within, detail: `${num(counted.mean, 2)} (longest ids ${num(longest.mean, 2)})` },
      { goal: `ignored repeat at most ${BUDGET.repeat} write unit`, met: repeat.within, detail: num(repeat.mean, 2) },
      { goal: 'bot: no write', met: bot.within, detail: num(bot.mean, 2) },
      { goal: `a rank run after 100 new views of a ${int(sizes.articles)}-article site: at most 300 write units`, met: afterViews.writeUnits <= 300, detail: `${int(afterViews.writeUnits)} write units (a day of history here; the rank section's 100k size has a week)` },
    ],
  };
}
