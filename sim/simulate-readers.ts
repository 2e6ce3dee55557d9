import type { Article } from '../shared/catalog/article.ts';
import { sortedEvents } from './synthetic-traffic.ts';

interface SimulateOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:8787. */
  api: string;
  site: string;
  /** Origin header the beacons carry (one the site allows). */
  origin: string;
  catalog: Article[];
  minutes: number;
  /** Events per second, roughly. */
  rate: number;
  seed: number;
  /** The clock (ms) and a sleep, injected so tests can run it without waiting. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  onProgress?: (done: number, total: number, accepted: number) => void;
}

interface SimulateSummary {
  sent: number;
  accepted: number;
  ignored: number;
  failed: number;
}

/** Events a session sends on average (views, engagement, the odd refresher). */
const EVENTS_PER_SESSION = 4.5;
const IN_FLIGHT = 32;

/**
 * `newspulse simulate`: synthetic readers (sim/synthetic-traffic.ts) of the site's real catalog, sent in real
 * time through the HTTP API exactly as beacons would (text/plain JSON, the site's origin, each reader's user
 * agent), so the lists move while you watch.
 */
export async function simulateReaders(options: SimulateOptions): Promise<SimulateSummary> {
  const start = options.clock();
  const end = start + options.minutes * 60_000;
  // Sessions cut short by the end of a short run send fewer events: scale once to hit the asked rate.
  const target = Math.max(1, Math.round(options.rate * options.minutes * 60));
  const generate = (sessions: number) => sortedEvents({ seed: options.seed, start, end, articles: options.catalog.length, sessions }, options.catalog);
  let sessions = Math.max(1, Math.round(target / EVENTS_PER_SESSION));
  let events = generate(sessions);
  if (events.length > 0 && events.length < target * 0.9) {
    sessions = Math.max(1, Math.round((sessions * target) / events.length));
    events = generate(sessions);
  }
  const summary: SimulateSummary = { sent: 0, accepted: 0, ignored: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const url = `${options.api.replace(/\/+$/, '')}/v1/sites/${options.site}/events`;

  for (const { event, userAgent } of events) {
    const wait = event.ts - options.clock();
    if (wait > 0) await options.sleep(wait);
    const { ts: _ts, ...body } = event;
    const request = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: options.origin, 'user-agent': userAgent },
      body: JSON.stringify(body),
    })
      .then(async (response) => {
        if (response.status !== 202) {
          summary.failed++;
          return;
        }
        const result = (await response.json()) as { accepted: number; ignored: number };
        summary.accepted += result.accepted;
        summary.ignored += result.ignored;
      })
      .catch(() => {
        summary.failed++;
      })
      .finally(() => {
        summary.sent++;
        inFlight.delete(request);
        options.onProgress?.(summary.sent, events.length, summary.accepted);
      });
    inFlight.add(request);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return summary;
}
