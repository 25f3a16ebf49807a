/**
 * Between refreshes a token can die silently (password change, app removed, checkpoint). Once a
 * day per connection we ask the provider who the token belongs to: a 190 marks the connection
 * disconnected at once (and sends the one email; a reason that ends the person's login ends every
 * account it reached, see disconnect.ts); an account switched to a personal one (`/me`'s
 * `account_type`) is disconnected with `not_professional`; a transient failure just waits for the next run.
 * The account's name, type and picture are kept current from the answer.
 */
import { type Selectable, sql } from 'kysely';
import { DAY } from '../kernel/clock.ts';
import type { Deps } from '../platform/deps.ts';
import { type Network, type ProviderAccount, ProviderError } from '../providers/provider.ts';
import type { Connection } from './connection.rules.ts';
import { findConnection, readSealedTokens, rowToConnection } from './connections.repo.ts';
import type { ConnectionsTable } from './connections.table.ts';
import { markDisconnected } from './disconnect.ts';
import { refreshOnDemand } from './refresh-on-demand.ts';
import { forEachLimited } from './refresh-sweep.ts';

/** `workspaceId`: that workspace's connections only (its dashboard's "Check every channel now"); else every workspace's. */
export async function verifyConnections(
  deps: Deps,
  options: { olderThanMs?: number; limit?: number; workspaceId?: string } = {},
): Promise<{ checked: number; disconnected: number }> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - (options.olderThanMs ?? DAY));
  const inWorkspace = options.workspaceId === undefined ? sql`true` : sql`workspace_id = ${options.workspaceId}`;
  const claimed = await sql<Selectable<ConnectionsTable>>`
    update connections c set lease_owner = ${deps.instanceId}, lease_expires_at = clock_timestamp() + interval '5 minutes'
    from (
      select id from connections
      where status <> 'disconnected' and coalesce(last_verified_at, connected_at) <= ${cutoff} and ${inWorkspace}
        and (lease_expires_at is null or lease_expires_at < clock_timestamp())
      order by coalesce(last_verified_at, connected_at)
      limit ${options.limit ?? 1000}
      -- NO KEY: an event or hand-out count referencing the row must not make it look taken (see refresh.repo.ts).
      for no key update skip locked
    ) due
    where c.id = due.id
    returning c.*`.execute(deps.db);
  let disconnected = 0;
  await forEachLimited(claimed.rows.map(rowToConnection), 16, async (connection) => {
    if (await verifyOne(deps, connection)) disconnected++;
  });
  return { checked: claimed.rows.length, disconnected };
}

/**
 * Verifies one connection now: for a platform that got an auth error calling the network itself.
 * We ask the network rather than trusting the report, so a stray error never disconnects a live channel.
 */
export async function verifyConnectionNow(deps: Deps, workspaceId: string, id: string): Promise<Connection | undefined> {
  const connection = await findConnection(deps.db, workspaceId, id);
  if (!connection) return undefined;
  if (connection.status !== 'disconnected') await verifyOne(deps, connection);
  return findConnection(deps.db, workspaceId, id);
}

/**
 * How one verification ended: `verified` (the network named the account), `disconnected`, `inconclusive`
 * (throttled, unreachable, busy: the next run asks again), `skipped` (no adapter or no token) or
 * `conflict` (the connection changed meanwhile).
 */
type VerifyOutcome = 'verified' | 'disconnected' | 'inconclusive' | 'skipped' | 'conflict';

/** True when the connection was found disconnected; the outcome is counted in `channelkeeper_verifications_total`. */
async function verifyOne(deps: Deps, connection: Connection): Promise<boolean> {
  const outcome = await askTheNetwork(deps, connection);
  deps.metrics.verification(connection.provider, outcome);
  return outcome === 'disconnected';
}

