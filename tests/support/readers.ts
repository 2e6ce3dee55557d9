import type { Context } from 'hono';
import { socketClientAddress } from '../../shared/http/client-address.ts';
import { visitorIdentity } from '../../shared/ingest/visitor.ts';
import { readerAddress } from '../../sim/simulate-readers.ts';

/** The header a test sets to stand for the client address the platform would report (app.request has no socket). */
export const TEST_ADDRESS_HEADER = 'x-test-client-address';

const fromSocket = socketClientAddress();

/**
 * The reader wiring of the ingest app in tests: a fixed visitor secret, and the client address from the
 * socket (tests through a real server) or, for app.request(), from TEST_ADDRESS_HEADER (default 192.0.2.1).
 * Production wires Lambda's request context or the socket (functions/ingest/handler.ts, local/start.ts).
 */
const TEST_VISITORS = visitorIdentity(async () => Buffer.from('newspulse test visitor secret, not for production'));

export function testReaders() {
  return {
    visitors: TEST_VISITORS,
    clientAddress: (c: Context) => c.req.header(TEST_ADDRESS_HEADER) ?? (fromSocket(c) || '192.0.2.1'),
  };
}

/**
 * Headers that make an app.request() come from its own reader: a stable private test address per name. A
 * request is one reader; tests that want several readers send one request each.
 */
export function asReader(name: string): Record<string, string> {
  return { [TEST_ADDRESS_HEADER]: readerAddress(name) };
}

/** The visitor id the test wiring gives the reader `asReader(name)` with this User-Agent at `at` (the key is daily). */
export async function visitorOf(site: string, name: string, userAgent: string, at: number): Promise<string> {
  return (await TEST_VISITORS(site, { address: asReader(name)[TEST_ADDRESS_HEADER]!, userAgent }, at)).visitor;
}
