import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../local/dynamodb-local.ts';
import type { BenchOptions } from './cli-options.ts';
import { createFixture, type Fixture } from './fixture.ts';
import type { Progress } from './progress.ts';

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
  /** Rank runs of the benchmark site: after new views, and with none. */
  rankRuns?: { label: string; readUnits: number; writeUnits: number; durationMs: number }[];
}

export interface BenchContext {
  options: BenchOptions;
  progress: Progress;
  measurements: Measurements;
  /** DynamoDB Local, started on first use (in memory, a free port). */
  dynamo(): Promise<DynamoDbLocal>;
  /** The benchmark site and the local server, built on first use. */
  fixture(): Promise<Fixture>;
}

/** The context and how to tear it down; `close` never throws and always stops the Java child by its PID. */
export function createContext(options: BenchOptions, progress: Progress): { ctx: BenchContext; close(): Promise<void> } {
  let dynamo: Promise<DynamoDbLocal> | undefined;
  let started: DynamoDbLocal | undefined;
  let fixture: Promise<Fixture> | undefined;

  // If this process dies without reaching close() (an uncaught error, process.exit), the Java child would
  // outlive it: stop it by PID on the way out.
  const onExit = () => {
    if (!started) return;
    try {
      process.kill(started.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  // Ctrl-C or a kill of the bench would otherwise end Node without 'exit' handlers, leaving Java running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      onExit();
      process.exit(130);
    });
  }

  const ctx: BenchContext = {
    options,
    progress,
    measurements: {},
    dynamo() {
      dynamo ??= (async () => {
        const port = await freePort();
        progress.line(`  starting DynamoDB Local on port ${port} (in memory)`);
        started = await startDynamoDbLocal({ port });
        progress.line(`  DynamoDB Local ready: ${started.endpoint}, pid ${started.pid}`);
        return started;
      })();
      return dynamo;
    },
    fixture() {
      fixture ??= (async () => {
        const { endpoint } = await ctx.dynamo();
        progress.line('  building the benchmark site (catalog, a day of synthetic readers, one rank run)');
        return createFixture(endpoint, options.quick, progress);
      })();
      return fixture;
    },
  };

  let closing: Promise<void> | undefined;
  const close = async () => {
    try {
      await (await fixture?.catch(() => undefined))?.close();
    } catch (error) {
      progress.line(`  closing the local server failed: ${(error as Error).message}`);
    }
    const dynamoDb = started ?? (await dynamo?.catch(() => undefined));
    if (dynamoDb) {
      await dynamoDb.stop();
      progress.line(`  DynamoDB Local (pid ${dynamoDb.pid}) stopped`);
    }
    process.removeListener('exit', onExit);
  };
  // Idempotent: a signal and the normal end may both ask.
  return { ctx, close: () => (closing ??= close()) };
}
