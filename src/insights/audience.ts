/**
 * Audience insights: who follows (or watches) each channel, refreshed weekly for every usable
 * connection of a creator who takes part in a campaign (not declined), on this job's own cadence for the
 * campaign views; every other channel's audience is read weekly by the account insights schedule
 * (account-insights-run.ts), which skips one this job read in the last six days. Stored as snapshots;
 * an account the network withholds demographics for reads "not available", never zeros.
 *
 * Runs hourly (100,000 channels a week is ~600 an hour). Each run claims due channels in batches, in
 * the order they fell due, under a lease (insights/audience-state.repo.ts), and goes on until nothing is
 * due, its batches or its time are used up, or every network's shared budget is spent; the next run
 * goes on from there. A failed read backs off (insights/audience-schedule.rules.ts), so failing channels never
 * block the others; a spent budget defers the read to the budget's next window.
 */

import { ChannelUnusable, callWithToken, findConnection, forEachLimited, getConnectionById, markDisconnected } from '../connections/index.ts';
import { MINUTE } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { type Network, ProviderError } from '../providers/provider.ts';
import { budgetsFor, defaultRateLimits, type RateLimits } from '../providers/rate-limits.ts';
import { AUDIENCE_EVERY_MS, audienceRetryDelay } from './audience-schedule.rules.ts';
import { type AudienceClaim, type AudienceEnding, claimAudiences, endAudienceClaim, forgetUncountedAudiences, scheduleNewAudiences } from './audience-state.repo.ts';
import { takeBudget } from './budget.repo.ts';
import { latestAudience, writeAudience } from './insights-read.repo.ts';

export { AUDIENCE_EVERY_MS };

export interface AudienceRunOptions {
  limits?: RateLimits;
  /** Channels claimed per batch, batches per run, and the run's time (by the clock): a run stays bounded. */
  batch?: number;
  batches?: number;
  maxMs?: number;
}

export interface AudienceRunReport {
  batches: number;
  claimed: number;
  read: number;
  failed: number;
  deferred: number;
}

const CONCURRENCY = 4;
/** Longer than a batch takes (its reads run CONCURRENCY at a time), so a live run keeps its claims. */
const LEASE_MS = 30 * MINUTE;

export async function refreshAudiences(deps: Deps, options: AudienceRunOptions = {}): Promise<AudienceRunReport> {
  const limits = options.limits ?? defaultRateLimits;
  const started = deps.clock.now().getTime();
  const report: AudienceRunReport = { batches: 0, claimed: 0, read: 0, failed: 0, deferred: 0 };
  await forgetUncountedAudiences(deps.db, deps.clock.now());
  await scheduleNewAudiences(deps.db, deps.clock.now(), AUDIENCE_EVERY_MS);
  // Shared (app) budgets found spent in this run: their networks are not claimed again until the run ends.
  const spent = new Set<string>();
  while (report.batches < (options.batches ?? 20) && deps.clock.now().getTime() - started < (options.maxMs ?? 15 * MINUTE)) {
    const now = deps.clock.now();
    const skipNetworks = Object.keys(limits).filter((network) => limits[network]!.some((b) => b.scope === 'app' && spent.has(b.key)));
    const claimed = await claimAudiences(deps.db, { owner: deps.instanceId, now, leaseUntil: new Date(now.getTime() + LEASE_MS), limit: options.batch ?? 100, skipNetworks });
    if (claimed.length === 0) break;
    report.batches++;
    report.claimed += claimed.length;
    await forEachLimited(claimed, CONCURRENCY, async (claim) => {
      const ending = await readOne(deps, limits, claim, spent);
      await endAudienceClaim(deps.db, claim.connectionId, deps.instanceId, ending);
      report[ending.outcome]++;
    });
  }
  if (report.claimed > 0) deps.logger.info({ ...report }, 'audience refresh done');
  return report;
}

