/**
 * Refreshes one claimed connection and records the outcome. The new token replaces the old one
 * atomically (one statement: transition, sealed tokens and event), compare-and-swap on the version
 * read at claim time; a failure is classified by the adapter and handled on its `kind` alone.
 */
import { MINUTE } from '../kernel/clock.ts';
import { isConnectionFailure } from '../platform/db/connection-failure.ts';
import type { Deps } from '../platform/deps.ts';
import { type OAuthProvider, ProviderError, type TokenSet } from '../providers/provider.ts';
import { expiryNotice, grantExpiresAt, nextRefreshDueAt, refreshDecision, retryDelayMs, type TokenPolicy } from '../providers/token-policy.ts';
import { type Connection, transitions } from './connection.rules.ts';
import { applyTransition, getConnectionById, type RefreshedToken, readSealedTokens, recordEvent, storeRefreshedToken, updateIfVersion } from './connections.repo.ts';
import { markDisconnected } from './disconnect.ts';
import { type ClaimedConnection, markRefreshStarted, pauseProvider, releaseLease } from './refresh.repo.ts';
import { refusalReason } from './refusal-reason.rules.ts';

/** Longer than any provider call (PROVIDER_TIMEOUT_MS) plus the commit, so a lease never lapses mid-call. */
export const LEASE_SECONDS = 300;

export type RefreshOutcome = 'refreshed' | 'skipped' | 'retry_scheduled' | 'disconnected' | 'conflict' | 'paused';

/** Providers this sweep learned are throttled app-wide: their remaining claims go back untouched. */
export type PausedSet = Set<string>;

export interface RefreshOptions {
  /** Refresh whatever the schedule says (a hand-out found the access token stale); the grant's end still wins. */
  force?: boolean;
  /** How the refreshed token is stored (the sweep shares commits: refresh-store-group.ts); default: a statement of its own. */
  store?: (input: RefreshedToken) => Promise<boolean>;
}

/** Refreshes (or skips, or expires) a claimed connection and counts the outcome in `channelkeeper_refreshes_total`. */
export async function refreshClaimed(deps: Deps, connection: ClaimedConnection, paused: PausedSet = new Set(), options: RefreshOptions = {}): Promise<RefreshOutcome> {
  let outcome: RefreshOutcome | 'error' = 'error';
  try {
    outcome = await refreshOrSkip(deps, connection, paused, options);
    return outcome;
  } finally {
    deps.metrics.refresh(connection.provider, outcome);
  }
}

async function refreshOrSkip(deps: Deps, connection: ClaimedConnection, paused: PausedSet, options: RefreshOptions): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  const policy = deps.policies[connection.provider];
  const provider = deps.providers.get(connection.provider);
  if (paused.has(connection.provider) || !policy || !provider || !connection.accessTokenSealed) {
    await releaseLease(deps.db, connection.id, deps.instanceId);
    return paused.has(connection.provider) ? 'paused' : 'skipped';
  }
  const retryDue = options.force === true || (connection.refreshRetryAt !== null && connection.refreshRetryAt <= now);
  const decision = refreshDecision(policy, tokenTimes(connection), now, retryDue);
  if (decision.action === 'expire') {
    const done = await markDisconnected(deps, connection, { reason: 'expired', expectedVersion: connection.version });
    return done ? 'disconnected' : 'conflict';
  }
  if (decision.action === 'skip') {
    await releaseLease(deps.db, connection.id, deps.instanceId);
    return 'skipped';
  }
  return callProvider(deps, connection, { policy, provider, paused, store: options.store ?? ((input) => storeRefreshedToken(deps.db, deps.clock, input)) });
}

export const tokenTimes = (connection: Connection) => ({
  issuedAt: connection.tokenIssuedAt,
  expiresAt: connection.tokenExpiresAt,
  grantExpiresAt: connection.grantExpiresAt,
  spreadKey: connection.id,
});

interface CallContext {
  policy: TokenPolicy;
  provider: OAuthProvider;
  paused: PausedSet;
  store: (input: RefreshedToken) => Promise<boolean>;
}

