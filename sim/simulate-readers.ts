import type { Article } from '../shared/catalog/article.ts';
import { READER_ADDRESS_HEADER, READER_AGENT_HEADER } from '../shared/ingest/visitor.ts';
import { createHash } from 'node:crypto';
import { sortedEvents } from './synthetic-traffic.ts';

interface SimulateOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:8787. */
  api: string;
  site: string;
  /**
   * The site's admin key: the simulator is a server-side sender speaking for many readers (functions/ingest/
   * app.ts), so each synthetic reader gets its own address and browser. Without it every reader would be
   * this machine's one visitor.
   */
  adminKey: string;
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
 * time through the HTTP API as beacons (text/plain JSON), so the lists move while you watch. It sends as a
 * server-side sender does (an edge worker, an AMP proxy): with the site's admin key, naming each reader's
 * address (a private IPv6 one per synthetic session) and browser.
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
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        authorization: `Bearer ${options.adminKey}`,
        [READER_ADDRESS_HEADER]: readerAddress(event.sessionId),
        [READER_AGENT_HEADER]: userAgent,
      },
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

/**
 * A private (unique local, fd00::/8) IPv6 address per synthetic session, so that each is a reader of its own:
 * 64 bits of a hash, so two sessions of a run never share one (an IPv4 10.x.y.z would, a few times in a few
 * thousand sessions).
 */
export function readerAddress(sessionId: string): string {
  const hex = createHash('sha256').update(sessionId).digest('hex');
  return `fd00::${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}`;
}
