import { isbot } from 'isbot';
import * as z from 'zod';
import { engageEventSchema, viewEventSchema } from '../ingest/events.ts';
import type { TimedEvent } from '../ingest/record-events.ts';
import { zodLine, type LineVerdict } from './ndjson-import.ts';

/**
 * One line of `newspulse import`: an ingest event plus when it happened, and optionally the user agent it
 * came with (so bots in history are ignored by the same rule as live ones).
 */
const extra = { ts: z.iso.datetime({ offset: true }), userAgent: z.string().max(512).optional() };
export const importLineSchema = z.discriminatedUnion('type', [viewEventSchema.extend(extra), engageEventSchema.extend(extra)]);

const asLine = zodLine(importLineSchema);

/**
 * A history line's event with its time, and whether its user agent is a bot (the rule live ingest applies); or
 * why the line is refused. `newspulse import` and `newspulse evaluate` read history through this one function.
 */
export function importedEvent(json: unknown): LineVerdict<{ event: TimedEvent; isBot: boolean }> {
  const verdict = asLine(json);
  if ('reason' in verdict) return verdict;
  const { userAgent, ts, ...event } = verdict.value;
  return { value: { event: { ...event, ts: Date.parse(ts) } as TimedEvent, isBot: isbot(userAgent ?? '') } };
}
