import * as z from 'zod';
import { DAY_MS } from '../time.ts';

/** A pin may run at most this long: pins are for today's must-reads, not a permanent shelf. */
const MAX_PIN_DAYS = 90;

/** Longest editorial note kept with a pin (it is for colleagues, never shown to readers). */
const MAX_PIN_NOTE = 500;

/** An ISO time with an offset, normalised to UTC ISO so pins sort and compare as text. */
const untilSchema = z.iso
  .datetime({ offset: true })
  .max(40)
  .transform((value) => new Date(value).toISOString());

/** The shape of a pin request (what /v1/openapi.json shows); pinInputSchema adds the rules that need `now`. */
export const pinBodySchema = z.strictObject({
  until: untilSchema,
  note: z
    .string()
    .trim()
    .max(MAX_PIN_NOTE)
    .optional()
    .transform((value) => (value ? value : undefined)),
});

/**
 * What an editor sends to pin an article (admin API body, `newspulse pins add`): `until` must lie after
 * `now` and at most MAX_PIN_DAYS ahead. `now` is passed in so that the rule is testable and replay-safe.
 */
export function pinInputSchema(now: Date) {
  const latest = now.getTime() + MAX_PIN_DAYS * DAY_MS;
  return pinBodySchema.extend({
    until: untilSchema
      .refine((value) => Date.parse(value) > now.getTime(), 'must be in the future')
      .refine((value) => Date.parse(value) <= latest, `must be at most ${MAX_PIN_DAYS} days ahead`),
  });
}
