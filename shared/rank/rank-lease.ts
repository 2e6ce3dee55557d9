import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { isConditionFailed } from '../store/store-errors.ts';
import { releaseLeaseInput, takeLeaseInput } from './run-state-item.ts';

/**
 * One rank run of a site at a time on AWS (run-state-item.ts takeLeaseInput). Returns the holder to give back,
 * or undefined when another run holds the site: the caller skips its message, the holder's run covers it.
 */
export async function takeRankLease(db: Db, site: string, nowMs: number, leaseMs: number): Promise<string | undefined> {
  const holder = randomUUID();
  try {
    await db.client.send(new UpdateCommand(takeLeaseInput(db.tableName, site, nowMs, nowMs + leaseMs, holder)));
    return holder;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

export async function releaseRankLease(db: Db, site: string, holder: string): Promise<void> {
  try {
    await db.client.send(new UpdateCommand(releaseLeaseInput(db.tableName, site, holder)));
  } catch (error) {
    if (!isConditionFailed(error)) throw error; // expired and taken by another run: theirs now
  }
}