async function askTheNetwork(deps: Deps, connection: Connection): Promise<VerifyOutcome> {
  const release = { lease_owner: null, lease_expires_at: null };
  // The on-demand refresh takes the connection's lease, which this verification holds: give it up first.
  const refreshNow = async () => {
    await deps.db.updateTable('connections').set(release).where('id', '=', connection.id).where('lease_owner', '=', deps.instanceId).execute();
    return refreshOnDemand(deps, connection.id, () => true);
  };
  try {
    // A short-lived access token we know has lapsed (TikTok's 24 h, Google's hour) would only be refused:
    // refresh it first instead of spending a call to hear so. The refresh itself proves the grant alive or dead.
    if (knownExpired(deps, connection)) {
      const outcome = await refreshNow();
      if (outcome === 'disconnected') throw new AlreadyHandled();
      if (outcome !== 'refreshed') return 'inconclusive'; // Busy or unreachable: the next run asks again.
    }
    const account = await fetchAccountOnce(deps, connection).catch(async (error: unknown) => {
      // An access token refused where a refresh may help (TikTok, Google, Pinterest): refresh once, ask again.
      if (!(error instanceof ProviderError) || !error.refreshMayHelp) throw error;
      const outcome = await refreshNow();
      if (outcome === 'disconnected') throw new AlreadyHandled();
      // The refresh did not conclude: the refused token says nothing about the grant yet, so ask again next run.
      if (outcome !== 'refreshed') throw new ProviderError('transient', 'the access token was refused and could not be renewed just now', { providerCode: 'refresh_pending' });
      return fetchAccountOnce(deps, connection);
    });
    if (!account) return 'skipped';
    // The token works, but the account is no professional one any more (switched to personal in the app):
    // nothing can be read from it, and only the creator can switch it back.
    if (!account.eligible && account.ineligibleReason === 'personal_account') {
      const done = await markDisconnected(deps, connection, { reason: 'not_professional', providerCode: `account_type:${account.accountType ?? 'unknown'}` });
      return done !== undefined ? 'disconnected' : 'conflict';
    }
    await deps.db
      .updateTable('connections')
      .set({
        ...release,
        last_verified_at: deps.clock.now(),
        username: account.username ?? connection.username,
        display_name: account.displayName ?? connection.displayName,
        account_type: account.accountType ?? connection.accountType,
        avatar_url: account.avatarUrl ?? connection.avatarUrl,
      })
      .where('id', '=', connection.id)
      .execute();
    return 'verified';
  } catch (error) {
    if (error instanceof AlreadyHandled) return 'disconnected';
    if (error instanceof ProviderError && (error.kind === 'reauth_required' || error.kind === 'insufficient_scope')) {
      const done = await markDisconnected(deps, connection, { reason: error.reason ?? 'revoked', providerCode: error.providerCode });
      return done !== undefined ? 'disconnected' : 'conflict';
    }
    deps.logger.warn({ connectionId: connection.id, kind: error instanceof ProviderError ? error.kind : 'error' }, 'verification inconclusive; will retry next run');
    return 'inconclusive';
  } finally {
    await deps.db.updateTable('connections').set(release).where('id', '=', connection.id).where('lease_owner', '=', deps.instanceId).execute();
  }
}

function knownExpired(deps: Deps, connection: Connection): boolean {
  const policy = deps.policies[connection.provider];
  return policy?.refreshable === true && connection.tokenExpiresAt !== null && connection.tokenExpiresAt <= deps.clock.now();
}

/** The refresh that ran instead already recorded the outcome (disconnected, with its one email). */
class AlreadyHandled extends Error {}

async function fetchAccountOnce(deps: Deps, connection: Connection): Promise<ProviderAccount | undefined> {
  const provider = deps.providers.get(connection.provider);
  const sealed = await readSealedTokens(deps.db, connection.id);
  if (!provider || !sealed) return undefined;
  const token = deps.keyRing.open(sealed.accessTokenSealed, `${connection.id}:access`);
  return provider.fetchAccount(token, { accountId: connection.accountId, network: connection.network as Network, scopes: connection.scopes });
}
