import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { articleSchema, type Article } from '../../shared/catalog/article.ts';
import { readCatalog, upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { forEachLimited } from '../../shared/concurrency.ts';
import { evaluateHistory, type EvaluateReport } from '../../shared/evaluate/evaluate-history.ts';
import type { ReplayView } from '../../shared/evaluate/replay-views.ts';
import type { Score } from '../../shared/evaluate/scores.ts';
import { siteIdSchema } from '../../shared/ids.ts';
import { importEvents } from '../../shared/import/import-events.ts';
import { importedEvent } from '../../shared/import/import-line.ts';
import { zodLine } from '../../shared/import/ndjson-import.ts';
import { addSite, getSite, updateSite } from '../../shared/sites/site-store.ts';
import { HOUR_MS, MINUTE_MS } from '../../shared/time.ts';
import { openDb, openScratchDb, refuseAws, withStoreOptions, type StoreOptions } from '../cli-db.ts';
import { parseSetting } from '../setting-arg.ts';

interface EvaluateCliOptions extends StoreOptions {
  site: string;
  every: string;
  from?: string;
  to?: string;
  k: string;
  set?: Record<string, unknown>;
  catalog?: string;
  json?: boolean;
}

/**
 * `newspulse evaluate --site S history.ndjson`: how good the lists would have been on a publisher's own
 * history, against simple baselines. Thin: the work is shared/evaluate/evaluate-history.ts.
 */
export function evaluateCommand(): Command {
  return withStoreOptions(
    new Command('evaluate')
      .description(
        'replay a history (the import format) through the real counting and rank code in a scratch table, and score what the lists would have shown ' +
          'against what readers did next: related stories against each session\'s next article, Popular Now against the next hour\'s reads (hit rate at k, MRR), ' +
          'beside baselines (most read in the last 24 h; co-visitation). The site\'s own data is never touched.',
      )
      .requiredOption('--site <site>', 'the site whose settings and catalog to use')
      .argument('<events>', 'NDJSON history, one event per line as `newspulse import` takes it')
      .option('--every <duration>', 'the rank cadence to replay: 15m, 1h, 1d', '1h')
      .option('--from <time>', 'first step (ISO time; default: a day after the first view)')
      .option('--to <time>', 'no step at or after this (ISO time; default: the last view)')
      .option('--k <n>', 'items a reader is taken to see of each list', '10')
      .option('--set <path=value>', 'a ranking setting for this evaluation, e.g. related.coReadWeight=0.8 (repeatable)', parseSetting)
      .option('--catalog <file>', 'the articles as NDJSON (`articles import` format) instead of the site\'s catalog')
      .option('--json', 'print the report as one JSON object'),
  ).action(async (file: string, options: EvaluateCliOptions) => {
    refuseAws(options, 'evaluate');
    const siteId = siteIdSchema.parse(options.site);
    const everyMs = parseDuration(options.every);
    const k = Number(options.k);
    if (!Number.isInteger(k) || k < 1 || k > 50) throw new Error(`--k must be a whole number from 1 to 50, got ${options.k}`);
    const lines = (await readText(file)).split('\n');
    const views = humanViews(lines);
    if (views.length === 0) throw new Error(`${file} holds no human views to evaluate on`);
    const from = options.from === undefined ? Math.ceil((views[0]!.ts + 24 * HOUR_MS) / HOUR_MS) * HOUR_MS : isoTime('--from', options.from);
    const to = options.to === undefined ? views.at(-1)!.ts + 1 : isoTime('--to', options.to);
    if (!(from < to)) throw new Error(`nothing to evaluate: --from ${new Date(from).toISOString()} is not before --to ${new Date(to).toISOString()} (the history needs a day before the first step)`);

    const main = await openDb(options);
    const site = await getSite(main, siteId);
    if (!site) throw new Error(`no site "${siteId}": add it with "newspulse sites add"`);
    const catalog = options.catalog === undefined ? (await readCatalog(main, siteId)).articles : catalogFile(await readText(options.catalog), options.catalog);
    if (catalog.length === 0) throw new Error(`no articles to evaluate with: the catalog of "${siteId}" is empty (give --catalog)`);

    const scratch = await openScratchDb(options, 'evaluate');
    try {
      await addSite(scratch.db, { site: siteId, origins: site.origins }, new Date(from - 30 * 24 * HOUR_MS));
      await updateSite(scratch.db, siteId, { settings: site.settings });
      await forEachLimited(catalog, 8, async (article) => void (await upsertArticle(scratch.db, siteId, article, 'admin', new Date())));
      const bar = progressBar();
      bar?.start(lines.length, 0, { what: 'importing' });
      await importEvents(scratch.db, (await getSite(scratch.db, siteId))!, toAsync(lines), new Date(), (done) => bar?.update(done));
      bar?.stop();
      const replayed = (await getSite(scratch.db, siteId))!;
      bar?.start(Math.ceil((to - from) / everyMs), 0, { what: 'ranking' });
      const report = await evaluateHistory(scratch.db, replayed, views, { from, to, everyMs, k, settings: options.set }, (done) => bar?.update(done));
      bar?.stop();
      if (options.json) console.log(JSON.stringify({ site: siteId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), everyMs, k, ...report }));
      else for (const line of table(report, k)) console.log(line);
    } finally {
      await scratch.drop();
    }
  });
}

