/**
 * The creators' Channels page and what it tells them.
 * - `portal_sessions`: a link the platform hands one creator (its token stored hashed, opened once,
 *   within 30 minutes), which becomes a short cookie session (the cookie's token also hashed).
 * - `notifications`: in-app notices per workspace and creator, written in the same transaction as
 *   the state change that causes them; the dedupe key makes a retried change write none twice.
 * - `emails.priority`: an urgent email (a channel lost during a live campaign) is sent first and
 *   marked high priority.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    create table portal_sessions (
      id text primary key,
      workspace_id text not null references workspaces(id),
      creator_id text not null,
      link_hash text not null unique,
      link_expires_at timestamptz not null,
      opened_at timestamptz,
      cookie_hash text unique,
      expires_at timestamptz,
      return_url text,
      created_at timestamptz not null,
      foreign key (workspace_id, creator_id) references creators (workspace_id, id)
    );
    create index portal_sessions_created on portal_sessions (created_at);

    create table notifications (
      id text primary key,
      workspace_id text not null references workspaces(id),
      creator_id text not null,
      connection_id text,
      kind text not null,
      urgent boolean not null default false,
      title text not null,
      body text not null,
      dedupe_key text not null unique,
      created_at timestamptz not null,
      read_at timestamptz
    );
    create index notifications_by_creator on notifications (workspace_id, creator_id, created_at desc, id desc);
    create index notifications_unread on notifications (workspace_id, creator_id) where read_at is null;
    create index notifications_by_connection on notifications (connection_id);

    alter table emails add column priority text not null default 'normal' check (priority in ('normal', 'high'))
`;
