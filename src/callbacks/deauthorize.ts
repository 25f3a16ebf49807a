/**
 * A network says a person removed our app (Meta's deauthorize callback, TikTok's
 * authorization.removed): every connection of that person is disconnected with the reason, each
 * with its one email (the accounts one Facebook login reached share one, naming them all: the first
 * disconnection ends the whole grant, see connections' disconnect.ts). Idempotent: a replay of the same signed callback is recognised and ignored,
 * and a disconnected connection is never disconnected twice.
 */

import type { Connection } from '../connections/index.ts';
import { getConnectionById, markDisconnected } from '../connections/index.ts';
import { HOUR, SECOND } from '../kernel/clock.ts';
import { endPartnershipsOfFacebookUser } from '../partnership-ads/index.ts';
import type { Deps } from '../platform/deps.ts';
import { callbackAlreadyProcessed, findConnectionsByProviderUser, recordCallbackReceipt } from './provider-callbacks.repo.ts';

/** Receipts are kept longer than any callback's accepted time window (one hour for Meta). */
export const RECEIPT_RETENTION_MS = 2 * HOUR;

export interface ProviderUserCallback {
  provider: string;
  providerUserId: string;
  /** When the network signed the callback. */
  issuedAt: Date;
  /** Names this exact callback (a hash of its signature). */
  fingerprint: string;
}

export interface DeauthorizeInput extends ProviderUserCallback {
  reason: string;
  /** Recorded on the event, e.g. "deauthorize_callback" or "authorization.removed:1". */
  providerCode: string;
}

export async function deauthorizeProviderUser(deps: Deps, input: DeauthorizeInput): Promise<{ disconnected: string[]; replay: boolean }> {
  if (await callbackAlreadyProcessed(deps.db, input.fingerprint)) return { disconnected: [], replay: true };
  const disconnected: string[] = [];
  for (const connection of await findConnectionsByProviderUser(deps.db, input.provider, input.providerUserId)) {
    if (await disconnectUnlessNewer(deps, connection, input)) disconnected.push(connection.id);
  }
  // Partnership Ads approvals are Facebook Login grants of their own, with no connection: end them too.
  if (deps.providers.partnershipAds?.()?.providerId === input.provider)
    await endPartnershipsOfFacebookUser(deps, { facebookUserId: input.providerUserId, issuedAt: input.issuedAt, reason: input.reason });
  const now = deps.clock.now();
  await recordCallbackReceipt(deps.db, {
    fingerprint: input.fingerprint,
    kind: 'deauthorize',
    provider: input.provider,
    receivedAt: now,
    keepSince: new Date(now.getTime() - RECEIPT_RETENTION_MS),
  });
  deps.logger.info({ provider: input.provider, connections: disconnected.length }, 'provider reported the app removed');
  return { disconnected, replay: false };
}

/**
 * A connection made (or remade) after the network signed the callback belongs to a newer consent
 * and stays. The change is compare-and-swap on the version, re-read on a race, so a reconnect
 * landing meanwhile is never undone.
 */
async function disconnectUnlessNewer(deps: Deps, first: Connection, input: DeauthorizeInput): Promise<boolean> {
  let connection: Connection | undefined = first;
  for (let attempt = 0; attempt < 3 && connection; attempt++) {
    if (connection.status === 'disconnected' || connectedAfter(connection, input.issuedAt)) return false;
    const updated = await markDisconnected(deps, connection, { reason: input.reason, providerCode: input.providerCode, expectedVersion: connection.version });
    if (updated) return true;
    connection = await getConnectionById(deps.db, connection.id);
  }
  return false;
}

/** issued_at has one-second precision: a consent within the same second as the signature is older. */
export function connectedAfter(connection: Pick<Connection, 'connectedAt'>, issuedAt: Date): boolean {
  return connection.connectedAt.getTime() >= issuedAt.getTime() + SECOND;
}
