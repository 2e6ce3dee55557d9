import { describe, expect, it } from 'vitest';
import { deletePinInput, pinsQueryInput, putPinInput, toPin } from '../../../shared/catalog/pin-item.ts';

const now = new Date('2026-11-28T12:00:00Z');

describe('pin items', () => {
  it('expire a day after the pin ends, so replays of its last day still see it', () => {
    const pin = { articleId: 'story-1', until: '2026-11-30T00:00:00.000Z', createdAt: now.toISOString() };
    const { Item } = putPinInput('t', 'daily', pin);
    expect(Item).toEqual({ pk: 'PINS#daily', sk: 'story-1', ...pin, expiresAt: Date.parse('2026-12-01T00:00:00Z') / 1000 });
    expect(toPin(Item!)).toEqual(pin);
    expect(pinsQueryInput('t', 'daily').ExpressionAttributeValues).toEqual({ ':pk': 'PINS#daily' });
    expect(deletePinInput('t', 'daily', 'story-1')).toMatchObject({ Key: { pk: 'PINS#daily', sk: 'story-1' }, ReturnValues: 'ALL_OLD' });
  });
});
