/**
 * A network asks us to delete what we hold about one of its users (Meta's data-deletion callback).
 * In one transaction: each of that user's connections is disconnected (reason `data_deleted`, no
 * email: the person asked to be forgotten, not reminded), its tokens and personal data are erased
 * (see data-deletion.repo.ts), and an anonymised record is written whose confirmation code the
 * network shows the person. The same signed request again returns the same record.
 */
import crypto from 'node:crypto';
import { disconnectWithin, recordEvent } from '../connections/index.ts';
import { newId } from '../kernel/ids.ts';
import { forgetPartnershipGrantor } from '../partnership-ads/index.ts';
import { randomToken } from '../platform/crypto/hash.ts';
import type { Deps } from '../platform/deps.ts';
import { type DataDeletionRequest, deleteGrantsOf, eraseConnectionData, findDeletionByFingerprint, insertDeletionRequest } from './data-deletion.repo.ts';
import { connectedAfter, type ProviderUserCallback } from './deauthorize.ts';
import { findConnectionsByProviderUser } from './provider-callbacks.repo.ts';

export interface DeleteUserDataInput extends ProviderUserCallback {
  /**
   * Keys the hash of the user id in the audit record (the app secret that signed the request): a
   * plain sha256 of a numeric id is reversed by enumerating ids, a keyed one is not.
   */
  hashKey: string;
}

export async function deleteProviderUserData(deps: Deps, input: DeleteUserDataInput): Promise<DataDeletionRequest> {
  const seen = await findDeletionByFingerprint(deps.db, input.fingerprint);
  if (seen) return seen;
  const now = deps.clock.now();
  const record = await deps.db.transaction().execute(async (trx) => {
    // Row locks make a concurrent refresh or a twin request wait for this erasure, not interleave.
    const connections = await findConnectionsByProviderUser(trx, input.provider, input.providerUserId, { forUpdate: true });
    const counts = { connections: [] as string[], tokens: 0, emails: 0 };
    for (const connection of connections.filter((c) => !connectedAfter(c, input.issuedAt))) {
      if (connection.status !== 'disconnected') {
        await disconnectWithin(deps, trx, connection, { reason: 'data_deleted', providerCode: 'data_deletion_callback', notify: false });
      }
      const erased = await eraseConnectionData(trx, connection.id, now);
      await recordEvent(trx, deps.clock, connection, 'data_erased', { detail: { tokensDeleted: erased.tokens, emailsErased: erased.emails } });
      counts.connections.push(connection.id);
      counts.tokens += erased.tokens;
      counts.emails += erased.emails;
    }
    const grantIds = connections.flatMap((c) => (c.grantId && counts.connections.includes(c.id) ? [c.grantId] : []));
    counts.tokens += await deleteGrantsOf(trx, input.provider, input.providerUserId, grantIds);
    return insertDeletionRequest(trx, {
      id: newId('ddr', deps.clock),
      confirmation_code: randomToken(12),
      request_fingerprint: input.fingerprint,
      provider: input.provider,
      user_hash: crypto.createHmac('sha256', input.hashKey).update(`${input.provider}:${input.providerUserId}`).digest('base64url'),
      status: 'completed',
      requested_at: now,
      completed_at: now,
      connections_erased: counts.connections.length,
      tokens_deleted: counts.tokens,
      emails_erased: counts.emails,
      connection_ids: counts.connections,
    });
  });
  // Partnership Ads approvals are Facebook grants of their own: end them (their tokens go) and forget who gave them.
  if (deps.providers.partnershipAds?.()?.providerId === input.provider)
    await forgetPartnershipGrantor(deps, { facebookUserId: input.providerUserId, issuedAt: input.issuedAt, reason: 'data_deleted' });
  deps.logger.info({ provider: input.provider, requestId: record.id, connections: record.connections_erased }, 'deleted a provider user’s data on request');
  return record;
}
