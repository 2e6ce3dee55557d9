import { beaconCatalogFiller } from './beacon-catalog-filler.ts';
import type { ViewEvent } from './events.ts';
import type { Site } from '../sites/site.ts';
import type { Db } from '../store/db.ts';
import { recordEvents, type RecordResult, type TimedEvent } from './record-events.ts';

/**
 * Ingest of one request's (or one import batch's) events for a site: the counting rules, then, for sites that
 * trust beacon metadata, catalog entries for articles not seen before. Live ingest and `newspulse import` both
 * come through here.
 */
export function eventIngester(db: Db) {
  const fillCatalog = beaconCatalogFiller(db);
  return async (site: Site, events: TimedEvent[], options: { isBot: boolean; now: Date }): Promise<RecordResult> => {
    const result = await recordEvents(db, site.site, events, { isBot: options.isBot });
    if (site.trustBeaconMetadata && !options.isBot) {
      const views = events.filter((e): e is ViewEvent & { ts: number } => e.type === 'view' && e.meta !== undefined);
      if (views.length > 0) await fillCatalog(site, views, options.now);
    }
    return result;
  };
}
