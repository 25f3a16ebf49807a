/**
 * Account insights for every usable channel, not only campaign participants: its own figures daily and
 * its audience weekly (docs/api.md#account-insights), read within each network's shared rate budgets
 * (the same ones post insights spend).
 *
 * Each run claims due rows in batches, earliest due first, by an index range scan of the schedule
 * (account-schedule.repo.ts), so it costs what is due, not what exists. A claimed row is read with the
 * channel's token, kept (account_readings, audience_insights) and given its next time by the rules
 * (account-schedule.rules.ts). A spent budget defers the row to the budget's next window; a spent shared
 * budget, or an app-wide throttle, also stops the run claiming more of that network's rows (those already
 * claimed are deferred without a call). A network without the audience capability has no audience to
 * read: its weekly row only moves on, as does one whose audience the campaign audience job (audience.ts)
 * read in the last six days.
 */
import { ChannelUnusable, type Connection, callWithToken, forEachLimited, getConnectionById, markDisconnected } from '../connections/index.ts';
import { DAY, MINUTE } from '../kernel/clock.ts';
import type { Deps } from '../platform/deps.ts';
import { profileOf } from '../providers/profiles.ts';
import { type Network, type OAuthProvider, ProviderError } from '../providers/provider.ts';
import { budgetsFor, defaultRateLimits, type RateLimits } from '../providers/rate-limits.ts';
import { writeAccountReading } from './account-readings.repo.ts';
import { type AccountClaim, type AccountEnding, claimAccountReadings, endAccountClaim, parkAccountClaim } from './account-schedule.repo.ts';
import { nextReadingAt, READING_RANGE_DAYS, readingDay, readingRange, retryAt } from './account-schedule.rules.ts';
import { takeBudget } from './budget.repo.ts';
import { audienceReadSince, writeAudience } from './insights-read.repo.ts';

export interface AccountRunOptions {
  limits?: RateLimits;
  /** Rows claimed per batch, batches per run, and the run's time (by the clock): a run stays bounded. */
  batch?: number;
  batches?: number;
  maxMs?: number;
}

export interface AccountRunReport {
  batches: number;
  claimed: number;
  read: number;
  failed: number;
  deferred: number;
  parked: number;
}

const CONCURRENCY = 4;
/** Longer than a batch takes, so a live run keeps its claims. */
const LEASE_MS = 30 * MINUTE;

/** An audience read this recently (by either job) is fresh enough for the weekly one. */
const AUDIENCE_FRESH_MS = 6 * DAY;

type Outcome = AccountEnding | { outcome: 'parked' };

export async function readAccountInsights(deps: Deps, options: AccountRunOptions = {}): Promise<AccountRunReport> {
  const limits = options.limits ?? defaultRateLimits;
  const started = deps.clock.now().getTime();
  const report: AccountRunReport = { batches: 0, claimed: 0, read: 0, failed: 0, deferred: 0, parked: 0 };
  // Shared budgets found spent in this run, with when their window ends.
  const spent = new Map<string, Date>();
  while (report.batches < (options.batches ?? 20) && deps.clock.now().getTime() - started < (options.maxMs ?? 10 * MINUTE)) {
    const now = deps.clock.now();
    const claimed = await claimAccountReadings(deps.db, { owner: deps.instanceId, now, leaseUntil: new Date(now.getTime() + LEASE_MS), limit: options.batch ?? 100 });
    if (claimed.length === 0) break;
    report.batches++;
    report.claimed += claimed.length;
    await forEachLimited(claimed, CONCURRENCY, async (claim) => {
      const ending = await readOne(deps, limits, claim, spent);
      if (ending.outcome === 'parked') await parkAccountClaim(deps.db, claim, deps.instanceId);
      else await endAccountClaim(deps.db, claim, deps.instanceId, ending);
      report[ending.outcome]++;
    });
  }
  if (report.claimed > 0) deps.logger.info({ ...report }, 'account insights done');
  return report;
}

