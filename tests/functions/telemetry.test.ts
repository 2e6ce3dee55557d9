import { describe, expect, it } from 'vitest';
import { observeHttp } from '../../functions/telemetry.ts';

/** A stand-in for Powertools: what was logged and when stored metrics were published. */
function fakeTelemetry() {
  const published: number[] = [];
  const logged: { level: string; message: string; extra: unknown }[] = [];
  let stored = 0;
  const metrics = {
    addMetric: () => void stored++,
    hasStoredMetrics: () => stored > 0,
    publishStoredMetrics: () => {
      published.push(stored);
      stored = 0;
    },
  };
  const logger = {
    addContext: () => {},
    info: (message: string, extra: unknown) => logged.push({ level: 'info', message, extra }),
    error: (message: string, extra: unknown) => logged.push({ level: 'error', message, extra }),
  };
  return { telemetry: { metrics, logger } as never, metrics, published, logged };
}

const event = { rawPath: '/v1/sites/daily/events', requestContext: { http: { method: 'POST' } } };

describe('observeHttp', () => {
  it('publishes the metrics of many invocations in one document per interval, not one per request', async () => {
    const { telemetry, metrics, published } = fakeTelemetry();
    let now = 0;
    const handler = observeHttp(async () => (metrics.addMetric(), { statusCode: 202, body: '' }), telemetry, { publishEveryMs: 60_000, clock: () => now, random: () => 1 });
    for (let i = 0; i < 10; i++) {
      now += 1_000;
      await handler(event);
    }
    expect(published).toEqual([]); // ten requests in ten seconds: nothing printed yet
    now += 60_000;
    await handler(event);
    expect(published).toEqual([11]); // one document for all eleven
  });

  it('publishes after every invocation with an interval of 0', async () => {
    const { telemetry, metrics, published } = fakeTelemetry();
    const handler = observeHttp(async () => (metrics.addMetric(), { statusCode: 200, body: '' }), telemetry, { random: () => 1 });
    await handler(event);
    await handler(event);
    expect(published).toEqual([1, 1]);
  });

  it('logs every 5xx and a sample of the rest, never the query', async () => {
    const { telemetry, logged } = fakeTelemetry();
    let status = 202;
    let draw = 0.5;
    const handler = observeHttp(async () => ({ statusCode: status, body: '' }), telemetry, { sampleRate: 0.001, random: () => draw });
    await handler(event);
    expect(logged).toEqual([]);
    draw = 0.0001;
    await handler(event);
    expect(logged).toEqual([{ level: 'info', message: 'request', extra: { method: 'POST', path: '/v1/sites/daily/events', status: 202, sampleRate: 0.001 } }]);
    status = 503;
    draw = 0.5;
    await handler(event);
    expect(logged[1]).toMatchObject({ level: 'error', message: 'request failed', extra: { status: 503 } });
  });
});
