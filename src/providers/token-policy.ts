/**
 * When each provider's token is refreshed, when a connection counts as expiring, and how failed
 * attempts back off. Each network's policy is in its profile; these rules, read by the sweeps and the
 * hand-out, apply them, and nothing else decides these things.
 *
 * Two instants matter for a connection: when its access token expires (`expiresAt`), and when the
 * grant as a whole ends (`grantExpiresAt`): the refresh token's end, the Facebook user token's or its
 * data access's end, whichever is first; null when there is no fixed end (Google). A connection is
 * over at the grant's end, not at the access token's (a TikTok access token lives two hours).
 */
import { DAY, HOUR, MINUTE } from '../kernel/clock.ts';
import type { PolicySettings, TokenPolicy } from './network-profile.ts';
import { profiles } from './profiles.ts';

export type { PolicySettings, TokenPolicy } from './network-profile.ts';

/** Each network's policy, by provider id, from its profile. */
export function tokenPolicies(settings: PolicySettings): Record<string, TokenPolicy> {
  return Object.fromEntries(profiles.map((profile) => [profile.id, profile.tokenPolicy(settings)]));
}

export interface TokenTimes {
  issuedAt: Date | null;
  expiresAt: Date | null;
  /** When the grant ends; undefined: the access token's expiry is the grant's end (Instagram). */
  grantExpiresAt?: Date | null;
  /** The connection's id, from which its refresh spread is derived; none: no spread. */
  spreadKey?: string;
}

/** How much earlier than its rule this connection refreshes: a fixed fraction of the spread, from its id. */
export function spreadOffsetMs(policy: Pick<TokenPolicy, 'spreadMs'>, spreadKey: string | undefined): number {
  if (!spreadKey || policy.spreadMs <= 0) return 0;
  // FNV-1a, then murmur3's finaliser so ids that differ in one character land far apart: cheap,
  // stable across processes and versions, and even over ids.
  let hash = 0x811c9dc5;
  for (let i = 0; i < spreadKey.length; i++) hash = Math.imul(hash ^ spreadKey.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return Math.floor((hash / 0x1_0000_0000) * policy.spreadMs);
}

const grantEnd = (token: TokenTimes): Date | null => (token.grantExpiresAt === undefined ? token.expiresAt : token.grantExpiresAt);

/** When a grant ends: the refresh token's end (or the access token's, without one), capped by data access. */
export function grantExpiresAt(tokens: { expiresAt: Date | null; hasRefreshToken: boolean; refreshTokenExpiresAt?: Date | null; dataAccessExpiresAt?: Date | null }): Date | null {
  const end = tokens.hasRefreshToken ? (tokens.refreshTokenExpiresAt ?? null) : tokens.expiresAt;
  const dataAccess = tokens.dataAccessExpiresAt ?? null;
  if (end === null) return dataAccess;
  if (dataAccess === null) return end;
  return end.getTime() <= dataAccess.getTime() ? end : dataAccess;
}

/** The instant from which the daily sweep should refresh this token, or null if it never should. */
export function refreshDueAt(policy: TokenPolicy, token: TokenTimes): Date | null {
  if (!policy.refreshable || !token.issuedAt) return null;
  const earliest = token.issuedAt.getTime() + policy.minRefreshAgeMs;
  const rule = policy.refreshWhen;
  const end = rule.by === 'expiry' ? token.expiresAt : rule.by === 'grant_expiry' ? grantEnd(token) : null;
  const planned = rule.by === 'age' ? token.issuedAt.getTime() + rule.afterMs : rule.by === 'never' || end === null ? null : end.getTime() - rule.marginMs;
  return planned === null ? null : new Date(Math.max(earliest, planned - spreadOffsetMs(policy, token.spreadKey)));
}

/**
 * The next refresh after one that just succeeded at `now`; null when refreshing again would not move
 * the grant's end (TikTok's fixed refresh-token end): the expiry watch then reminds the creator.
 */
export function nextRefreshDueAt(policy: TokenPolicy, token: TokenTimes, now: Date): Date | null {
  const due = refreshDueAt(policy, token);
  if (due === null) return null;
  return policy.refreshWhen.by === 'grant_expiry' && due.getTime() <= now.getTime() ? null : due;
}

export type RefreshDecision = { action: 'refresh'; reason: string } | { action: 'expire'; reason: string } | { action: 'skip'; reason: string };

const days = (ms: number) => `${(ms / DAY).toFixed(1)} days`;

function ruleText(policy: TokenPolicy): string {
  const rule = policy.refreshWhen;
  if (rule.by === 'age') return `refresh after ${days(rule.afterMs)}`;
  if (rule.by === 'expiry') return `refresh ${days(rule.marginMs)} before the access token expires`;
  if (rule.by === 'grant_expiry') return `refresh ${days(rule.marginMs)} before the refresh token ends`;
  return 'never refreshed';
}

/** Re-checked after a claim, and printed by `refresh --dry-run`. */
export function refreshDecision(policy: TokenPolicy, token: TokenTimes, now: Date, retryDue = false): RefreshDecision {
  const age = token.issuedAt ? now.getTime() - token.issuedAt.getTime() : null;
  const end = grantEnd(token);
  const left = end ? end.getTime() - now.getTime() : null;
  if (left !== null && left <= 0) return { action: 'expire', reason: `${end === token.expiresAt ? 'token' : 'grant'} expired ${days(-left)} ago` };
  if (!policy.refreshable) return { action: 'skip', reason: 'this provider cannot refresh from the server' };
  if (age === null) return { action: 'skip', reason: 'token issue time unknown' };
  if (age < policy.minRefreshAgeMs) return { action: 'skip', reason: `token is ${days(age)} old, younger than 24 hours` };
  const dueAt = refreshDueAt(policy, token);
  const expiresIn = left === null ? '' : `, expires in ${days(left)}`;
  if (retryDue) return { action: 'refresh', reason: `retrying a failed refresh; token is ${days(age)} old${expiresIn}` };
  if (dueAt && dueAt.getTime() <= now.getTime()) {
    return { action: 'refresh', reason: `token is ${days(age)} old (${ruleText(policy)})${expiresIn}` };
  }
  return { action: 'skip', reason: `not due until ${dueAt?.toISOString() ?? 'never'}` };
}

export interface ExpiryNotice {
  /** Move an active connection to `expiring`. */
  expiring: boolean;
  /** The reminder due now (days before the end), or null. */
  reminderDay: number | null;
}

/**
 * For a grant nothing scheduled can extend: whether it is now `expiring`, and which reminder is due.
 * Only the nearest threshold crossed is due, so a service that was down for a week sends the
 * 3-day reminder, not the 14-day one too late.
 */
export function expiryNotice(policy: TokenPolicy, grantEnds: Date | null, now: Date): ExpiryNotice {
  if (grantEnds === null) return { expiring: false, reminderDay: null };
  const left = grantEnds.getTime() - now.getTime();
  if (left <= 0) return { expiring: false, reminderDay: null };
  const crossed = policy.reminderDays.filter((day) => left <= day * DAY);
  return { expiring: left <= policy.expiringWithinMs, reminderDay: crossed.length ? Math.min(...crossed) : null };
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
