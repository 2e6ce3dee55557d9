import { config, type Config } from '../shared/config.ts';
import { join } from 'node:path';
import { fileVisitorSecret, secretsManagerVisitorSecret } from '../shared/ingest/visitor-secret.ts';
import { visitorIdentity } from '../shared/ingest/visitor.ts';
import { cachedSiteLookup } from '../shared/sites/site-cache.ts';
import { connectDb } from '../shared/store/dynamo-client.ts';

/**
 * What every function needs, built once from the configuration: used by the Lambda handlers and by the
 * local server (with the endpoint of the DynamoDB Local it started), so both run the same code against their
 * own table.
 */
export function runtime(settings: Config = config(), endpoint = settings.DYNAMODB_ENDPOINT) {
  const db = connectDb({ endpoint, tableName: settings.NEWSPULSE_TABLE, region: settings.AWS_REGION });
  const secret = settings.VISITOR_SECRET_ARN
    ? secretsManagerVisitorSecret(settings.VISITOR_SECRET_ARN, settings.AWS_REGION)
    : fileVisitorSecret(join(settings.NEWSPULSE_DATA_DIR, 'visitor-secret'));
  return { db, sites: cachedSiteLookup(db, Date.now), visitors: visitorIdentity(secret) };
}
