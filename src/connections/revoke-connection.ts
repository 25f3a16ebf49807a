/**
 * Disconnecting on purpose (`DELETE /v1/connections/:id`): revoke the grant at the provider where it
 * offers a way to (TikTok, Google, Facebook), delete the sealed tokens, keep the connection and its
 * history as `disconnected` with reason `disconnected_on_request`. Idempotent: a second call finds no
 * token and changes nothing. A Facebook grant shared with other live connections is not revoked at
 * Facebook (that would cut them too); only this connection's own token is deleted.
 */

import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { ProviderError } from '../providers/provider.ts';
import type { Connection } from './connection.rules.ts';
import { applyTransition, findConnection, readSealedTokens } from './connections.repo.ts';
import { type ConnectionView, connectionView } from './connections.ts';
import { dropOrphanGrant } from './store-connection.ts';

export const REVOKE_REASON = 'disconnected_on_request';

export async function revokeConnection(deps: Deps, workspaceId: string, id: string): Promise<Result<ConnectionView & { revokedAtProvider: boolean }>> {
  const connection = await findConnection(deps.db, workspaceId, id);
  if (!connection) return fail('not_found', 'There is no connection with this id in this workspace.');
  const sealed = await readSealedTokens(deps.db, id);
  if (!sealed && connection.status === 'disconnected' && connection.statusReason === REVOKE_REASON) {
    return ok({ ...(await connectionView(deps, connection)), revokedAtProvider: false });
  }
  let revokedAtProvider = false;
  try {
    revokedAtProvider = await revokeAtProvider(deps, connection);
  } catch (error) {
    // A dead grant is already revoked; a network that does not answer is asked again by the caller.
    if (!(error instanceof ProviderError) || (error.kind !== 'reauth_required' && error.kind !== 'insufficient_scope')) {
      deps.logger.warn({ connectionId: id, kind: error instanceof ProviderError ? error.kind : 'error' }, 'revoke at the provider failed');
      return fail('provider_unavailable', 'The network did not confirm the revocation; nothing was changed. Try again in a few minutes.');
    }
  }
  const updated = await deps.db.transaction().execute((trx) => forget(deps, trx, connection));
  deps.logger.info({ connectionId: id, revokedAtProvider }, 'connection revoked on request');
  return ok({ ...(await connectionView(deps, updated ?? connection)), revokedAtProvider });
}

/** Returns whether the provider confirmed; false when it offers no revoke or the grant is shared. */
async function revokeAtProvider(deps: Deps, connection: Connection): Promise<boolean> {
  const provider = deps.providers.get(connection.provider);
  if (!provider) return false;
  if (connection.grantId) {
    const grant = await deps.db.selectFrom('provider_grants').selectAll().where('id', '=', connection.grantId).executeTakeFirst();
    const sharedWith = await deps.db
      .selectFrom('connections')
      .select('id')
      .where('grant_id', '=', connection.grantId)
      .where('id', '<>', connection.id)
      .where('status', '<>', 'disconnected')
      .execute();
    if (!grant || sharedWith.length > 0) return false;
    const accessToken = deps.keyRing.open(grant.access_token_sealed, `${grant.id}:access`);
    return provider.revokeToken({ accessToken, providerUserId: grant.provider_user_id ?? undefined });
  }
  const sealed = await readSealedTokens(deps.db, connection.id);
  if (!sealed) return false;
  return provider.revokeToken({
    accessToken: deps.keyRing.open(sealed.accessTokenSealed, `${connection.id}:access`),
    refreshToken: sealed.refreshTokenSealed ? deps.keyRing.open(sealed.refreshTokenSealed, `${connection.id}:refresh`) : undefined,
    providerUserId: connection.providerUserId ?? undefined,
  });
}

async function forget(deps: Deps, trx: Tx, connection: Connection): Promise<Connection | undefined> {
  const now = deps.clock.now();
  const updated = await applyTransition(trx, deps.clock, {
    id: connection.id,
    transition: 'revoked',
    reason: REVOKE_REASON,
    detail: { from: connection.status },
    set: { status_reason: REVOKE_REASON, disconnected_at: now, refresh_retry_at: null, refresh_due_at: null, refresh_started_at: null, lease_owner: null, lease_expires_at: null },
  });
  await trx.deleteFrom('connection_tokens').where('connection_id', '=', connection.id).execute();
  if (connection.grantId) {
    await trx.updateTable('connections').set({ grant_id: null }).where('id', '=', connection.id).execute();
    await dropOrphanGrant(trx, connection.grantId);
  }
  return updated;
}
