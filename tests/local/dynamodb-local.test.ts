import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';

/**
 * The addresses a port listens on, as the kernel lists them (/proc/net/tcp and tcp6, state 0A = LISTEN),
 * e.g. `0100007F` (127.0.0.1) or `0000000000000000FFFF00000100007F` (::ffff:127.0.0.1).
 */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
      .map((f) => f[1]!.split(':')[0]!),
  );
}

const LOOPBACK = new Set(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

let dynamo: DynamoDbLocal;
beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ port: await freePort(), readyTimeoutMs: 180_000 });
}, 200_000);
afterAll(() => dynamo?.stop());

describe('DynamoDB Local as newspulse starts it', () => {
  it('listens on 127.0.0.1 only: nobody else on the network reaches the local table', () => {
    const addresses = listeningAddresses(dynamo.port);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(LOOPBACK.has(address), address).toBe(true);
  });
});
