import type { GetCommandInput, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { HourlyViews } from '../rank/hourly-views.ts';
import { PARTITIONS, type Key } from '../store/partitions.ts';

/**
 * What the editors' dashboard reads, written by each rank run that found something new: one item per site,
 * readable by the admin function only (infra/table-access.ts).
 *
 *   pk DASHBOARD#{site}   sk hourly-views   generatedAt, v (HourlyViews as deflated JSON)
 */
function dashboardKey(site: string): Key {
  return { pk: `${PARTITIONS.dashboard}${site}`, sk: 'hourly-views' };
}

export function putHourlyViewsInput(table: string, site: string, views: HourlyViews, generatedAt: string): PutCommandInput {
  return {
    TableName: table,
    Item: { ...dashboardKey(site), generatedAt, v: new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(views)))) },
    ReturnConsumedCapacity: 'TOTAL',
  };
}

export function getHourlyViewsInput(table: string, site: string): GetCommandInput {
  return { TableName: table, Key: dashboardKey(site) };
}

export function toHourlyViews(item: Record<string, unknown>): HourlyViews & { generatedAt: string } {
  const views = JSON.parse(inflateRawSync(item.v as Uint8Array).toString('utf8')) as HourlyViews;
  return { generatedAt: String(item.generatedAt), ...views };
}
