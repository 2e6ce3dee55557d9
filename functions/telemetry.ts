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

/**
 * Wraps a `handle(app)` Lambda entry: the request id and cold start go into every log line, a 5xx is logged
 * (the apps answer it themselves, so Lambda's Errors metric never sees it), `onResult` may add metrics, and
 * metrics are published before the invocation ends. The response is returned untouched. Successful requests
 * log nothing: at a million views a line per request would cost more than the function.
 */
export function observeHttp<E, R extends HttpResult>(
  handler: (event: E, context?: LambdaContext) => Promise<R>,
  { logger, metrics }: Telemetry,
  onResult?: (result: R, metrics: Metrics) => void,
): (event: E, context?: LambdaContext) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context as never);
    try {
      const result = await handler(event, context);
      if (result.statusCode >= 500) {
        logger.error('request failed', { ...requestLine(event), status: result.statusCode });
      }
      onResult?.(result, metrics);
      return result;
    } finally {
      publishMetrics(metrics);
    }
  };
}

/** Method and path of an API Gateway event (payload 2.0, or 1.0 for a REST API front). Never the query. */
function requestLine(event: unknown): { method?: string; path?: string } {
  const e = event as { rawPath?: string; path?: string; httpMethod?: string; requestContext?: { http?: { method?: string } } };
  return { method: e.requestContext?.http?.method ?? e.httpMethod, path: e.rawPath ?? e.path };
}
