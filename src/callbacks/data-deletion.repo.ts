/**
 * Erasing a connection's personal data on its network's request, and the anonymised record of each
 * request. What is erased: the sealed tokens (the connection's, and the person's shared grant once no
 * connection uses it), the profile (username, name, picture), the account id (replaced by a
 * placeholder unique to the connection) and provider user id, and the subject and bodies of every email
 * about the connection (envelopes are kept as the record of what was sent; one not yet sent is
 * cancelled), the account's synced media (captions, links: the person's own), and the in-app notices about it (deleted: they are no record of anything). What is kept: ids of our own making, statuses, times, the history of events (which
 * never hold personal data), and the creator's email and name (the platform's data, not the network's).
 */
import { type Selectable, sql } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import type { DataDeletionRequestsTable } from './callbacks.table.ts';

export type DataDeletionRequest = Selectable<DataDeletionRequestsTable>;

export const ERASED_EMAIL_SUBJECT = '(erased at the account holder’s request)';

/** Returns how many tokens and emails were erased. The caller holds the connection's row lock. */
export async function eraseConnectionData(db: Tx, connectionId: string, now: Date): Promise<{ tokens: number; emails: number }> {
  const tokens = await db.deleteFrom('connection_tokens').where('connection_id', '=', connectionId).executeTakeFirst();
  await db
    .updateTable('connections')
    .set((eb) => ({
      account_id: `erased:${connectionId}`,
      username: null,
      display_name: null,
      avatar_url: null,
      provider_user_id: null,
      grant_id: null,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', connectionId)
    .execute();
  await db.deleteFrom('notifications').where('connection_id', '=', connectionId).execute();
  await db.deleteFrom('media').where('connection_id', '=', connectionId).execute();
  const emails = await db
    .updateTable('emails')
    .set({
      subject: ERASED_EMAIL_SUBJECT,
      text_body: '',
      html_body: '',
      // An unsent notice is cancelled: it would carry nothing now, and the person asked to be forgotten.
      status: sql<'pending' | 'sent' | 'stored' | 'failed'>`case when status = 'pending' then 'failed' else status end`,
      last_error: sql<string | null>`case when status = 'pending' then 'cancelled: the account holder asked for their data to be deleted' else last_error end`,
    })
    .where('connection_id', '=', connectionId)
    .where('subject', '<>', ERASED_EMAIL_SUBJECT)
    .executeTakeFirst();
  return { tokens: Number(tokens.numDeletedRows), emails: Number(emails.numUpdatedRows) };
}

/**
 * Deletes the person's grants (Facebook Login keeps their token once, shared by every account the
 * login reached): those the erased connections used and those recorded under their user id, unless a
 * connection not erased (made after the request) still uses one.
 */
export async function deleteGrantsOf(db: Tx, provider: string, providerUserId: string, grantIds: string[]): Promise<number> {
  const result = await db
    .deleteFrom('provider_grants')
    .where((eb) => eb.or([eb('id', 'in', grantIds.length ? grantIds : ['__none__']), eb.and([eb('provider', '=', provider), eb('provider_user_id', '=', providerUserId)])]))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('connections').select('id').whereRef('connections.grant_id', '=', 'provider_grants.id'))))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Inserts the record unless a request with the same fingerprint exists; returns whichever is stored. */
export async function insertDeletionRequest(db: Tx, request: DataDeletionRequest): Promise<DataDeletionRequest> {
  const inserted = await db
    .insertInto('data_deletion_requests')
    .values(request)
    .onConflict((oc) => oc.column('request_fingerprint').doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? (await findDeletionByFingerprint(db, request.request_fingerprint))!;
}

export async function findDeletionByFingerprint(db: Tx, fingerprint: string): Promise<DataDeletionRequest | undefined> {
  return db.selectFrom('data_deletion_requests').selectAll().where('request_fingerprint', '=', fingerprint).executeTakeFirst();
}

export async function findDeletionByCode(db: Tx, confirmationCode: string): Promise<DataDeletionRequest | undefined> {
  return db.selectFrom('data_deletion_requests').selectAll().where('confirmation_code', '=', confirmationCode).executeTakeFirst();
}