async function readOne(deps: Deps, limits: RateLimits, claim: AccountClaim, spent: Map<string, Date>): Promise<Outcome> {
  const connection = await getConnectionById(deps.db, claim.connectionId);
  const provider = connection && deps.providers.get(connection.provider);
  if (!connection || (connection.status !== 'active' && connection.status !== 'expiring')) return { outcome: 'parked' };
  const now = deps.clock.now();
  const regular: AccountEnding = { outcome: 'deferred', nextDueAt: nextReadingAt(claim.connectionId, claim.kind, now) };
  const profile = profileOf(connection.network);
  if (!provider || !profile) return failed(claim, now, 'the channel’s network is not offered any more');
  if (claim.kind === 'audience' ? !profile.capabilities.audience : !profile.capabilities.accountInsights) return regular;
  // Campaign participants' audiences are also read by the campaign audience job (audience.ts): a fresh one is not read twice.
  if (claim.kind === 'audience' && (await audienceReadSince(deps.db, connection.id, new Date(now.getTime() - AUDIENCE_FRESH_MS)))) return regular;
  const network = connection.network as Network;
  const slots = budgetsFor(limits, network, connection.id, now);
  const waiting = slots.map((slot) => spent.get(slot.key)).find((until) => until !== undefined);
  if (waiting) return { outcome: 'deferred', nextDueAt: waiting };
  const budget = await takeBudget(deps.db, slots, provider.requestsPerCall?.(claim.kind === 'audience' ? 'audience' : 'account', network) ?? 1);
  if (!budget.ok) {
    if (!budget.key.endsWith(`:${connection.id}`)) spent.set(budget.key, budget.retryAt);
    return { outcome: 'deferred', nextDueAt: budget.retryAt };
  }
  try {
    await readAndKeep(deps, provider, connection, claim, now);
    return { outcome: 'read', nextDueAt: nextReadingAt(claim.connectionId, claim.kind, deps.clock.now()) };
  } catch (error) {
    if (error instanceof ChannelUnusable) return { outcome: 'parked' };
    const pe = error instanceof ProviderError ? error : undefined;
    deps.logger.warn({ connectionId: connection.id, kind: claim.kind, error: pe?.kind ?? 'transient', providerCode: pe?.providerCode }, 'account insights read failed');
    if (pe?.kind === 'reauth_required') {
      await markDisconnected(deps, connection, { reason: pe.reason ?? 'revoked', providerCode: pe.providerCode });
      return { outcome: 'parked' };
    }
    const retryAfterMs = (pe?.retryAfterSeconds ?? 0) * 1000;
    // An app-wide throttle holds for every channel of the network: the run reads none of them any more.
    if (pe?.kind === 'rate_limited' && pe.appWide) {
      for (const slot of slots) if (!slot.key.endsWith(`:${connection.id}`)) spent.set(slot.key, new Date(now.getTime() + Math.max(retryAfterMs, MINUTE)));
    }
    return failed(claim, deps.clock.now(), pe ? `${pe.kind}${pe.providerCode ? ` (${pe.providerCode})` : ''}` : 'unexpected error', retryAfterMs);
  }
}

/** One call to the network with the channel's token, and what it said kept. */
async function readAndKeep(deps: Deps, provider: OAuthProvider, connection: Connection, claim: AccountClaim, now: Date): Promise<void> {
  const account = { accountId: connection.accountId, network: connection.network as Network };
  if (claim.kind === 'audience') {
    const audience = await callWithToken(deps, connection, (token) => provider.fetchAudience(token, account));
    await writeAudience(deps.db, connection.id, deps.clock.now(), audience);
    return;
  }
  const insights = await callWithToken(deps, connection, (token) => provider.fetchAccountInsights(token, account, readingRange(now)));
  const capturedAt = deps.clock.now();
  await writeAccountReading(deps.db, { connectionId: connection.id, day: readingDay(capturedAt), capturedAt, rangeDays: READING_RANGE_DAYS, insights });
}

function failed(claim: AccountClaim, now: Date, error: string, retryAfterMs = 0): AccountEnding {
  return { outcome: 'failed', error, nextDueAt: retryAt(claim.connectionId, claim.kind, now, claim.attempts + 1, retryAfterMs) };
}
