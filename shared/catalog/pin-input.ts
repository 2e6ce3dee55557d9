import { z } from 'zod';
import { DAY_MS } from '../time.ts';

/** A pin may run at most this long: pins are for today's must-reads, not a permanent shelf. */
export const MAX_PIN_DAYS = 90;

/** Longest editorial note kept with a pin (it is for colleagues, never shown to readers). */
export const MAX_PIN_NOTE = 500;

/**
 * What an editor sends to pin an article (admin API body, `newspulse pins add`): `until` must lie after
 * `now` and at most MAX_PIN_DAYS ahead, and is normalised to UTC ISO so pins sort and compare as text.
 * `now` is passed in so that the rule is testable and replay-safe.
 */
export function pinInputSchema(now: Date) {
  const latest = now.getTime() + MAX_PIN_DAYS * DAY_MS;
  return z.strictObject({
    until: z.iso
      .datetime({ offset: true })
      .max(40)
      .transform((value) => new Date(value).toISOString())
      .refine((value) => Date.parse(value) > now.getTime(), 'must be in the future')
      .refine((value) => Date.parse(value) <= latest, `must be at most ${MAX_PIN_DAYS} days ahead`),
    note: z
      .string()
      .trim()
      .max(MAX_PIN_NOTE)
      .optional()
      .transform((value) => (value ? value : undefined)),
  });
}

export type PinInput = z.output<ReturnType<typeof pinInputSchema>>;