async function readOne(deps: Deps, limits: RateLimits, claim: AudienceClaim, spent: Set<string>): Promise<AudienceEnding> {
  const connection = await getConnectionById(deps.db, claim.connectionId);
  const provider = connection && deps.providers.get(connection.provider);
  if (!connection || !provider) return failed(deps, claim, 'the channel’s network is not offered any more');
  const network = connection.network as Network;
  const requests = provider.requestsPerCall?.('audience', network) ?? 1;
  const budget = await takeBudget(deps.db, budgetsFor(limits, connection.network, connection.id, deps.clock.now()), requests);
  if (!budget.ok) {
    if (!budget.key.endsWith(`:${connection.id}`)) spent.add(budget.key);
    return { outcome: 'deferred', nextDueAt: budget.retryAt };
  }
  try {
    const audience = await callWithToken(deps, connection, (token) => provider.fetchAudience(token, { accountId: connection.accountId, network }));
    await writeAudience(deps.db, connection.id, deps.clock.now(), audience);
    return { outcome: 'read', nextDueAt: new Date(deps.clock.now().getTime() + AUDIENCE_EVERY_MS) };
  } catch (error) {
    if (error instanceof ChannelUnusable) return failed(deps, claim, `disconnected (${error.reason})`);
    const pe = error instanceof ProviderError ? error : undefined;
    deps.logger.warn({ connectionId: connection.id, kind: pe?.kind ?? 'transient', providerCode: pe?.providerCode }, 'audience read failed');
    if (pe?.kind === 'reauth_required') await markDisconnected(deps, connection, { reason: pe.reason ?? 'revoked', providerCode: pe.providerCode });
    // An app-wide throttle holds for every channel of the network: the run claims none of them any more.
    if (pe?.kind === 'rate_limited' && pe.appWide) for (const b of limits[network] ?? []) if (b.scope === 'app') spent.add(b.key);
    return failed(deps, claim, pe ? `${pe.kind}${pe.providerCode ? ` (${pe.providerCode})` : ''}` : 'unexpected error', (pe?.retryAfterSeconds ?? 0) * 1000);
  }
}

function failed(deps: Deps, claim: AudienceClaim, error: string, retryAfterMs = 0): AudienceEnding {
  return { outcome: 'failed', error, nextDueAt: new Date(deps.clock.now().getTime() + audienceRetryDelay(claim.attempts + 1, retryAfterMs)) };
}

export interface AudienceView {
  status: 'available' | 'unavailable' | 'never_read';
  /** Why not available, for a person: "not available" (below the network's threshold, or not offered). */
  reason: string | null;
  unit: string | null;
  followers: number | null;
  age: { key: string; value: number }[];
  gender: { key: string; value: number }[];
  country: { key: string; value: number }[];
  city: { key: string; value: number }[];
  capturedAt: string | null;
}

export async function connectionAudience(deps: Deps, workspaceId: string, connectionId: string): Promise<Result<AudienceView>> {
  const connection = await findConnection(deps.db, workspaceId, connectionId);
  if (!connection) return fail('not_found', 'There is no connection with this id in this workspace.');
  return ok(audienceView(await latestAudience(deps.db, connectionId)));
}

/** A channel's latest audience snapshot as the API and pages show it (`never_read` without one). */
export function audienceView(row: Awaited<ReturnType<typeof latestAudience>>): AudienceView {
  const b = row?.breakdowns ?? null;
  return {
    status: row?.status ?? 'never_read',
    reason: row && row.status === 'unavailable' ? `not available (${row.reason})` : null,
    unit: row?.unit ?? null,
    followers: row?.followers === null || row?.followers === undefined ? null : Number(row.followers),
    age: b?.age ?? [],
    gender: b?.gender ?? [],
    country: b?.country ?? [],
    city: b?.city ?? [],
    capturedAt: row ? new Date(row.captured_at).toISOString() : null,
  };
}
