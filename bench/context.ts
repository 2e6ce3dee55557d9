import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../local/dynamodb-local.ts';
import type { BenchOptions } from './bench-options.ts';
import { createFixture, type Fixture } from './fixture.ts';

/**
 * Numbers one section measures and a later one (cost) uses. Each is optional: with `--only cost` nothing was
 * measured and the cost section says which assumption it used instead.
 */
export interface Measurements {
  /** Write units the counting code reported, per event of each kind. */
  writeUnits?: { counted: number; repeat: number; bot: number; engage: number };
  /** Read units of one /widgets request (the BatchGetItem of readWidgetSources). */
  widgetReadUnits?: number;
  /** Gzipped size of a /widgets answer, bytes (what a CDN sends). */
  widgetGzipBytes?: number;
  /** Lambda-billed milliseconds per request (each request's time inside the app, rounded up to 1 ms), mean. */
  ingestBilledMs?: number;
  readBilledMs?: number;
  /** Memory of each function from the synthesized template, MB. */
  memoryMb?: Record<string, number>;
  /** /widgets CDN hit ratio by page views a week (bench/cdn-replay.ts). */
  cdnHitRatios?: { bySize: Map<number, number>; oneCache: Map<number, number> };
  /** The rank job's cost per month by counted views a week (bench/rank-scale.ts). */
  rankMonthly?: { views: number; month: number }[];
  /** Rank runs of the benchmark site: after new views, and with none. */
  rankRuns?: { label: string; readUnits: number; writeUnits: number; durationMs: number }[];
}

export interface BenchContext {
  options: BenchOptions;
  log(line: string): void;
  measurements: Measurements;
  /** DynamoDB Local, started on first use (in memory, a free port). */
  dynamo(): Promise<DynamoDbLocal>;
  /** The benchmark site and the local server, built on first use. */
  fixture(): Promise<Fixture>;
}

/** The context and how to tear it down: `close` never throws, and DynamoDB Local is stopped by its PID however the run ends. */
export function createContext(options: BenchOptions, log: (line: string) => void): { ctx: BenchContext; close(): Promise<void> } {
  let dynamo: Promise<DynamoDbLocal> | undefined;
  let fixture: Promise<Fixture> | undefined;
  let javaPid: number | undefined;

  // The Java child outlives a Node process that ends without close() (an uncaught error, Ctrl-C, a kill):
  // stop it by PID on the way out. A signal would end Node without running 'exit' handlers: exit instead.
  const stopJava = () => {
    try {
      if (javaPid) process.kill(javaPid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const onSignal = () => process.exit(130);
  process.once('exit', stopJava);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const ctx: BenchContext = {
    options,
    log,
    measurements: {},
    dynamo: () =>
      (dynamo ??= (async () => {
        const started = await startDynamoDbLocal({ port: await freePort() });
        javaPid = started.pid;
        log(`  DynamoDB Local ready: ${started.endpoint} (in memory), pid ${started.pid}`);
        return started;
      })()),
    fixture: () =>
      (fixture ??= ctx.dynamo().then(({ endpoint }) => {
        log('  building the benchmark site (catalog, a day of synthetic readers, one rank run)');
        return createFixture(endpoint, options.quick, log);
      })),
  };

  const close = async () => {
    await (await fixture?.catch(() => undefined))?.close().catch((error: Error) => log(`  closing the local server failed: ${error.message}`));
    const started = await dynamo?.catch(() => undefined);
    if (started) {
      await started.stop();
      log(`  DynamoDB Local (pid ${started.pid}) stopped`);
    }
    process.removeListener('exit', stopJava);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  return { ctx, close };
}
