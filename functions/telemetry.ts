import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LambdaContext } from 'hono/aws-lambda';
import { METRICS_NAMESPACE } from './metric-names.ts';

export { MetricUnit };

interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

/**
 * Powertools logger and metrics for one function, created once at module scope. Service and namespace are
 * fixed here (not taken from the environment) so that the alarms in infra/ watch exactly what is emitted.
 * Log level: Lambda's own setting (AWS_LAMBDA_LOG_LEVEL, set by infra/) or POWERTOOLS_LOG_LEVEL; tests set
 * POWERTOOLS_METRICS_DISABLED so local runs print no metric documents.
 */
export function telemetry(service: string): Telemetry {
  return {
    logger: new Logger({ serviceName: service }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service }),
  };
}

/** Publishes what an invocation stored; nothing (and no "no metrics" warning) when it stored nothing. */
export function publishMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** What an HTTP handler (hono/aws-lambda) returns, as far as telemetry looks at it. */
interface HttpResult {
  statusCode: number;
  body: string;
}

interface ObserveOptions {
  /** Publish stored metrics at most this often per container (0: every invocation); see METRICS_INTERVAL_SECONDS. */
  publishEveryMs?: number;
  /** Share of successful requests logged as one `request` line, so a quiet log still shows what traffic looks like. */
  sampleRate?: number;
  clock?: () => number;
  random?: () => number;
}

/** One successful request in a thousand is logged: at a million views a line per request would cost more than the function. */
export const REQUEST_LOG_SAMPLE_RATE = 0.001;

/**
 * Wraps a `handle(app)` Lambda entry: the request id and cold start go into every log line, a 5xx is logged
 * (the apps answer it themselves, so Lambda's Errors metric never sees it), a sample of the rest is logged,
 * and the metrics the app stored are published in batches: Powertools keeps adding values to one document
 * across invocations, and it goes out when `publishEveryMs` has passed since the last one (or a metric holds
 * 100 values, when Powertools flushes by itself). What a container gathered in its last interval before it is
 * reclaimed is lost: at most one interval of one container's counts, for one EMF line instead of one per request.
 */
export function observeHttp<E, R extends HttpResult>(
  handler: (event: E, context?: LambdaContext) => Promise<R>,
  { logger, metrics }: Telemetry,
  options: ObserveOptions = {},
): (event: E, context?: LambdaContext) => Promise<R> {
  const { publishEveryMs = 0, sampleRate = REQUEST_LOG_SAMPLE_RATE, clock = Date.now, random = Math.random } = options;
  let lastPublished = clock();
  return async (event, context) => {
    if (context) logger.addContext(context as never);
    try {
      const result = await handler(event, context);
      if (result.statusCode >= 500) logger.error('request failed', { ...requestLine(event), status: result.statusCode });
      else if (random() < sampleRate) logger.info('request', { ...requestLine(event), status: result.statusCode, sampleRate });
      return result;
    } finally {
      const now = clock();
      if (now - lastPublished >= publishEveryMs) {
        publishMetrics(metrics);
        lastPublished = now;
      }
    }
  };
}

/** Method and path of an API Gateway event (payload 2.0, or 1.0 for a REST API front). Never the query. */
function requestLine(event: unknown): { method?: string; path?: string } {
  const e = event as { rawPath?: string; path?: string; httpMethod?: string; requestContext?: { http?: { method?: string } } };
  return { method: e.requestContext?.http?.method ?? e.httpMethod, path: e.rawPath ?? e.path };
}
