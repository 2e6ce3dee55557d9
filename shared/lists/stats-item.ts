import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { PARTITIONS, type Key } from '../store/partitions.ts';

/**
 * The "Views: 8,184" of an article: counted views per UTC day, and in the trailing 7 days, as of the last
 * rank run. All-time views are the sum of the day attributes, so no ever-growing counter that a replay could
 * double.
 *
 *   pk STATS#{site}   sk {articleId}   d{YYYYMMDD} (views that day, one attribute per day), views7d, updatedAt
 */
export interface ArticleStats {
  /** `dYYYYMMDD` → views that day. */
  days: Record<string, number>;
  views7d: number;
}

export function statsKey(site: string, articleId: string): Key {
  return { pk: `${PARTITIONS.stats}${site}`, sk: articleId };
}

/** Sets the days given (idempotent, unlike ADD) and views7d, leaving older days as they are. */
export function updateStatsInput(table: string, site: string, articleId: string, stats: ArticleStats, updatedAt: string): UpdateCommandInput {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':w': stats.views7d, ':u': updatedAt };
  const sets = ['views7d = :w', 'updatedAt = :u'];
  Object.entries(stats.days).forEach(([day, count], i) => {
    names[`#d${i}`] = day;
    values[`:d${i}`] = count;
    sets.push(`#d${i} = :d${i}`);
  });
  return {
    TableName: table,
    Key: statsKey(site, articleId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
    ReturnConsumedCapacity: 'TOTAL',
  };
}

/** Total views from a stored stats item: the sum of its day attributes. */
export function totalViews(item: Record<string, unknown>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) if (/^d\d{8}$/.test(name) && typeof value === 'number') total += value;
  return total;
}
