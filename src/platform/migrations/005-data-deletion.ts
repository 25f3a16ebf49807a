/**
 * Meta's deauthorize and data-deletion callbacks and TikTok's authorization.removed webhook.
 * `data_deletion_requests` is the anonymised audit of each deletion: no user id in clear (a keyed
 * hash), no names, only counts and our own connection ids. `provider_callback_receipts` remembers
 * which signed callbacks were already processed, so a replay inside the accepted time window does
 * nothing (rows older than the window are useless and pruned).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_deletion_requests (
      id text primary key,
      confirmation_code text not null unique,
      request_fingerprint text not null unique,
      provider text not null,
      user_hash text not null,
      status text not null check (status in ('pending', 'completed')),
      requested_at timestamptz not null,
      completed_at timestamptz,
      connections_erased integer not null default 0,
      tokens_deleted integer not null default 0,
      emails_erased integer not null default 0,
      connection_ids text[] not null default '{}'
    )`.execute(db);
  await sql`create index data_deletion_requests_by_user on data_deletion_requests (provider, user_hash)`.execute(db);
  await sql`
    create table provider_callback_receipts (
      fingerprint text primary key,
      kind text not null,
      provider text not null,
      received_at timestamptz not null
    )`.execute(db);
  await sql`create index provider_callback_receipts_received on provider_callback_receipts (received_at)`.execute(db);
  // Callbacks name a provider's user, not a workspace: find every workspace's connection of that user.
  await sql`create index connections_by_provider_account on connections (provider, account_id)`.execute(db);
}
