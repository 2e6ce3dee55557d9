import { describe, expect, it } from 'vitest';
import { getSaltInput, putSaltInput } from '../../../shared/ingest/salt-item.ts';

describe('daily salts', () => {
  it('are read strongly consistent and created once (the first writer wins)', () => {
    expect(getSaltInput('t', '2026-11-28')).toEqual({ TableName: 't', Key: { pk: 'SALT', sk: '2026-11-28' }, ConsistentRead: true });
    expect(putSaltInput('t', '2026-11-28', 'abc', 7)).toEqual({
      TableName: 't',
      Item: { pk: 'SALT', sk: '2026-11-28', salt: 'abc', expiresAt: 7 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});
