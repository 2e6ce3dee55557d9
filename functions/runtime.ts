import { config } from '../shared/config.ts';
import { pixelSessionIds } from '../shared/ingest/pixel-session.ts';
import { cachedSiteLookup } from '../shared/sites/site-cache.ts';
import { createDocumentClient } from '../shared/store/dynamo-client.ts';
import type { Db } from '../shared/store/db.ts';

/**
 * What every function needs, built once from the configuration: used by the Lambda handlers and by the
 * local server, so both run the same code against their own table.
 */
export function runtime(settings = config()) {
  const db: Db = {
    client: createDocumentClient({ endpoint: settings.DYNAMODB_ENDPOINT, region: settings.AWS_REGION }),
    tableName: settings.NEWSPULSE_TABLE,
  };
  return { db, sites: cachedSiteLookup(db, Date.now), pixelSessionId: pixelSessionIds(db) };
}
