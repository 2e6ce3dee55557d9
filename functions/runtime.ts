import { config, type Config } from '../shared/config.ts';
import { pixelSessionIds } from '../shared/ingest/pixel-session.ts';
import { cachedSiteLookup } from '../shared/sites/site-cache.ts';
import { connectDb } from '../shared/store/dynamo-client.ts';

/**
 * What every function needs, built once from the configuration: used by the Lambda handlers and by the
 * local server (with the endpoint of the DynamoDB Local it started), so both run the same code against their
 * own table.
 */
export function runtime(settings: Config = config(), endpoint = settings.DYNAMODB_ENDPOINT) {
  const db = connectDb({ endpoint, tableName: settings.NEWSPULSE_TABLE, region: settings.AWS_REGION });
  return { db, sites: cachedSiteLookup(db, Date.now), pixelSessionId: pixelSessionIds(db) };
}
