/**
 * The custom metrics the functions emit (Powertools, embedded metric format) and the alarms and dashboard
 * watch. One list, imported by both sides, so a renamed metric cannot leave an alarm watching nothing.
 */
export const METRICS_NAMESPACE = 'Newspulse';

/** The `service` dimension Powertools adds to every metric: one per function. */
export const SERVICES = {
  ingest: 'ingest',
  read: 'read',
  admin: 'admin',
  rank: 'rank',
  rankScheduler: 'rank-scheduler',
} as const;

export const METRICS = {
  /** ingest: events counted (views and engagement), and events accepted but ignored (repeats, bots, stale). */
  eventsAccepted: 'EventsAccepted',
  eventsIgnored: 'EventsIgnored',
  /** rank-scheduler: sites queued for a rank run, one data point per scheduled run (0 when there are none). */
  sitesScheduled: 'SitesScheduled',
  /** rank: one per site ranked, one per site that failed, and what a run cost. */
  rankSucceeded: 'RankSucceeded',
  rankFailed: 'RankFailed',
  rankDuration: 'RankDuration',
  rankReadUnits: 'RankReadUnits',
  rankWriteUnits: 'RankWriteUnits',
} as const;
