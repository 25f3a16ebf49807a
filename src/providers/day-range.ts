/**
 * The day ranges account insights are read over (DayRange in provider.ts): whole UTC days, at most 30,
 * since Instagram refuses a longer `since`/`until` span. Each network spells a range its own way
 * (Unix seconds on Graph, inclusive YYYY-MM-DD dates on YouTube Analytics and Pinterest); these helpers
 * keep the arithmetic in one place.
 */
import type { DayRange } from './provider.ts';

const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 30;

/** The range's length in days; a RangeError for a range that is not whole days, empty, or too long. */
export function rangeDays(range: DayRange): number {
  const since = range.since.getTime();
  const until = range.until.getTime();
  if (since % DAY_MS !== 0 || until % DAY_MS !== 0) throw new RangeError('an account insights range starts and ends at 00:00 UTC');
  const days = (until - since) / DAY_MS;
  if (days < 1 || days > MAX_RANGE_DAYS) throw new RangeError(`an account insights range covers 1 to ${MAX_RANGE_DAYS} days`);
  return days;
}

/** YYYY-MM-DD of a UTC instant. */
export function isoDay(date: Date | number): string {
  return new Date(date).toISOString().slice(0, 10);
}

/** The range's first and last day as inclusive dates (YouTube Analytics' startDate/endDate, Pinterest's start_date/end_date). */
export function inclusiveDays(range: DayRange): { first: string; last: string } {
  rangeDays(range);
  return { first: isoDay(range.since), last: isoDay(range.until.getTime() - DAY_MS) };
}

/** The range as Unix seconds (Graph's `since` and `until`). */
export function unixRange(range: DayRange): { since: string; until: string } {
  rangeDays(range);
  return { since: String(range.since.getTime() / 1000), until: String(range.until.getTime() / 1000) };
}

/** A count as networks send it (a number, or a decimal string on Google); null when absent or not a count. */
export function countOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
