import * as z from 'zod';
import { engageEventSchema, viewEventSchema } from '../ingest/events.ts';

/**
 * One line of `newspulse import`: an ingest event plus when it happened, and optionally the user agent it
 * came with (so bots in history are ignored by the same rule as live ones).
 */
const extra = { ts: z.iso.datetime({ offset: true }), userAgent: z.string().max(512).optional() };
export const importLineSchema = z.discriminatedUnion('type', [viewEventSchema.extend(extra), engageEventSchema.extend(extra)]);
