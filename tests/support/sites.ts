import { addSite, type NewSite } from '../../shared/sites/site-store.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { testReaders } from './readers.ts';
import { createIngestApp } from '../../functions/ingest/app.ts';
import type { Db } from '../../shared/store/db.ts';

export const TEST_ORIGIN = 'https://news.example';

/** Registers a site allowing TEST_ORIGIN (plus overrides). */
export async function givenSite(db: Db, overrides: Partial<NewSite> = {}) {
  return addSite(db, { site: 'daily', origins: [TEST_ORIGIN], ...overrides }, new Date('2026-11-28T12:00:00Z'));
}

/** The ingest app wired to a test table with a controllable clock. */
export function ingestApp(db: Db, clock: () => number = Date.now) {
  return createIngestApp({ db, sites: cachedSiteLookup(db, clock), clock, ...testReaders() });
}
