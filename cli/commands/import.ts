import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { importEvents } from '../../shared/import/import-events.ts';
import { siteIdSchema } from '../../shared/ids.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';

/** `newspulse import --site S events.ndjson`: historical events, counted by the live rules. */
export function importCommand(): Command {
  return withStoreOptions(
    new Command('import')
      .description('import historical events (NDJSON: ingest events plus "ts", optional "userAgent"), counted like live ones')
      .requiredOption('--site <site>', 'site the events belong to')
      .argument('<file>', 'NDJSON file, one event per line'),
  ).action(async (file: string, options: StoreOptions & { site: string }) => {
    const size = statSync(file).size;
    const db = await openDb(options);
    const site = await getSite(db, siteIdSchema.parse(options.site));
    if (!site) throw new Error(`no site "${options.site}": add it with "newspulse sites add"`);

    const stream = createReadStream(file, { encoding: 'utf8' });
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing [{bar}] {percentage}% | {events} events', stream: process.stderr }, Presets.shades_classic) : undefined;
    bar?.start(size, 0, { events: 0 });
    let done = 0;
    const summary = await importEvents(db, site, createInterface({ input: stream, crlfDelay: Infinity }), new Date(), (n) => {
      done = n;
      bar?.update(stream.bytesRead, { events: done });
    });
    bar?.update(size, { events: done });
    bar?.stop();
    console.log(`imported ${summary.lines} lines: ${summary.accepted} accepted, ${summary.ignored} ignored (repeats, bots, stale), ${summary.rejected} rejected`);
    for (const r of summary.rejections) console.log(`  line ${r.line}: ${r.reason}`);
    if (summary.rejected > summary.rejections.length) console.log(`  ... and ${summary.rejected - summary.rejections.length} more`);
    if (summary.rollupsInvalidated > 0) console.log(`${summary.rollupsInvalidated} hour rollups will be rebuilt by the next rank run`);
  });
}
