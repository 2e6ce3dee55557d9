import { eventIngester } from '../ingest/event-ingester.ts';
import type { TimedEvent } from '../ingest/record-events.ts';
import { noteDataSince } from '../sites/site-store.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { hourKey } from '../time.ts';
import { deleteRollups } from '../window/rollup-store.ts';
import { importedEvent } from './import-line.ts';
import { importNdjson, type NdjsonReport } from './ndjson-import.ts';

export interface EventImportReport extends NdjsonReport {
  accepted: number;
  ignored: number;
  rollupsInvalidated: number;
}

/**
 * Imports historical events (`newspulse import`) through the live ingest path, so the counting rules are
 * the same code: a repeat within 30 minutes is ignored, bots are ignored, trusted metadata fills the
 * catalog. One session's events are applied in file order; a retried view that had been counted is a repeat,
 * never counted twice. Hours that received events lose their rollups, so the next rank run counts them again.
 */
export async function importEvents(
  db: Db,
  site: Site,
  lines: AsyncIterable<string>,
  now: Date,
  onProgress: (linesDone: number) => void = () => {},
): Promise<EventImportReport> {
  const ingest = eventIngester(db);
  const counts = { accepted: 0, ignored: 0 };
  const touchedHours = new Set<string>();
  let earliest = Infinity;

  const report = await importNdjson<{ event: TimedEvent; isBot: boolean }>(lines, {
    validate(json) {
      const verdict = importedEvent(json);
      if ('value' in verdict && verdict.value.event.ts > now.getTime()) return { reason: 'ts: in the future' };
      return verdict;
    },
    laneKey: ({ event }) => event.sessionId,
    async beforeQueue({ event }) {
      touchedHours.add(hourKey(event.ts));
      if (event.ts >= earliest) return;
      earliest = event.ts;
      // Before the events land, so a rank run never skips hours that already hold some.
      await noteDataSince(db, site.site, new Date(earliest));
    },
    async apply({ event, isBot }) {
      const result = await ingest(site, [event], { isBot, now });
      counts.accepted += result.accepted;
      counts.ignored += result.ignored;
    },
    onProgress,
  });
  const rollupsInvalidated = await deleteRollups(db, site.site, touchedHours);
  return { ...report, ...counts, rollupsInvalidated };
}
