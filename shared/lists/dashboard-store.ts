import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HourlyViews } from '../rank/hourly-views.ts';
import type { Db } from '../store/db.ts';
import { getHourlyViewsInput, putHourlyViewsInput, toHourlyViews } from './dashboard-item.ts';

/** Stores what the dashboard draws (dashboard-item.ts); returns the write units. */
export async function writeHourlyViews(db: Db, site: string, views: HourlyViews, generatedAt: string): Promise<number> {
  const result = await db.client.send(new PutCommand(putHourlyViewsInput(db.tableName, site, views, generatedAt)));
  return result.ConsumedCapacity?.CapacityUnits ?? 0;
}

export async function readHourlyViews(db: Db, site: string): Promise<(HourlyViews & { generatedAt: string }) | undefined> {
  const result = await db.client.send(new GetCommand(getHourlyViewsInput(db.tableName, site)));
  return result.Item ? toHourlyViews(result.Item) : undefined;
}
