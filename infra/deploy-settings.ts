import * as z from 'zod';

/** The retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Context keys are `newspulse:<name>`, e.g. `npx cdk deploy -c newspulse:rankRateMinutes=10`. */
export const CONTEXT_PREFIX = 'newspulse:';

const emptyIsUnset = (value: unknown) => (value === '' || value === null ? undefined : value);

/**
 * Everything an operator can set for a deployment, with defaults that suit a news site of a few million views
 * a month. Parsed once, in infra/app.ts, from CDK context (cdk.json or `-c`); the stacks get the typed result.
 * Command-line context values arrive as strings, so numbers are coerced.
 */
export const deploySettingsSchema = z.object({
  /** How often every site is ranked. Popular Now's decay is precise to 10 minutes, so 1-15 is sensible. */
  rankRateMinutes: z.coerce.number().int().min(1).max(60).default(5),
  /** Sites ranked at once (the rank queue's event source maximum concurrency; Lambda's minimum is 2). */
  rankConcurrency: z.coerce.number().int().min(2).max(1000).default(10),
  /**
   * Steady requests per second of the read routes (what CloudFront does not answer) and anything else; beyond
   * it API Gateway answers 429. Beacons and admin have their own limits, so a beacon flood cannot starve reads.
   */
  apiRateLimit: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Requests the read routes absorb at once above the steady rate (API Gateway's account maximum is 5000). */
  apiBurstLimit: z.coerce.number().int().min(1).max(5000).default(2000),
  /** Steady beacons (POST events, the pixel) per second, for all sites together; beyond it 429 for beacons only. */
  ingestRateLimit: z.coerce.number().int().min(1).max(10_000).default(1000),
  ingestBurstLimit: z.coerce.number().int().min(1).max(5000).default(2000),
  /**
   * Beacons' own entry, the ingest function's URL, is throttled by concurrency instead: at most this many
   * beacons in flight for all sites together (reserved, so reads and ranking keep theirs), beyond it 429. At
   * ~10 ms a beacon, 50 is several thousand beacons a second. 0: reserve none, no limit (accounts whose
   * concurrency limit is below 150 cannot reserve any).
   */
  beaconConcurrency: z.coerce.number().int().min(0).max(10_000).default(50),
  /** The same for the read function (its URL and the CDN's misses): at most this many reads in flight. 0: none reserved. */
  readConcurrency: z.coerce.number().int().min(0).max(10_000).default(50),
  /** Steady admin requests per second: a beacon flood never locks the editors out, nor an admin script the readers. */
  adminRateLimit: z.coerce.number().int().min(1).max(10_000).default(20),
  adminBurstLimit: z.coerce.number().int().min(1).max(5000).default(40),
  /**
   * The beacon firewall: at most this many beacon requests from one client address in 5 minutes (an AWS WAF
   * rate-based rule on CloudFront, which browser beacons then go through). Unset: no WAF (and no WAF cost).
   * WAF for CloudFront lives in us-east-1, so the stack must be deployed there.
   */
  beaconRateLimitPerAddress: z.preprocess(emptyIsUnset, z.coerce.number().int().min(100).max(2_000_000_000).optional()),
  /** How long function and access logs are kept. */
  logRetentionDays: z.coerce
    .number()
    .int()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), { message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}` })
    .default(30),
  /**
   * CloudFront edge locations serving the cached reads: `100` (North America, Europe, Israel: the cheapest),
   * `200` (adds most of Asia, the Middle East and Africa) or `All`. Readers elsewhere are served from the
   * nearest included edge, a little slower.
   */
  cdnPriceClass: z.enum(['100', '200', 'All']).default('All'),
  /**
   * X-Ray active tracing of every function: a trace per invocation (initialization, duration, errors) for
   * finding a slow path or cold starts (the AWS SDK calls inside are not instrumented); off by default (X-Ray bills per trace recorded beyond its free tier). `-c newspulse:tracing=true`.
   */
  tracing: z.preprocess((value) => (value === 'true' ? true : value === 'false' || emptyIsUnset(value) === undefined ? false : value), z.boolean()).default(false),
  /**
   * An existing table for the service to use instead of the data stack's: one restored from a point in time,
   * or the table a destroyed deployment retained (docs/deploy.md, "Restore"). Unset: the data stack's table.
   */
  tableName: z.preprocess(emptyIsUnset, z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name').optional()),
  /** Where alarms are sent (an SNS email subscription, confirmed once by mail); unset: alarms only show in the console. */
  alarmEmail: z.preprocess(emptyIsUnset, z.email().max(254).optional()),
});

export type DeploySettings = z.infer<typeof deploySettingsSchema>;

/** Reads `newspulse:*` context through `read` (app.node.tryGetContext) and parses it; one readable line per bad key. */
export function parseDeploySettings(read: (key: string) => unknown): DeploySettings {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(deploySettingsSchema.shape)) raw[key] = read(`${CONTEXT_PREFIX}${key}`);
  const result = deploySettingsSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${CONTEXT_PREFIX}${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid context: ${lines.join('; ')}`);
  }
  return result.data;
}
