import { Command } from 'commander';
import { importEvents } from '../../shared/import/import-events.ts';
import { siteIdSchema } from '../../shared/ids.ts';
import { getSite } from '../../shared/sites/site-store.ts';
import { openDb, withStoreOptions, type StoreOptions } from '../cli-db.ts';
import { importFile } from '../import-file.ts';

/** `newspulse import --site S events.ndjson`: historical events, counted by the live rules. */
export function importCommand(): Command {
  return withStoreOptions(
    new Command('import')
      .description('import historical events (NDJSON: ingest events plus "ts", optional "userAgent"), counted like live ones; exits 1 when lines were rejected')
      .requiredOption('--site <site>', 'site the events belong to')
      .argument('<file>', 'NDJSON file, one event per line'),
  ).action(async (file: string, options: StoreOptions & { site: string }) => {
    const db = await openDb(options);
    const site = await getSite(db, siteIdSchema.parse(options.site));
    if (!site) throw new Error(`no site "${options.site}": add it with "newspulse sites add"`);
    await importFile(
      file,
      'lines',
      (lines, onProgress) => importEvents(db, site, lines, new Date(), onProgress),
      (r) => [
        `imported ${r.lines} lines: ${r.accepted} accepted, ${r.ignored} ignored (repeats, bots, stale), ${r.rejected} rejected`,
        ...(r.rollupsInvalidated > 0 ? [`${r.rollupsInvalidated} hour rollups will be rebuilt by the next rank run`] : []),
      ],
    );
  });
}
