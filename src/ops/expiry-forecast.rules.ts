/**
 * What the expiry watch (connections/expiry-watch.ts) will do in the coming days, for the ops view: which
 * grants end with nothing scheduled to extend them, and when their creators are reminded. The
 * reminder instants follow `expiryNotice` (a reminder of N days is due once `left <= N days`); a test
 * pins the two together, so the forecast cannot drift from what the watch sends.
 */
import { DAY } from '../kernel/clock.ts';
import type { TokenPolicy } from '../providers/token-policy.ts';

export interface ForecastGrant {
  grantExpiresAt: Date | null;
  refreshDueAt: Date | null;
}

/**
 * A grant ends at `grantExpiresAt` unless a refresh is scheduled before then (a scheduled refresh is
 * assumed to extend it; if it does not, the refresh stops scheduling itself and the grant shows up
 * here). Storage selects the same set in SQL: `refresh_due_at is null or refresh_due_at >= grant_expires_at`.
 */
export function endsUnextended(grant: ForecastGrant): boolean {
  if (grant.grantExpiresAt === null) return false;
  return grant.refreshDueAt === null || grant.refreshDueAt.getTime() >= grant.grantExpiresAt.getTime();
}

/** The instants after `now` at which the creator of a grant ending at `grantEnds` is reminded. */
export function reminderInstants(policy: TokenPolicy, grantEnds: Date, now: Date): { day: number; at: Date }[] {
  return policy.reminderDays.map((day) => ({ day, at: new Date(grantEnds.getTime() - day * DAY) })).filter((reminder) => reminder.at.getTime() > now.getTime());
}

/** The UTC calendar day of an instant, as `YYYY-MM-DD`. */
export const utcDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/** The `count` UTC days from the one holding `now`, as `YYYY-MM-DD`. */
export function forecastDays(now: Date, count: number): string[] {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) => utcDay(new Date(start + i * DAY)));
}

/** A set of grants that end on the same UTC day and on the same side of `now`'s time of day (see stats.repo.ts). */
export interface GrantGroup {
  provider: string;
  /** Any member's end: every member gives the same UTC days and the same comparisons with `now`. */
  sampleEnd: Date;
  count: number;
}

export interface DayForecast {
  date: string;
  expirations: number;
  reminders: number;
}

/** Expected expirations and reminders per UTC day, over `days` days from today, from unextended grants. */
export function forecastExpiries(policies: Record<string, TokenPolicy>, groups: GrantGroup[], now: Date, days: number): DayForecast[] {
  const series = new Map(forecastDays(now, days).map((date) => [date, { date, expirations: 0, reminders: 0 }]));
  for (const group of groups) {
    if (group.sampleEnd.getTime() <= now.getTime()) continue;
    const end = series.get(utcDay(group.sampleEnd));
    if (end) end.expirations += group.count;
    const policy = policies[group.provider];
    for (const reminder of policy ? reminderInstants(policy, group.sampleEnd, now) : []) {
      const day = series.get(utcDay(reminder.at));
      if (day) day.reminders += group.count;
    }
  }
  return [...series.values()];
}
