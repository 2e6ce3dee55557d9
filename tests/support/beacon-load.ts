import { Agent, request } from 'node:http';
import { createRandom } from '../../sim/synthetic-traffic.ts';
import { STACK_TRACE } from './hostile-requests.ts';
import { asReader } from './readers.ts';

/**
 * Beacon load over real HTTP (tests/reliability/load.test.ts, tests/soak/*): a seeded plan of beacons with a
 * known expected outcome, a sender with a fixed concurrency that retries as a browser's beacon code would, and
 * the bookkeeping to compare what was accepted with what was stored.
 */

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
export const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/**
 * - `view`: the first view of a (session, article) pair: counted once;
 * - `repeat`: the same session views the article again (a reload), possibly while the first is in flight;
 * - `resend`: the very same body sent again (a client retry): the design makes it a repeat, so never doubled;
 * - `bot`: a crawler's view: accepted and ignored;
 * - `engage`: engaged time of a page view, one per pair, recorded (not a view).
 */
export type BeaconKind = 'view' | 'repeat' | 'resend' | 'bot' | 'engage';

export interface PlannedBeacon {
  kind: BeaconKind;
  /** `session|article` */
  pair: string;
  articleId: string;
  body: string;
  userAgent: string;
}

export interface PlanOptions {
  beacons: number;
  seed: number;
  articles: number;
  /** Share of each kind among the beacons after the first views (defaults: 10% repeats, 5% resends, 5% bots, 10% engagement). */
  repeatShare?: number;
  resendShare?: number;
  botShare?: number;
  engageShare?: number;
  /** Session id prefix, so that several plans against one site never share a session. */
  prefix?: string;
}

export function articleIdOf(index: number): string {
  return `load-${index.toString().padStart(4, '0')}`;
}

/** A seeded, shuffled plan; every view-like beacon's pair is known, so the exact expected count is too. */
export function beaconPlan(options: PlanOptions): PlannedBeacon[] {
  const random = createRandom(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const prefix = options.prefix ?? 's';
  const shares = { repeat: options.repeatShare ?? 0.1, resend: options.resendShare ?? 0.05, bot: options.botShare ?? 0.05, engage: options.engageShare ?? 0.1 };
  const plan: PlannedBeacon[] = [];
  const views: PlannedBeacon[] = [];
  let sessions = 0;
  const fresh = (): { sessionId: string; articleId: string } => {
    sessions++;
    // Zipf-ish: a few articles get most views, as on a news site.
    const articleId = articleIdOf(Math.min(options.articles - 1, Math.floor(options.articles * random() ** 2)));
    return { sessionId: `${prefix}-${sessions.toString(36).padStart(6, '0')}-${pick(1e6).toString(36)}`, articleId };
  };
  for (let i = 0; i < options.beacons; i++) {
    const r = random();
    let beacon: PlannedBeacon;
    if (views.length > 0 && r < shares.repeat) {
      const earlier = views[pick(views.length)]!;
      const { sessionId } = JSON.parse(earlier.body) as { sessionId: string };
      beacon = { ...earlier, kind: 'repeat', body: JSON.stringify({ type: 'view', articleId: earlier.articleId, sessionId, url: `https://news.example/${earlier.articleId}?reload=${i}` }) };
    } else if (views.length > 0 && r < shares.repeat + shares.resend) {
      beacon = { ...views[pick(views.length)]!, kind: 'resend' };
    } else if (r < shares.repeat + shares.resend + shares.bot) {
      const { sessionId, articleId } = fresh();
      beacon = { kind: 'bot', pair: `${sessionId}|${articleId}`, articleId, userAgent: BOT_UA, body: JSON.stringify({ type: 'view', articleId, sessionId }) };
    } else if (r < shares.repeat + shares.resend + shares.bot + shares.engage) {
      const { sessionId, articleId } = fresh();
      beacon = { kind: 'engage', pair: `${sessionId}|${articleId}`, articleId, userAgent: BROWSER_UA, body: JSON.stringify({ type: 'engage', articleId, sessionId, seconds: 1 + pick(600), scrollDepth: random() }) };
    } else {
      const { sessionId, articleId } = fresh();
      beacon = { kind: 'view', pair: `${sessionId}|${articleId}`, articleId, userAgent: BROWSER_UA, body: JSON.stringify({ type: 'view', articleId, sessionId }) };
      views.push(beacon);
    }
    plan.push(beacon);
  }
  return plan;
}

/** Views that must be counted: one per distinct (session, article) pair a human viewed, per article. */
export function expectedViews(plan: PlannedBeacon[]): Map<string, number> {
  const pairs = new Map<string, string>();
  for (const b of plan) if (b.kind === 'view' || b.kind === 'repeat' || b.kind === 'resend') pairs.set(b.pair, b.articleId);
  const out = new Map<string, number>();
  for (const articleId of pairs.values()) out.set(articleId, (out.get(articleId) ?? 0) + 1);
  return out;
}

export interface Attempt {
  status: number;
  body: string;
  retryAfter: string | null;
  /** Connection-level failure (status 0). */
  error?: string;
  /** The failure was a reset of a reused keep-alive connection before any answer (the server's idle close). */
  reusedSocketReset?: boolean;
  ms: number;
  at: number;
}

export interface BeaconOutcome {
  beacon: PlannedBeacon;
  attempts: Attempt[];
  /** `accepted` of the final 2xx answer (0 when none). */
  accepted: number;
  ignored: number;
}

export interface SendOptions {
  url: string;
  site: string;
  origin: string;
  concurrency: number;
  /**
   * Whether and when to send again after an answer (a 503, a dropped connection): milliseconds to wait, or
   * undefined to give up. Default: never.
   */
  retry?: (attempt: Attempt, attempts: number, history: readonly Attempt[]) => number | undefined;
  /** Called after every answer (progress, fault injection). */
  onAttempt?: (attempt: Attempt, done: number) => void;
}

/** Sends the plan with `concurrency` requests in flight over keep-alive connections. */
export async function sendBeacons(plan: PlannedBeacon[], options: SendOptions): Promise<BeaconOutcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(`/v1/sites/${options.site}/events`, options.url);
  const outcomes: BeaconOutcome[] = new Array(plan.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < plan.length) {
      const index = next++;
      const beacon = plan[index]!;
      const attempts: Attempt[] = [];
      for (;;) {
        let attempt = await post(agent, target, beacon, options.origin);
        // A keep-alive connection the server had just closed (its idle timeout): the request never reached it,
        // and browsers send it again at once on a new connection. So does this client.
        for (let again = 0; attempt.reusedSocketReset && again < 3; again++) attempt = await post(agent, target, beacon, options.origin);
        attempts.push(attempt);
        options.onAttempt?.(attempt, done);
        const wait = attempt.status >= 200 && attempt.status < 300 ? undefined : options.retry?.(attempt, attempts.length, attempts);
        if (wait === undefined) break;
        await new Promise((r) => setTimeout(r, wait));
      }
      const last = attempts.at(-1)!;
      const answer = last.status === 202 ? (JSON.parse(last.body) as { accepted: number; ignored: number }) : { accepted: 0, ignored: 0 };
      outcomes[index] = { beacon, attempts, ...answer };
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return outcomes;
}

function post(agent: Agent, target: URL, beacon: PlannedBeacon, origin: string): Promise<Attempt> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        // Each planned session is its own reader (the server counts visitors, not session ids).
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': beacon.userAgent, 'content-length': Buffer.byteLength(beacon.body), ...asReader(beacon.pair.split('|')[0]!) },
        timeout: 120_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfter: (res.headers['retry-after'] as string | undefined) ?? null, ms: Date.now() - started, at: started }),
        );
        res.on('error', (error) => resolve({ status: 0, body: '', retryAfter: null, error: String(error), ms: Date.now() - started, at: started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        status: 0,
        body: '',
        retryAfter: null,
        error: String(error),
        reusedSocketReset: req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'),
        ms: Date.now() - started,
        at: started,
      }),
    );
    req.end(beacon.body);
  });
}

