/**
 * When a channel's own figures and audience are read (docs/api.md#account-insights): figures once every
 * UTC day, audience once a week, each at the channel's own slot of the day, so 100,000 channels are read
 * spread over the hours instead of all at midnight, and a channel connected at 09:00 is not read at 09:00
 * for ever. A failed read is tried again after a growing wait, then at the next regular time; a spent
 * budget is not a failure (the read waits for the budget's window and counts no attempt).
 */
import { DAY, HOUR } from '../kernel/clock.ts';
import type { DayRange } from '../providers/provider.ts';
import type { AccountScheduleKind } from './account-insights.table.ts';

/** Figures cover the 28 whole days before the reading's day: the window the networks' own dashboards show. */
export const READING_RANGE_DAYS = 28;
export const EVERY_MS: Record<AccountScheduleKind, number> = { figures: DAY, audience: 7 * DAY };
/** Slots fall in the first 20 hours of the UTC day, leaving the rest for catching up. */
const SLOT_SPAN_MS = 20 * HOUR;
/** Waits after the 1st and 2nd failure in a row; from the 3rd on, the regular time. */
export const RETRY_MS = [HOUR, 6 * HOUR] as const;

/** The channel's fixed offset into the day, derived from its id (FNV-1a), the same in every process. */
export function slotOf(connectionId: string): number {
  let h = 2_166_136_261;
  for (const c of connectionId) h = Math.imul(h ^ c.charCodeAt(0), 16_777_619);
  return ((h >>> 0) % (SLOT_SPAN_MS / 60_000)) * 60_000;
}

/** After a reading at `now`: the channel's slot on the day a cadence later (figures tomorrow, audience in a week). */
export function nextReadingAt(connectionId: string, kind: AccountScheduleKind, now: Date): Date {
  const day = Math.floor(now.getTime() / DAY) * DAY;
  return new Date(day + EVERY_MS[kind] + slotOf(connectionId));
}

/** After the `failures`-th failure in a row: a short wait, at least what the network asked, at most the regular time. */
export function retryAt(connectionId: string, kind: AccountScheduleKind, now: Date, failures: number, retryAfterMs = 0): Date {
  const regular = nextReadingAt(connectionId, kind, now);
  const wait = RETRY_MS[Math.max(1, failures) - 1];
  if (wait === undefined) return regular;
  const soon = new Date(now.getTime() + Math.max(wait, retryAfterMs));
  return soon < regular ? soon : regular;
}

/** The whole days a reading at `now` covers: the 28 before the current UTC day. */
export function readingRange(now: Date): DayRange {
  const until = Math.floor(now.getTime() / DAY) * DAY;
  return { since: new Date(until - READING_RANGE_DAYS * DAY), until: new Date(until) };
}

/** The UTC day a reading at `now` is kept under, YYYY-MM-DD. */
export function readingDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}
