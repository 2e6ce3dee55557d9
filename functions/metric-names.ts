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
  /** rank: a queued run skipped, stale (the next schedule queued the site again) or a duplicate (another run holds the site). */
  rankSkipped: 'RankSkipped',
  rankDuration: 'RankDuration',
  rankReadUnits: 'RankReadUnits',
  rankWriteUnits: 'RankWriteUnits',
  /**
   * rank: views the counting rules leave out as automation in the site's window, as of each run (a gauge, not
   * a sum: a visitor's views of more articles an hour than the site allows, an address's views of one article
   * beyond its cap). Its maximum over a day shows an attack; ingest's EventsIgnored shows repeats and bots.
   */
  viewsIgnored: 'ViewsIgnored',
} as const;