async function callProvider(deps: Deps, connection: ClaimedConnection, call: CallContext): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  // A previous attempt that spent a rotating refresh token died before storing the new one.
  const interrupted = connection.refreshStartedAt !== null;
  try {
    const accessToken = deps.keyRing.open(connection.accessTokenSealed!, `${connection.id}:access`);
    const refreshToken = connection.refreshTokenSealed ? deps.keyRing.open(connection.refreshTokenSealed, `${connection.id}:refresh`) : undefined;
    // The network rotates away what we present (the refresh token, or Instagram's long-lived token itself).
    if (call.policy.rotatesRefreshToken) {
      const retryAt = new Date(now.getTime() + LEASE_SECONDS * 1000 + MINUTE);
      // Our lease lapsed (this process stalled) and another may hold the row: spending the token now could spend it twice.
      if (!(await markRefreshStarted(deps.db, connection.id, deps.instanceId, now, retryAt, LEASE_SECONDS))) return 'conflict';
    }
    const tokens = await call.provider.refreshToken({ accessToken, refreshToken });
    const spent = refreshToken === undefined ? { kind: 'access' as const, value: accessToken } : { kind: 'refresh' as const, value: refreshToken };
    const applied = await storeAnswer(deps, connection, call, tokens, spent);
    deps.logger.debug({ connectionId: connection.id, applied, expiresAt: tokens.expiresAt }, 'token refreshed');
    if (!applied) await releaseLease(deps.db, connection.id, deps.instanceId);
    await easeOffNearLimit(deps, connection.provider, tokens.appUsagePercent, call.paused);
    return applied ? 'refreshed' : 'conflict';
  } catch (error) {
    return handleFailure(deps, connection, error, call.paused, { interrupted, rotates: call.policy.rotatesRefreshToken });
  }
}

/**
 * Stores the answer, compare-and-swap on the version. The network has already spent what we sent, so
 * a version bumped by bookkeeping meanwhile (the expiry watch turning the row `expiring`) must not cost
 * the new token: while the row is still refreshable and still holds the token we spent, store again on
 * the fresh version. A disconnect, or a reconnect (a new grant with tokens of its own), wins.
 */
async function storeAnswer(deps: Deps, claimed: ClaimedConnection, call: CallContext, tokens: TokenSet, spent: SpentToken): Promise<boolean> {
  let current: ClaimedConnection | undefined = claimed;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    if (await call.store(refreshedRecord(deps, current, call.policy, tokens))) return true;
    current = await stillHolding(deps, claimed.id, spent);
  }
  return false;
}

interface SpentToken {
  kind: 'access' | 'refresh';
  value: string;
}

/** The row as it is now, if a refresh may still apply to it and it still holds the token we spent. */
async function stillHolding(deps: Deps, id: string, spent: SpentToken): Promise<ClaimedConnection | undefined> {
  const connection = await getConnectionById(deps.db, id);
  const sealed = await readSealedTokens(deps.db, id);
  if (!connection || !sealed || !(transitions.refreshed.from as readonly string[]).includes(connection.status)) return undefined;
  const held = spent.kind === 'refresh' ? sealed.refreshTokenSealed : sealed.accessTokenSealed;
  if (held === null || deps.keyRing.open(held, `${id}:${spent.kind}`) !== spent.value) return undefined;
  return { ...connection, accessTokenSealed: sealed.accessTokenSealed, refreshTokenSealed: sealed.refreshTokenSealed };
}

/** The new tokens as one row: a rotated refresh token replaces the old one in the same statement. */
function refreshedRecord(deps: Deps, connection: ClaimedConnection, policy: TokenPolicy, tokens: TokenSet): RefreshedToken {
  const hasRefresh = tokens.refreshToken !== undefined || connection.refreshTokenSealed !== null;
  // Providers that say nothing of the refresh token's end on refresh (Google) keep the end we knew.
  const refreshEnd = tokens.refreshTokenExpiresAt !== undefined ? tokens.refreshTokenExpiresAt : connection.grantExpiresAt;
  const grantEnds = grantExpiresAt({ expiresAt: tokens.expiresAt, hasRefreshToken: hasRefresh, refreshTokenExpiresAt: refreshEnd });
  const times = { issuedAt: tokens.issuedAt, expiresAt: tokens.expiresAt, grantExpiresAt: grantEnds, spreadKey: connection.id };
  return {
    id: connection.id,
    expectedVersion: connection.version,
    issuedAt: tokens.issuedAt,
    expiresAt: tokens.expiresAt,
    grantExpiresAt: grantEnds,
    refreshDueAt: nextRefreshDueAt(policy, times, deps.clock.now()),
    stillExpiring: expiryNotice(policy, grantEnds, deps.clock.now()).expiring,
    detail: { expiresAt: tokens.expiresAt?.toISOString() ?? null, grantExpiresAt: grantEnds?.toISOString() ?? null, rotated: tokens.refreshToken !== undefined },
    sealed: {
      keyId: deps.keyRing.activeKeyId,
      accessTokenSealed: deps.keyRing.seal(tokens.accessToken, `${connection.id}:access`),
      refreshTokenSealed: tokens.refreshToken ? deps.keyRing.seal(tokens.refreshToken, `${connection.id}:refresh`) : connection.refreshTokenSealed,
    },
  };
}

