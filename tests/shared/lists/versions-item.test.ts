import { describe, expect, it } from 'vitest';
import { pendingDeletes, pendingPuts, toWrittenVersions, versionsPuts, versionsQueryInput } from '../../../shared/lists/versions-item.ts';

describe('versions items', () => {
  it('record versions in sorted chunks and a rewrite marker the reader does not trust', () => {
    const versions = Object.fromEntries(Array.from({ length: 4001 }, (_, i) => [`a${String(i).padStart(5, '0')}`, `v${i}`]));
    const puts = versionsPuts('daily', 'related', versions);
    expect(puts.map((p) => ('PutRequest' in p ? p.PutRequest.Item.sk : ''))).toEqual(['related#0000', 'related#0001']);
    const marker = pendingPuts('daily', 'related', ['a00001', 'a00002']);
    expect(marker).toEqual([{ PutRequest: { Item: { pk: 'VERSIONS#daily', sk: 'related#rewriting#0000', rewriting: ['a00001', 'a00002'] } } }]);
    const items = [...puts, ...marker].map((p) => ('PutRequest' in p ? p.PutRequest.Item : {}));
    const read = toWrittenVersions(items);
    expect(read.pendingChunks).toBe(1);
    expect(read.versions.a00001).toBeUndefined();
    expect(read.versions.a00003).toBe('v3');
    expect(Object.keys(read.versions)).toHaveLength(3999);
    expect(pendingDeletes('daily', 'related', 2)).toEqual([
      { DeleteRequest: { Key: { pk: 'VERSIONS#daily', sk: 'related#rewriting#0000' } } },
      { DeleteRequest: { Key: { pk: 'VERSIONS#daily', sk: 'related#rewriting#0001' } } },
    ]);
    expect(versionsQueryInput('t', 'daily', 'related').ExpressionAttributeValues).toEqual({ ':pk': 'VERSIONS#daily', ':prefix': 'related#' });
  });
});
