import { SLOTS_PER_HOUR, emptyAggregate, pairKey, type HourAggregate } from '../../shared/window/hour-aggregate.ts';
import { parseRollup } from '../../shared/window/rollup-format.ts';

/**
 * A rollup's text back into the aggregate it was encoded from, so tests can check a round trip whole. The
 * service itself never needs this form: it decodes rollups straight into HourCounts.
 */
export function decodeAggregate(hour: string, lines: Iterable<string>): HourAggregate {
  const out = emptyAggregate(hour);
  const ids: string[] = [];
  parseRollup(lines, SLOTS_PER_HOUR, {
    article: (position, articleId) => {
      ids[position] = articleId;
    },
    views: (position, slots) => {
      out.views.set(ids[position]!, [...slots]);
    },
    engagement: (position, n, s, d) => {
      out.engagement.set(ids[position]!, [n, s, d]);
    },
    pair: (a, b, n) => {
      out.pairs.set(pairKey(ids[a]!, ids[b]!), n);
    },
    ignored: (n) => {
      out.ignoredViews += n;
    },
  });
  return out;
}
