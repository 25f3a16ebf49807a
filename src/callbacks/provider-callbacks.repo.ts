/**
 * What network callbacks need from storage: the connections of one provider user (in every
 * workspace: the app, and so the callback, is the instance's, not a workspace's), and a memory of
 * which signed callbacks were already processed.
 */
import type { Connection } from '../connections/index.ts';
import { rowToConnection } from '../connections/index.ts';
import type { Tx } from '../platform/db/db.ts';

/**
 * Connections of `providerUserId` on `provider`: those whose grant belongs to that person
 * (`provider_user_id`: the Facebook user behind Pages and Instagram accounts reached through Facebook
 * Login, TikTok's open_id), and those whose account is the person (`account_id`: Instagram Login,
 * whose adapter records no separate user id). Meta's ids are unique across users and Pages, so the
 * two never name different things.
 */
export async function findConnectionsByProviderUser(db: Tx, provider: string, providerUserId: string, options: { forUpdate?: boolean } = {}): Promise<Connection[]> {
  let query = db
    .selectFrom('connections')
    .selectAll()
    .where('provider', '=', provider)
    .where((eb) => eb.or([eb('provider_user_id', '=', providerUserId), eb('account_id', '=', providerUserId)]))
    .orderBy('id');
  if (options.forUpdate) query = query.forUpdate();
  return (await query.execute()).map(rowToConnection);
}

export async function callbackAlreadyProcessed(db: Tx, fingerprint: string): Promise<boolean> {
  const row = await db.selectFrom('provider_callback_receipts').select('fingerprint').where('fingerprint', '=', fingerprint).executeTakeFirst();
  return row !== undefined;
}

/**
 * Remembers a processed callback. Receipts older than `keepSince` are deleted on the way: a callback
 * that old is refused by its time window anyway, so remembering it protects nothing.
 */
export async function recordCallbackReceipt(db: Tx, receipt: { fingerprint: string; kind: string; provider: string; receivedAt: Date; keepSince: Date }): Promise<void> {
  await db.deleteFrom('provider_callback_receipts').where('received_at', '<', receipt.keepSince).execute();
  await db
    .insertInto('provider_callback_receipts')
    .values({ fingerprint: receipt.fingerprint, kind: receipt.kind, provider: receipt.provider, received_at: receipt.receivedAt })
    .onConflict((oc) => oc.column('fingerprint').doNothing())
    .execute();
}
