/**
 * When each provider's token is refreshed, when a connection counts as expiring, and how failed
 * attempts back off. One table, read by the sweeper; nothing else decides these things.
 */
import { DAY, HOUR, MINUTE } from './clock.ts';

export interface TokenPolicy {
  /** False where the server cannot extend the token (it is then only watched for expiry). */
  refreshable: boolean;
  /**
   * `age`: refresh once the token is this old (Instagram: the refresh extends 60 days from now,
   * so refreshing by age keeps a steady rhythm). `expiry`: refresh this long before it expires.
   */
  refreshWhen: { by: 'age'; afterMs: number } | { by: 'expiry'; marginMs: number };
  /** A token younger than this is never refreshed (Instagram refuses it). */
  minRefreshAgeMs: number;
  /** Within this window of expiry a connection whose refresh keeps failing turns `expiring`. */
  expiringWithinMs: number;
}

export interface PolicySettings {
  refreshAfterDays: number;
}

export function tokenPolicies(settings: PolicySettings): Record<string, TokenPolicy> {
  return {
    instagram: {
      refreshable: true,
      refreshWhen: { by: 'age', afterMs: settings.refreshAfterDays * DAY },
      minRefreshAgeMs: 24 * HOUR,
      expiringWithinMs: 7 * DAY,
    },
  };
}

export interface TokenTimes {
  issuedAt: Date | null;
  expiresAt: Date | null;
}

/** The instant from which the daily sweep should refresh this token, or null if it never should. */
export function refreshDueAt(policy: TokenPolicy, token: TokenTimes): Date | null {
  if (!policy.refreshable || !token.issuedAt) return null;
  const earliest = token.issuedAt.getTime() + policy.minRefreshAgeMs;
  const planned =
    policy.refreshWhen.by === 'age'
      ? token.issuedAt.getTime() + policy.refreshWhen.afterMs
      : token.expiresAt
        ? token.expiresAt.getTime() - policy.refreshWhen.marginMs
        : null;
  return planned === null ? null : new Date(Math.max(earliest, planned));
}

export type RefreshDecision =
  | { action: 'refresh'; reason: string }
  | { action: 'expire'; reason: string }
  | { action: 'skip'; reason: string };

const days = (ms: number) => `${(ms / DAY).toFixed(1)} days`;

/** Re-checked after a claim, and printed by `refresh --dry-run`. */
export function refreshDecision(policy: TokenPolicy, token: TokenTimes, now: Date, retryDue = false): RefreshDecision {
  const age = token.issuedAt ? now.getTime() - token.issuedAt.getTime() : null;
  const left = token.expiresAt ? token.expiresAt.getTime() - now.getTime() : null;
  if (left !== null && left <= 0) return { action: 'expire', reason: `token expired ${days(-left)} ago` };
  if (!policy.refreshable) return { action: 'skip', reason: 'this provider cannot refresh from the server' };
  if (age === null) return { action: 'skip', reason: 'token issue time unknown' };
  if (age < policy.minRefreshAgeMs) return { action: 'skip', reason: `token is ${days(age)} old, younger than 24 hours` };
  const dueAt = refreshDueAt(policy, token);
  const expiresIn = left === null ? '' : `, expires in ${days(left)}`;
  if (retryDue) return { action: 'refresh', reason: `retrying a failed refresh; token is ${days(age)} old${expiresIn}` };
  if (dueAt && dueAt.getTime() <= now.getTime()) {
    const rule = policy.refreshWhen.by === 'age' ? `refresh after ${days(policy.refreshWhen.afterMs)}` : `refresh ${days(policy.refreshWhen.marginMs)} before expiry`;
    return { action: 'refresh', reason: `token is ${days(age)} old (${rule})${expiresIn}` };
  }
  return { action: 'skip', reason: `not due until ${dueAt?.toISOString() ?? 'never'}` };
}

const RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR];

/**
 * Delay before retry number `attempt` (1-based) of a transient failure, honouring the provider's
 * retry-after. Null once the same-day retries are spent: the next daily run tries again.
 */
export function retryDelayMs(attempt: number, retryAfterSeconds?: number): number | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.max(base, (retryAfterSeconds ?? 0) * 1000);
}
