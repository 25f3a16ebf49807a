/**
 * Audience insights: who follows (or watches) each channel, refreshed weekly for every usable
 * connection of a creator who takes part in a campaign (not declined). Only those: the audience is
 * read for the campaign views, and each read spends the account's rate budget. Stored as snapshots;
 * an account the network withholds demographics for reads "not available", never zeros.
 */
import { DAY } from '../domain/clock.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { budgetsFor, defaultRateLimits, type RateLimits } from '../domain/rate-limits.ts';
import { ProviderError, type Network } from '../providers/provider.ts';
import { takeBudget } from '../storage/budget.repo.ts';
import { findConnection, getConnectionById } from '../storage/connections.repo.ts';
import { audiencesDue, latestAudience, writeAudience } from '../storage/insights-read.repo.ts';
import { callWithToken, ChannelUnusable } from './channel-call.ts';
import type { Deps } from './deps.ts';
import { markDisconnected } from './disconnect.ts';

export const AUDIENCE_EVERY_MS = 7 * DAY;

export async function refreshAudiences(deps: Deps, options: { limits?: RateLimits; limit?: number } = {}): Promise<{ read: number; skipped: number }> {
  const now = deps.clock.now();
  const due = await audiencesDue(deps.db, new Date(now.getTime() - AUDIENCE_EVERY_MS), options.limit ?? 500);
  let read = 0;
  for (const id of due) {
    if (await readOne(deps, options.limits ?? defaultRateLimits, id)) read++;
  }
  if (due.length > 0) deps.logger.info({ read, skipped: due.length - read }, 'audience refresh done');
  return { read, skipped: due.length - read };
}

async function readOne(deps: Deps, limits: RateLimits, connectionId: string): Promise<boolean> {
  const connection = await getConnectionById(deps.db, connectionId);
  const provider = connection && deps.providers.get(connection.provider);
  if (!connection || !provider) return false;
  const network = connection.network as Network;
  const requests = provider.requestsPerCall?.('audience', network) ?? 1;
  const budget = await takeBudget(deps.db, budgetsFor(limits, connection.network, connection.id, deps.clock.now()), requests);
  if (!budget.ok) return false; // Tomorrow's run tries again: an audience a day late is fine.
  try {
    const audience = await callWithToken(deps, connection, (token) => provider.fetchAudience(token, { accountId: connection.accountId, network }));
    await writeAudience(deps.db, connection.id, deps.clock.now(), audience);
    return true;
  } catch (error) {
    if (error instanceof ChannelUnusable) return false;
    const pe = error instanceof ProviderError ? error : undefined;
    deps.logger.warn({ connectionId, kind: pe?.kind ?? 'transient', providerCode: pe?.providerCode }, 'audience read failed');
    if (pe?.kind === 'reauth_required') await markDisconnected(deps, connection, { reason: pe.reason ?? 'revoked', providerCode: pe.providerCode });
    return false;
  }
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
  const row = await latestAudience(deps.db, connectionId);
  const b = row?.breakdowns ?? null;
  return ok({
    status: row?.status ?? 'never_read',
    reason: row && row.status === 'unavailable' ? `not available (${row.reason})` : null,
    unit: row?.unit ?? null,
    followers: row?.followers === null || row?.followers === undefined ? null : Number(row.followers),
    age: b?.age ?? [],
    gender: b?.gender ?? [],
    country: b?.country ?? [],
    city: b?.city ?? [],
    capturedAt: row ? new Date(row.captured_at).toISOString() : null,
  });
}
