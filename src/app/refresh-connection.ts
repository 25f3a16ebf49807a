/**
 * Refreshes one claimed connection and records the outcome. The new token replaces the old one
 * atomically (one statement: transition, sealed tokens and event), compare-and-swap on the version
 * read at claim time; a failure is classified by the adapter and handled on its `kind` alone.
 */
import type { Connection } from '../domain/connection.ts';
import { refreshDecision, refreshDueAt, retryDelayMs } from '../domain/token-policy.ts';
import { ProviderError } from '../providers/provider.ts';
import { applyTransition, recordEvent, storeRefreshedToken, updateIfVersion } from '../storage/connections.repo.ts';
import { pauseProvider, releaseLease, type ClaimedConnection } from '../storage/refresh.repo.ts';
import type { Deps } from './deps.ts';
import { markDisconnected } from './disconnect.ts';

export type RefreshOutcome = 'refreshed' | 'skipped' | 'retry_scheduled' | 'disconnected' | 'conflict' | 'paused';

/** Providers this sweep learned are throttled app-wide: their remaining claims go back untouched. */
export type PausedSet = Set<string>;

export async function refreshClaimed(deps: Deps, connection: ClaimedConnection, paused: PausedSet = new Set()): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  if (paused.has(connection.provider)) {
    await releaseLease(deps.db, connection.id, deps.instanceId);
    return 'paused';
  }
  const policy = deps.policies[connection.provider];
  const provider = deps.providers.get(connection.provider);
  if (!policy || !provider) {
    await releaseLease(deps.db, connection.id, deps.instanceId);
    return 'skipped';
  }
  const retryDue = connection.refreshRetryAt !== null && connection.refreshRetryAt <= now;
  const decision = refreshDecision(policy, { issuedAt: connection.tokenIssuedAt, expiresAt: connection.tokenExpiresAt }, now, retryDue);
  if (decision.action === 'expire') {
    const done = await markDisconnected(deps, connection, { reason: 'expired', expectedVersion: connection.version });
    return done ? 'disconnected' : 'conflict';
  }
  if (decision.action === 'skip') {
    await releaseLease(deps.db, connection.id, deps.instanceId);
    return 'skipped';
  }
  const sealed = connection.accessTokenSealed;
  if (!sealed) {
    await releaseLease(deps.db, connection.id, deps.instanceId);
    return 'skipped';
  }
  try {
    const current = deps.keyRing.open(sealed, `${connection.id}:access`);
    const tokens = await provider.refreshToken({ accessToken: current });
    const applied = await storeRefreshedToken(deps.db, deps.clock, {
      id: connection.id,
      expectedVersion: connection.version,
      issuedAt: tokens.issuedAt,
      expiresAt: tokens.expiresAt,
      refreshDueAt: refreshDueAt(policy, { issuedAt: tokens.issuedAt, expiresAt: tokens.expiresAt }),
      detail: { expiresAt: tokens.expiresAt?.toISOString() ?? null },
      sealed: {
        keyId: deps.keyRing.activeKeyId,
        accessTokenSealed: deps.keyRing.seal(tokens.accessToken, `${connection.id}:access`),
        refreshTokenSealed: tokens.refreshToken ? deps.keyRing.seal(tokens.refreshToken, `${connection.id}:refresh`) : connection.refreshTokenSealed,
      },
    });
    deps.logger.debug({ connectionId: connection.id, applied, expiresAt: tokens.expiresAt }, 'token refreshed');
    if (!applied) await releaseLease(deps.db, connection.id, deps.instanceId);
    await easeOffNearLimit(deps, connection.provider, tokens.appUsagePercent, paused);
    return applied ? 'refreshed' : 'conflict';
  } catch (error) {
    return handleFailure(deps, connection, error, paused);
  }
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

async function handleFailure(deps: Deps, connection: Connection, error: unknown, paused: PausedSet): Promise<RefreshOutcome> {
  const failure =
    error instanceof ProviderError ? error : new ProviderError('unexpected_response', error instanceof Error ? error.message : 'refresh failed');
  if (!(error instanceof ProviderError)) deps.logger.error({ connectionId: connection.id, err: failure.message }, 'unexpected refresh failure');
  if (failure.kind === 'reauth_required' || failure.kind === 'insufficient_scope') {
    const done = await markDisconnected(deps, connection, { reason: failure.reason ?? 'revoked', providerCode: failure.providerCode, expectedVersion: connection.version });
    deps.logger.info({ connectionId: connection.id, reason: failure.reason, providerCode: failure.providerCode }, 'connection disconnected');
    return done ? 'disconnected' : 'conflict';
  }
  if (failure.kind === 'rate_limited' && failure.appWide) paused.add(connection.provider);
  return scheduleRetry(deps, connection, failure);
}

async function scheduleRetry(deps: Deps, connection: Connection, failure: ProviderError): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  const attempts = connection.refreshAttempts + 1;
  const delay = retryDelayMs(attempts, failure.retryAfterSeconds);
  if (failure.kind === 'rate_limited' && failure.appWide) {
    await pauseProvider(deps.db, connection.provider, new Date(now.getTime() + (failure.retryAfterSeconds ?? 3600) * 1000), failure.providerCode ?? 'throttled');
  }
  const policy = deps.policies[connection.provider];
  const nearExpiry =
    policy !== undefined && connection.tokenExpiresAt !== null && connection.tokenExpiresAt.getTime() - now.getTime() <= policy.expiringWithinMs;
  const set = {
    refresh_attempts: attempts,
    refresh_retry_at: delay === null ? null : new Date(now.getTime() + delay),
    last_error_code: failure.providerCode ?? failure.kind,
    last_error_at: now,
    lease_owner: null,
    lease_expires_at: null,
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
