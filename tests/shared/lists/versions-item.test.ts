import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES, PENDING, bucketOf, bucketVersionsWrites, toStoredVersions, versionsQueryInput } from '../../../shared/lists/versions-item.ts';

const items = (requests: ReturnType<typeof bucketVersionsWrites>) => requests.flatMap((r) => ('PutRequest' in r ? [r.PutRequest.Item] : []));
/** An item's size as DynamoDB counts it: attribute names and values in UTF-8. */
const itemBytes = (item: Record<string, unknown>) => Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name) + Buffer.byteLength(String(value)), 0);

describe('versions items', () => {
  it('hold ids that are Object.prototype property names as text, read back into a Map', () => {
    const hostile = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__'];
    const written = bucketVersionsWrites('daily', 'related', 3, hostile.map((id, i) => [id, `v${i}`]), 0);
    expect(items(written)).toEqual([{ pk: 'VERSIONS#daily', sk: 'related#03#0000', d: expect.stringContaining('constructor\tv0\n') }]);
    const read = toStoredVersions(items(written));
    expect([...read.versions].sort()).toEqual(hostile.map((id, i) => [id, `v${i}`]).sort());
    expect(read.versions.get('constructor')).toBe('v0');
    expect(read.chunks).toEqual(new Map([[3, 1]]));
    expect(Object.getPrototypeOf(read.versions)).toBe(Map.prototype);
  });

  it('split 100,000 ids of 128 characters into items below the 400 KB limit, and read them all back', () => {
    const entries = Array.from({ length: 100_000 }, (_, i): [string, string] => [`${String(i).padStart(6, '0')}${'x'.repeat(122)}`, 'h'.repeat(16)]);
    const written = items(bucketVersionsWrites('daily', 'related', 0, entries, 0));
    expect(written.length).toBeGreaterThan(40);
    expect(Math.max(...written.map(itemBytes))).toBeLessThan(MAX_CHUNK_BYTES + 1_000);
    expect(toStoredVersions(written).versions.size).toBe(100_000);
  });

  it('delete the chunks a bucket no longer needs, and leave pending ids untrusted', () => {
    const requests = bucketVersionsWrites('daily', 'related', 7, [['a', 'v1'], ['b', PENDING]], 3);
    expect(requests.filter((r) => 'DeleteRequest' in r)).toEqual([
      { DeleteRequest: { Key: { pk: 'VERSIONS#daily', sk: 'related#07#0001' } } },
      { DeleteRequest: { Key: { pk: 'VERSIONS#daily', sk: 'related#07#0002' } } },
    ]);
    const read = toStoredVersions(items(requests));
    expect(read.versions).toEqual(new Map([['a', 'v1']]));
  });

  it('name the items of an older layout, so the next write removes them', () => {
    const read = toStoredVersions([
      { pk: 'VERSIONS#daily', sk: 'related#0000', versions: { a: 'v1' } },
      { pk: 'VERSIONS#daily', sk: 'related#rewriting#0000', rewriting: ['a'] },
      { pk: 'VERSIONS#daily', sk: 'related#01#0000', d: 'b\tv2\n' },
    ]);
    expect(read.versions).toEqual(new Map([['b', 'v2']]));
    expect(read.legacy).toEqual([
      { pk: 'VERSIONS#daily', sk: 'related#0000' },
      { pk: 'VERSIONS#daily', sk: 'related#rewriting#0000' },
    ]);
  });

  it('spread ids over buckets, and are read per group', () => {
    const buckets = new Set(Array.from({ length: 1000 }, (_, i) => bucketOf(`story-${i}`, 32)));
    expect(buckets.size).toBe(32);
    expect(versionsQueryInput('t', 'daily', 'related').ExpressionAttributeValues).toEqual({ ':pk': 'VERSIONS#daily', ':prefix': 'related#' });
  });
});
