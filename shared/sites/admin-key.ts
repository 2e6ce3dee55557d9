import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random admin key: shown to the operator once, stored only as a hash. */
export function newAdminKey(): string {
  return `np_${randomBytes(24).toString('base64url')}`;
}

/** Keys are 192 random bits, so a plain SHA-256 is enough (no password stretching needed). */
export function hashAdminKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function adminKeyMatches(key: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashAdminKey(key), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