/** Every answer that broke the contract: a 5xx other than 503, a 503 without Retry-After, a stack trace, a non-JSON error. */
export function contractViolations(outcomes: BeaconOutcome[]): string[] {
  const out: string[] = [];
  for (const { beacon, attempts } of outcomes) {
    for (const a of attempts) {
      const what = `${beacon.kind} ${beacon.pair}: ${a.status} ${a.error ?? ''} ${a.body.slice(0, 200)}`;
      if (a.status === 0) out.push(`connection failed: ${what}`);
      else if (a.status === 202) continue;
      else if (a.status === 503) {
        if (!(Number(a.retryAfter) > 0)) out.push(`503 without Retry-After: ${what}`);
        if (!a.body.includes('"store_unavailable"')) out.push(`503 without the store_unavailable code: ${what}`);
      } else out.push(`unexpected status: ${what}`);
      if (STACK_TRACE.test(a.body)) out.push(`stack trace: ${what}`);
    }
  }
  return out;
}

/** Sums by kind of the final answers. */
export function acceptedByKind(outcomes: BeaconOutcome[]): Record<BeaconKind, { beacons: number; accepted: number; ignored: number }> {
  const out = {} as Record<BeaconKind, { beacons: number; accepted: number; ignored: number }>;
  for (const kind of ['view', 'repeat', 'resend', 'bot', 'engage'] as BeaconKind[]) out[kind] = { beacons: 0, accepted: 0, ignored: 0 };
  for (const o of outcomes) {
    const k = out[o.beacon.kind];
    k.beacons++;
    k.accepted += o.accepted;
    k.ignored += o.ignored;
  }
  return out;
}

/** Views accepted (`accepted` of 2xx answers to view-like beacons), per article. */
export function acceptedViews(outcomes: BeaconOutcome[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of outcomes) {
    if (o.beacon.kind === 'engage' || o.accepted === 0) continue;
    out.set(o.beacon.articleId, (out.get(o.beacon.articleId) ?? 0) + o.accepted);
  }
  return out;
}

/** The counted views in a table's trails (a scan: tests only), per article, and any pair stored twice. */
export function storedViews(items: Record<string, unknown>[], site: string): { perArticle: Map<string, number>; total: number; doubled: string[] } {
  const perArticle = new Map<string, number>();
  const pairs = new Map<string, number>();
  let total = 0;
  for (const item of items) {
    if (!String(item.pk).startsWith(`TRAIL#${site}#`)) continue;
    const [sessionId, kind, articleId] = String(item.sk).split('#');
    if (kind !== 'V') continue;
    total++;
    perArticle.set(articleId!, (perArticle.get(articleId!) ?? 0) + 1);
    const pair = `${sessionId}|${articleId}`;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  return { perArticle, total, doubled: [...pairs].filter(([, n]) => n > 1).map(([p]) => p) };
}

export function sum(map: Map<string, number>): number {
  let total = 0;
  for (const v of map.values()) total += v;
  return total;
}

/** Sorted entries, for readable equality assertions. */
export function entries(map: Map<string, number>): [string, number][] {
  return [...map].sort(([a], [b]) => a.localeCompare(b));
}
