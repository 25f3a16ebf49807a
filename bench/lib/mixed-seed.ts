/**
 * Seeds a mixed population (lib/population.ts) on both sides: a grant per connection minted by its
 * network's kit (sandbox/<network>/kit.ts) in the sandbox world, issued at the planned instant (the sandbox clock is set there while minting:
 * not every world's seedConnections takes an issue date), and the matching rows straight into the
 * tables. The rows carry what store-connection.ts would write for the same answer from the adapter:
 * `grant_expires_at` from grantExpiresAt, `refresh_due_at` from refreshDueAt on the same token times
 * (a Facebook Page connection keeps the Page token, no expiry of its own, and the person's token once
 * in provider_grants), and sealed tokens.
 */
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { KitGrant, StartedSandbox } from '../../sandbox/index.ts';
import type { ConnectionsTable, ConnectionTokensTable, ProviderGrantsTable } from '../../src/connections/connections.table.ts';
import type { ManualClock } from '../../src/kernel/clock.ts';
import { newId } from '../../src/kernel/ids.ts';
import type { Deps } from '../../src/platform/deps.ts';
import type { CreatorsTable } from '../../src/platform/workspaces.table.ts';
import { profileOf } from '../../src/providers/profiles.ts';
import type { Network, ProviderId } from '../../src/providers/provider.ts';
import { grantExpiresAt, refreshDueAt, type TokenTimes } from '../../src/providers/token-policy.ts';
import { kitOf } from './kits.ts';
import { type PlannedConnection, type PopulationOptions, planPopulation } from './population.ts';
import { CHUNK, seedWorkspace } from './seed.ts';

/** One grant as the adapter would report it after the code exchange, with the service's types for its ids. */
export type MintedGrant = KitGrant & { provider: ProviderId; network: Network };

/** Token times exactly as store-connection.ts derives them (connectionFields). */
export function storedTimes(grant: Omit<MintedGrant, 'accessToken' | 'refreshToken' | 'accountAccessToken'> & { hasRefreshToken: boolean; ownToken: boolean }): TokenTimes {
  const grantEnds = grantExpiresAt({
    expiresAt: grant.expiresAt,
    hasRefreshToken: grant.hasRefreshToken,
    refreshTokenExpiresAt: grant.refreshTokenExpiresAt,
    dataAccessExpiresAt: grant.dataAccessExpiresAt,
  });
  return { issuedAt: grant.issuedAt, expiresAt: grant.ownToken ? null : grant.expiresAt, grantExpiresAt: grantEnds };
}

const timesOf = (grant: MintedGrant) => storedTimes({ ...grant, hasRefreshToken: grant.refreshToken !== undefined, ownToken: grant.accountAccessToken !== undefined });

/** Mints one grant for a new account of `provider` through its kit; the sandbox issues it at its clock's now, `issuedAt`. */
export function mintGrant(sandbox: StartedSandbox, provider: ProviderId, prefix: string, issuedAt: Date): MintedGrant {
  const grant = kitOf(provider).mintGrant(sandbox.world, prefix, issuedAt);
  const network = profileOf(grant.network)?.id;
  if (grant.provider !== provider || !network) throw new Error(`the ${provider} kit minted a grant for ${grant.provider} on ${grant.network}`);
  return { ...grant, provider, network };
}

/** Token times of a grant issued at `at`, per provider: measured once from a probe grant minted in the sandbox. */
export function timesAtFromSandbox(sandbox: StartedSandbox, clock: ManualClock) {
  const offsets = new Map<ProviderId, MintedGrant>();
  return (provider: ProviderId, at: Date): TokenTimes => {
    let probe = offsets.get(provider);
    if (!probe) {
      probe = mintGrant(sandbox, provider, `probe-${provider}`, clock.now());
      offsets.set(provider, probe);
    }
    const shift = (d: Date | null | undefined) => (d ? new Date(d.getTime() - probe.issuedAt.getTime() + at.getTime()) : d);
    return timesOf({
      ...probe,
      issuedAt: at,
      expiresAt: shift(probe.expiresAt) ?? null,
      refreshTokenExpiresAt: shift(probe.refreshTokenExpiresAt),
      dataAccessExpiresAt: shift(probe.dataAccessExpiresAt),
    });
  };
}

export interface MixedSeedResult {
  planned: number;
  byProvider: Record<string, number>;
  sandboxSeconds: number;
  databaseSeconds: number;
}

