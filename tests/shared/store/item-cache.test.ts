import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedItemsReader } from '../../../shared/store/item-cache.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
  await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'LIST#cache', sk: 'a', v: 1 } }));
});
afterAll(() => table.drop());

describe('cachedItemsReader', () => {
  it('reads each key once per lifetime, absent ones too, and again once it aged out', async () => {
    let now = 0;
    const read = cachedItemsReader(table, () => now, 60_000);
    const keys = [{ pk: 'LIST#cache', sk: 'a' }, { pk: 'LIST#cache', sk: 'absent' }];
    const first = await read(keys);
    expect(first.items).toMatchObject([{ sk: 'a', v: 1 }]);
    expect(first.readUnits).toBeGreaterThan(0);
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'LIST#cache', sk: 'a', v: 2 } }));
    now = 59_999;
    expect(await read(keys)).toEqual({ items: [{ pk: 'LIST#cache', sk: 'a', v: 1 }], readUnits: 0 }); // a minute's staleness, no read
    now = 60_000;
    const fresh = await read(keys);
    expect(fresh.items).toMatchObject([{ sk: 'a', v: 2 }]);
    expect(fresh.readUnits).toBeGreaterThan(0);
  });

  it('stays bounded whatever keys a client makes it read', async () => {
    const read = cachedItemsReader(table, () => 0, 60_000, 10);
    for (let i = 0; i < 25; i++) await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'LIST#cache', sk: `invented-${i}` } }));
    for (let i = 0; i < 25; i++) await read([{ pk: 'LIST#cache', sk: `invented-${i}` }]);
    // Past its bound it started over: the first key is read again (units spent), the last one is still cached.
    expect((await read([{ pk: 'LIST#cache', sk: 'invented-0' }])).readUnits).toBeGreaterThan(0);
    expect((await read([{ pk: 'LIST#cache', sk: 'invented-24' }])).readUnits).toBe(0);
  });
});
