import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../store/db.ts';
import { queryAll } from '../store/query-all.ts';
import { touchCatalog } from './catalog-store.ts';
import { deletePinInput, pinsQueryInput, putPinInput, toPin, type Pin } from './pin-item.ts';

export async function putPin(db: Db, site: string, pin: { articleId: string; until: string; note?: string }, now: Date): Promise<void> {
  const stored: Pin = { articleId: pin.articleId, until: new Date(pin.until).toISOString(), ...(pin.note ? { note: pin.note } : {}), createdAt: now.toISOString() };
  await db.client.send(new PutCommand(putPinInput(db.tableName, site, stored)));
  await touchCatalog(db, site);
}

export async function removePin(db: Db, site: string, articleId: string): Promise<boolean> {
  const result = await db.client.send(new DeleteCommand(deletePinInput(db.tableName, site, articleId)));
  if (result.Attributes === undefined) return false;
  await touchCatalog(db, site);
  return true;
}

/** Every pin of a site, expired ones included: the rank job filters by its own `at`, so replays work. */
export async function readPins(db: Db, site: string): Promise<Pin[]> {
  const { items } = await queryAll(db, pinsQueryInput(db.tableName, site));
  return items.map(toPin);
}