function parseDuration(value: string): number {
  const match = /^(\d+)(m|h|d)$/.exec(value);
  const ms = match ? Number(match[1]) * { m: MINUTE_MS, h: HOUR_MS, d: 24 * HOUR_MS }[match[2] as 'm' | 'h' | 'd'] : NaN;
  if (!(ms >= 5 * MINUTE_MS && ms <= 7 * 24 * HOUR_MS)) throw new Error(`--every wants a duration from 5m to 7d such as 15m or 1h, got "${value}"`);
  return ms;
}

function isoTime(option: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${option} is not an ISO time: ${value}`);
  return ms;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** The history's human views in time order, read as `import` reads them (importedEvent); refused lines are left out. */
function humanViews(lines: string[]): ReplayView[] {
  const views: ReplayView[] = [];
  for (const line of lines) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const verdict = importedEvent(json);
    if ('reason' in verdict || verdict.value.isBot || verdict.value.event.type !== 'view') continue;
    const { sessionId, articleId, ts } = verdict.value.event;
    views.push({ sessionId, articleId, ts });
  }
  return views.sort((a, b) => a.ts - b.ts);
}

/** The `--catalog` file, every line checked as `articles import` checks it (zodLine(articleSchema)), before anything is written. */
function catalogFile(text: string, path: string): Article[] {
  const asArticle = zodLine(articleSchema);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${path} line ${i + 1}: not an article (not valid JSON)`);
      }
      const verdict = asArticle(json);
      if ('reason' in verdict) throw new Error(`${path} line ${i + 1}: not an article (${verdict.reason})`);
      return verdict.value;
    });
}

async function* toAsync(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

function progressBar(): SingleBar | undefined {
  return process.stderr.isTTY ? new SingleBar({ format: '{what} [{bar}] {percentage}% | {value}/{total}', stream: process.stderr }, Presets.shades_classic) : undefined;
}

function table(report: EvaluateReport, k: number): string[] {
  const row = (name: string, score: Score) => `${name.padEnd(26)}${score.hitRate.toFixed(3).padStart(9)}${score.mrr.toFixed(3).padStart(9)}${String(score.requests).padStart(10)}`;
  return [
    `${report.steps} steps, ${report.views} human views`,
    `${''.padEnd(26)}${`hit@${k}`.padStart(9)}${`MRR@${k}`.padStart(9)}${'requests'.padStart(10)}`,
    row('related: newspulse', report.related.newspulse),
    row('related: co-visitation', report.related.coVisitation),
    row('related: most read', report.related.mostRead),
    row('popular now: newspulse', report.popularNow.newspulse),
    row('popular now: most read', report.popularNow.mostRead),
  ];
}
