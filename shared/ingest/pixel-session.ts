import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { isConditionFailed } from '../store/store-errors.ts';
import { getSaltInput, putSaltInput } from './salt-item.ts';
import { DAY_MS, toEpochSeconds } from '../time.ts';

/**
 * Session ids for the no-JavaScript pixel, which has no sessionStorage: a hash of the site, the visitor's
 * address and user agent with a random salt that changes every UTC day (as Plausible does). The address is
 * never stored, and yesterday's salt cannot be recomputed, so visitors cannot be followed across days.
 */
export function pixelSessionIds(db: Db) {
  const salts = new Map<string, string>();

  async function saltFor(day: string, now: number): Promise<string> {
    const known = salts.get(day);
    if (known) return known;
    const existing = await db.client.send(new GetCommand(getSaltInput(db.tableName, day)));
    let salt = existing.Item?.salt as string | undefined;
    if (!salt) {
      const fresh = randomBytes(16).toString('hex');
      try {
        await db.client.send(new PutCommand(putSaltInput(db.tableName, day, fresh, toEpochSeconds(now + 2 * DAY_MS))));
        salt = fresh;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        const winner = await db.client.send(new GetCommand(getSaltInput(db.tableName, day)));
        salt = winner.Item?.salt as string;
      }
    }
    salts.clear(); // only today's salt is ever needed again
    salts.set(day, salt);
    return salt;
  }

  return async (site: string, address: string, userAgent: string, now: number): Promise<string> => {
    const day = new Date(now).toISOString().slice(0, 10);
    const salt = await saltFor(day, now);
    return `px-${createHash('sha256').update(`${salt}|${site}|${address}|${userAgent}`).digest('base64url').slice(0, 32)}`;
  };
}
