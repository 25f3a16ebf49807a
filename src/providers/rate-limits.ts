/**
 * Call budgets per network, spent before every insights or audience call (src/insights/budget.repo.ts
 * takes them atomically across processes). `app` budgets are shared by every account of our app on
 * that network (Meta's app limit is one budget for Instagram and Facebook, hence the shared key);
 * `account` budgets are per connection. Windows are fixed (aligned to the epoch), which can let two
 * windows' worth through around a boundary, so the defaults stay below the documented limits.
 *
 * The defaults are each network's profile (`rateLimits`, with the documented limit each follows);
 * INSIGHTS_RATE_LIMITS, a JSON object of the same shape, replaces them network by network.
 */
import type { Budget } from './network-profile.ts';
import { profiles } from './profiles.ts';

export type { Budget } from './network-profile.ts';

export type RateLimits = Record<string, Budget[]>;

export const defaultRateLimits: RateLimits = Object.fromEntries(profiles.map((profile) => [profile.id, [...profile.rateLimits]]));

/** Above this share of a limit used (Meta's usage headers), an account's calls wait a while. */
export const SLOW_DOWN_PERCENT = 90;

/** The budget keys one call of `network` for `connectionId` spends, with the window each is counted in. */
export function budgetsFor(limits: RateLimits, network: string, connectionId: string, now: Date): { key: string; limit: number; windowStart: Date; windowEnd: Date }[] {
  return (limits[network] ?? []).map((budget) => {
    const start = Math.floor(now.getTime() / budget.windowMs) * budget.windowMs;
    return {
      key: budget.scope === 'account' ? `${budget.key}:${connectionId}` : budget.key,
      limit: budget.limit,
      windowStart: new Date(start),
      windowEnd: new Date(start + budget.windowMs),
    };
  });
}

/** Merges a configured override over the defaults, network by network. */
export function rateLimitsFrom(override: Partial<RateLimits> | undefined): RateLimits {
  return { ...defaultRateLimits, ...(override ?? {}) } as RateLimits;
}
