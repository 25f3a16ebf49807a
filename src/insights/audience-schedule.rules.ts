/**
 * When a channel's audience is read next. Weekly after a read; a read that failed (missing scope, a
 * throttle, a network error) is tried again after a growing wait and then falls back to the weekly
 * cadence, so a channel that keeps failing is neither retried first every run nor given up on. A
 * spent budget is not a failure: the read waits for the budget's window, and counts no attempt.
 */
import { DAY, HOUR } from '../kernel/clock.ts';

export const AUDIENCE_EVERY_MS = 7 * DAY;

/** Waits after the 1st, 2nd and 3rd failure in a row; from the 4th on, the weekly cadence. */
export const AUDIENCE_RETRY_MS = [HOUR, 6 * HOUR, DAY] as const;

/** The wait after the `failures`-th failure in a row (1-based), at least what the network asked for. */
export function audienceRetryDelay(failures: number, retryAfterMs = 0): number {
  const backoff = AUDIENCE_RETRY_MS[Math.max(1, failures) - 1] ?? AUDIENCE_EVERY_MS;
  return Math.max(backoff, retryAfterMs);
}
