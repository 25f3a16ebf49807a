/** Connect sessions (the link a platform hands a creator) and single-use OAuth states. */
import type { Selectable } from 'kysely';
import { sha256 } from '../platform/crypto/hash.ts';
import type { Tx } from '../platform/db/db.ts';
import type { ConnectSessionsTable, OauthStatesTable } from './connections.table.ts';

export type ConnectSessionRow = Selectable<ConnectSessionsTable>;

export async function findSessionByToken(db: Tx, token: string): Promise<ConnectSessionRow | undefined> {
  return db.selectFrom('connect_sessions').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
}

export async function findSession(db: Tx, id: string): Promise<ConnectSessionRow | undefined> {
  return db.selectFrom('connect_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Consumes a state exactly once: the conditional UPDATE succeeds for one caller only, and only
 * before expiry. On failure, the row (if any) tells the caller whether it was replayed or late.
 */
export async function consumeState(
  db: Tx,
  state: string,
  now: Date,
): Promise<{ ok: true; row: Selectable<OauthStatesTable> } | { ok: false; row: Selectable<OauthStatesTable> | undefined }> {
  const hash = sha256(state);
  const row = await db
    .updateTable('oauth_states')
    .set({ consumed_at: now })
    .where('state_hash', '=', hash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  if (row) return { ok: true, row };
  return { ok: false, row: await db.selectFrom('oauth_states').selectAll().where('state_hash', '=', hash).executeTakeFirst() };
}

/**
 * Marks a connect session completed, only if it is still open (not completed, not expired): true
 * for one caller only. Two callbacks of one link (the creator opened it twice) race here; the
 * second waits for the first's row lock, sees it completed and stores nothing. Call it in the
 * transaction that stores the connection, so a rolled-back store leaves the link open.
 */
export async function claimOpenSession(trx: Tx, sessionId: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('connect_sessions')
    .set({ completed_at: now })
    .where('id', '=', sessionId)
    .where('completed_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
