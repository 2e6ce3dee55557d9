import * as z from 'zod';

/**
 * Everything newspulse reads from the environment, parsed once. Nothing else in the code reads
 * `process.env`: functions, the local server, the CLI and tests all get their settings from here.
 */
const configSchema = z.object({
  /** Table holding everything (one-table design, see docs/data-model.md). */
  NEWSPULSE_TABLE: z.string().min(3).max(255).default('newspulse'),
  /** A DynamoDB endpoint such as http://127.0.0.1:8000; unset means AWS with the usual credential chain. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /**
   * Unset means the AWS SDK's own chain (the profile's region in ~/.aws/config, ...); Lambda always sets it.
   * A local endpoint does not care, and gets us-east-1.
   */
  AWS_REGION: z.string().min(1).optional(),
  /** Local run settings (`npm start`). */
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  NEWSPULSE_DATA_DIR: z.string().min(1).default('.data'),
  RANK_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** The rank queue (set on the rank function by infra/): where a big site's related stories go in shards. */
  RANK_QUEUE_URL: z.url().optional(),
  /**
   * The Secrets Manager secret keying the visitor hash (set on the ingest function by infra/); unset means the
   * file `visitor-secret` under NEWSPULSE_DATA_DIR, created on first use.
   */
  VISITOR_SECRET_ARN: z.string().min(20).optional(),
  /**
   * With the beacon firewall (infra/): the secret CloudFront adds to beacon requests, so ingest believes
   * CloudFront-Viewer-Address only from CloudFront (shared/http/client-address.ts, edgeClientAddress).
   */
  EDGE_KEY_SECRET_ARN: z.string().min(20).optional(),
  /**
   * Reverse proxies in front of the local server that append the client to X-Forwarded-For (0: none, the socket's
   * peer is the client; X-Forwarded-For is then ignored, since any client can write it).
   */
  NEWSPULSE_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(5).default(0),
  /**
   * How often a function publishes the request metrics it gathered (one EMF log line each time): at most once
   * per this many seconds per container, or sooner when a metric holds 100 values. 0: after every invocation.
   */
  METRICS_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Where DynamoDB Local child PIDs are recorded so that CI can stop any that outlive their parent. */
  NEWSPULSE_PID_DIR: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Parses an environment; throws one readable line per bad variable. */
function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment: ${lines.join('; ')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
