/**
 * Call budgets per network, spent before every insights or audience call (src/insights/budget.repo.ts
 * takes them atomically across processes). `app` budgets are shared by every account of our app on
 * that network (Meta's app limit is one budget for Instagram and Facebook, hence the shared key);
 * `account` budgets are per connection. Windows are fixed (aligned to the epoch), which can let two
 * windows' worth through around a boundary, so the defaults stay below the documented limits.
 *
 * Defaults (configurable through INSIGHTS_RATE_LIMITS, a JSON object of the same shape):
 * - Meta app: 200 × daily active users per rolling hour; our DAU are the creators, so a modest default.
 * - Instagram BUC: 4,800 × impressions per 24 h per account; 4,800 is the floor for any account with views.
 * - Facebook Pages BUC: 4,800 × engaged users per 24 h per Page, same floor.
 * - TikTok: 600 requests per minute per endpoint (app).
 * - YouTube Data API: 10,000 quota units per day per project; videos.list costs 1 unit per call.
 * - Pinterest: 100 requests per second per user (standard access), and org_analytics per app (a
 *   conservative assumption: the category's figure is not published for standard access).
 */
import { DAY, HOUR, MINUTE, SECOND } from '../kernel/clock.ts';

export interface Budget {
  /** Shared key for `app` budgets (e.g. 'meta:app'); per-account budgets add the connection id. */
  key: string;
  scope: 'app' | 'account';
  limit: number;
  windowMs: number;
}

export type RateLimits = Record<string, Budget[]>;

export const defaultRateLimits: RateLimits = {
  instagram: [
    { key: 'meta:app', scope: 'app', limit: 20_000, windowMs: HOUR },
    { key: 'instagram:buc', scope: 'account', limit: 4_800, windowMs: DAY },
  ],
  facebook: [
    { key: 'meta:app', scope: 'app', limit: 20_000, windowMs: HOUR },
    { key: 'facebook:buc', scope: 'account', limit: 4_800, windowMs: DAY },
  ],
  tiktok: [{ key: 'tiktok:app', scope: 'app', limit: 600, windowMs: MINUTE }],
  youtube: [{ key: 'youtube:units', scope: 'app', limit: 10_000, windowMs: DAY }],
  pinterest: [
    { key: 'pinterest:user', scope: 'account', limit: 100, windowMs: SECOND },
    { key: 'pinterest:org_analytics', scope: 'app', limit: 1_000, windowMs: MINUTE },
  ],
};

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
