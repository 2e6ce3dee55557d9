import { z } from 'zod';
import { rankSites } from '../../shared/rank/rank-all.ts';
import { siteIdSchema } from '../../shared/schemas/ids.ts';
import { runtime } from '../runtime.ts';

const { db } = runtime();

/** What the schedule sends: `{ "site": "..." }` to rank one site (fan-out), `{}` for all sites. */
const rankEventSchema = z.looseObject({ site: siteIdSchema.optional() });

/** Lambda entry for the rank job (EventBridge schedule). Throws when a site failed, so alarms see it. */
export async function handler(event: unknown) {
  const { site } = rankEventSchema.parse(event ?? {});
  const result = await rankSites(db, Date.now(), { site, pollFeeds: true });
  console.log(JSON.stringify({ level: 'info', message: 'rank run', ...result }));
  if (result.failures.length > 0) throw new Error(`rank failed for ${result.failures.map((f) => f.site).join(', ')}`);
  return { sites: result.reports.length, reports: result.reports };
}