// Meta: "stop calling when limited; continued calls extend the block". We stop a little before.
const APP_USAGE_PAUSE_PERCENT = 90;
const APP_USAGE_PAUSE_MS = 10 * 60_000;

/** Near the provider's app-wide limit, every process pauses that provider briefly instead of tripping it. */
async function easeOffNearLimit(deps: Deps, provider: string, usagePercent: number | undefined, paused: PausedSet): Promise<void> {
  if (usagePercent === undefined || usagePercent < APP_USAGE_PAUSE_PERCENT || paused.has(provider)) return;
  paused.add(provider);
  await pauseProvider(deps.db, provider, new Date(deps.clock.now().getTime() + APP_USAGE_PAUSE_MS), `app usage at ${usagePercent}%`);
  deps.logger.warn({ provider, usagePercent }, 'provider app usage near its limit; pausing calls for 10 minutes');
}

/** Whether an earlier attempt may have spent the token we presented (`interrupted`), and whether the network rotates it. */
interface SpendRisk {
  interrupted: boolean;
  rotates: boolean;
}

async function handleFailure(deps: Deps, connection: Connection, error: unknown, paused: PausedSet, risk: SpendRisk): Promise<RefreshOutcome> {
  // The database is gone: no retry can be booked. The lease lapses and a later sweep takes the row (knowing, from
  // refresh_started_at, that a rotating token may have been spent); the sweep reports the outage once.
  if (!(error instanceof ProviderError) && isConnectionFailure(error)) throw error;
  const failure = error instanceof ProviderError ? error : new ProviderError('unexpected_response', error instanceof Error ? error.message : 'refresh failed');
  if (!(error instanceof ProviderError)) deps.logger.error({ connectionId: connection.id, err: failure.message }, 'unexpected refresh failure');
  if (failure.kind === 'reauth_required' || failure.kind === 'insufficient_scope') {
    const reason = refusalReason(failure, risk.interrupted && risk.rotates);
    const done = await markDisconnected(deps, connection, { reason, providerCode: failure.providerCode, expectedVersion: connection.version });
    deps.logger.info({ connectionId: connection.id, reason: failure.reason, providerCode: failure.providerCode }, 'connection disconnected');
    return done ? 'disconnected' : 'conflict';
  }
  if (failure.kind === 'rate_limited' && failure.appWide) paused.add(connection.provider);
  // A throttled request was refused before the network looked at the token: nothing was spent by it. Unless an
  // earlier attempt left the doubt, the row stops saying so, and a later refusal is not taken for a lost renewal.
  const spentNothing = risk.rotates && !risk.interrupted && failure.kind === 'rate_limited';
  return scheduleRetry(deps, connection, failure, spentNothing);
}

async function scheduleRetry(deps: Deps, connection: Connection, failure: ProviderError, spentNothing: boolean): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  const attempts = connection.refreshAttempts + 1;
  const delay = retryDelayMs(attempts, failure.retryAfterSeconds);
  if (failure.kind === 'rate_limited' && failure.appWide) {
    await pauseProvider(deps.db, connection.provider, new Date(now.getTime() + (failure.retryAfterSeconds ?? 3600) * 1000), failure.providerCode ?? 'throttled');
  }
  const policy = deps.policies[connection.provider];
  const nearExpiry = policy !== undefined && connection.grantExpiresAt !== null && connection.grantExpiresAt.getTime() - now.getTime() <= policy.expiringWithinMs;
  const set = {
    refresh_attempts: attempts,
    refresh_retry_at: delay === null ? null : new Date(now.getTime() + delay),
    last_error_code: failure.providerCode ?? failure.kind,
    last_error_at: now,
    lease_owner: null,
    lease_expires_at: null,
    ...(spentNothing ? { refresh_started_at: null } : {}),
  };
  deps.logger.warn({ connectionId: connection.id, kind: failure.kind, providerCode: failure.providerCode, attempts }, 'token refresh failed; will retry');
  await deps.db.transaction().execute(async (trx) => {
    const detail = { kind: failure.kind, providerCode: failure.providerCode ?? null, attempts, retryAt: set.refresh_retry_at?.toISOString() ?? null };
    if (nearExpiry && connection.status === 'active') {
      const moved = await applyTransition(trx, deps.clock, { id: connection.id, transition: 'expiring', expectedVersion: connection.version, set, detail });
      if (moved) return;
    }
    if (await updateIfVersion(trx, connection.id, connection.version, set)) {
      await recordEvent(trx, deps.clock, connection, 'refresh_failed', { detail });
    }
  });
  return 'retry_scheduled';
}