/** Seeds sandbox and database for the population; the clock is back at `options.now` afterwards. */
export async function seedMixed(
  sandbox: StartedSandbox,
  clock: ManualClock,
  deps: Deps,
  options: PopulationOptions,
  onProgress?: (done: number) => void,
): Promise<MixedSeedResult> {
  let started = performance.now();
  const plan = planPopulation(options, deps.policies, timesAtFromSandbox(sandbox, clock));
  const grants = plan.map((planned) => {
    clock.set(planned.issuedAt);
    return mintGrant(sandbox, planned.provider, `${planned.provider.slice(0, 2)}${planned.index}`, planned.issuedAt);
  });
  clock.set(options.now);
  const sandboxSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const workspaceId = await seedWorkspace(deps, 'ck_bench_mixed_key_0123456789');
  for (let start = 0; start < plan.length; start += CHUNK) {
    await insertChunk(deps, workspaceId, plan.slice(start, start + CHUNK), grants.slice(start, start + CHUNK));
    onProgress?.(Math.min(start + CHUNK, plan.length));
  }
  // Bulk-loaded tables have no statistics yet; autovacuum would have gathered them in production.
  await sql`analyze`.execute(deps.db);
  const byProvider: Record<string, number> = {};
  for (const p of plan) byProvider[p.provider] = (byProvider[p.provider] ?? 0) + 1;
  return { planned: plan.length, byProvider, sandboxSeconds, databaseSeconds: (performance.now() - started) / 1000 };
}

async function insertChunk(deps: Deps, workspaceId: string, plan: PlannedConnection[], grants: MintedGrant[]): Promise<void> {
  const now = deps.clock.now();
  const creators: Insertable<CreatorsTable>[] = [];
  const shared: Insertable<ProviderGrantsTable>[] = [];
  const connections: Insertable<ConnectionsTable>[] = [];
  const tokens: Insertable<ConnectionTokensTable>[] = [];
  plan.forEach((planned, i) => {
    const grant = grants[i]!;
    const policy = deps.policies[grant.provider]!;
    const id = newId('con', deps.clock);
    const creatorId = `creator-${planned.index}`;
    const times = timesOf(grant);
    creators.push({
      workspace_id: workspaceId,
      id: creatorId,
      email: `${creatorId}@bench.example`,
      name: `Creator ${planned.index}`,
      created_at: planned.connectedAt,
      updated_at: planned.connectedAt,
    });
    let grantId: string | null = null;
    if (grant.accountAccessToken !== undefined) {
      grantId = newId('grt', deps.clock);
      shared.push({
        id: grantId,
        workspace_id: workspaceId,
        creator_id: creatorId,
        provider: grant.provider,
        provider_user_id: grant.providerUserId,
        key_id: deps.keyRing.activeKeyId,
        access_token_sealed: deps.keyRing.seal(grant.accessToken, `${grantId}:access`),
        refresh_token_sealed: null,
        scopes: grant.scopes,
        expires_at: grant.expiresAt,
        data_access_expires_at: grant.dataAccessExpiresAt ?? null,
        created_at: grant.issuedAt,
        updated_at: grant.issuedAt,
      });
    }
    connections.push({
      id,
      workspace_id: workspaceId,
      creator_id: creatorId,
      provider: grant.provider,
      network: grant.network,
      login: grant.login,
      account_id: grant.accountId,
      username: grant.username,
      display_name: grant.displayName,
      account_type: grant.accountType,
      avatar_url: null,
      status: 'active',
      status_reason: null,
      scopes: grant.scopes,
      token_issued_at: times.issuedAt,
      token_expires_at: times.expiresAt,
      grant_expires_at: times.grantExpiresAt ?? null,
      grant_id: grantId,
      provider_user_id: grant.providerUserId,
      last_refreshed_at: planned.refreshed ? planned.issuedAt : null,
      connected_at: planned.connectedAt,
      disconnected_at: null,
      refresh_due_at: refreshDueAt(policy, times),
      refresh_retry_at: null,
      refresh_attempts: 0,
      last_error_code: null,
      last_error_at: null,
      last_verified_at: planned.issuedAt,
      lease_owner: null,
      lease_expires_at: null,
      created_at: planned.connectedAt,
      updated_at: now,
    });
    const access = grant.accountAccessToken ?? grant.accessToken;
    const refresh = grant.accountAccessToken === undefined ? grant.refreshToken : undefined;
    tokens.push({
      connection_id: id,
      key_id: deps.keyRing.activeKeyId,
      access_token_sealed: deps.keyRing.seal(access, `${id}:access`),
      refresh_token_sealed: refresh ? deps.keyRing.seal(refresh, `${id}:refresh`) : null,
      updated_at: now,
    });
  });
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('creators').values(creators).execute();
    if (shared.length) await trx.insertInto('provider_grants').values(shared).execute();
    await trx.insertInto('connections').values(connections).execute();
    await trx.insertInto('connection_tokens').values(tokens).execute();
  });
}
