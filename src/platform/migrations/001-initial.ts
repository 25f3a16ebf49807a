/**
 * The first schema. Times are timestamptz written from the application's clock (never now() for a
 * domain decision); only leases use the database clock, because they coordinate processes, and
 * processes may plan at different `--now` instants.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    create table workspaces (
      id text primary key,
      name text not null,
      product_name text,
      email_from text,
      created_at timestamptz not null
    );

    create table api_keys (
      id text primary key,
      workspace_id text not null references workspaces(id),
      key_hash text not null unique,
      key_prefix text not null,
      label text not null default '',
      created_at timestamptz not null,
      revoked_at timestamptz
    );

    create table creators (
      workspace_id text not null references workspaces(id),
      id text not null,
      email text,
      name text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (workspace_id, id)
    );

    create table connect_sessions (
      id text primary key,
      token_hash text not null unique,
      workspace_id text not null references workspaces(id),
      creator_id text not null,
      provider text not null,
      return_url text,
      purpose text not null default 'connect',
      expires_at timestamptz not null,
      completed_at timestamptz,
      connection_id text,
      created_at timestamptz not null,
      foreign key (workspace_id, creator_id) references creators(workspace_id, id)
    );

    create table oauth_states (
      state_hash text primary key,
      session_id text not null references connect_sessions(id),
      provider text not null,
      expires_at timestamptz not null,
      consumed_at timestamptz,
      created_at timestamptz not null
    );

    create table connections (
      id text primary key,
      workspace_id text not null references workspaces(id),
      creator_id text not null,
      provider text not null,
      login text not null,
      account_id text not null,
      username text,
      display_name text,
      account_type text,
      avatar_url text,
      status text not null check (status in ('active', 'expiring', 'disconnected')),
      status_reason text,
      scopes text[] not null default '{}',
      token_issued_at timestamptz,
      token_expires_at timestamptz,
      last_refreshed_at timestamptz,
      connected_at timestamptz not null,
      disconnected_at timestamptz,
      refresh_due_at timestamptz,
      refresh_retry_at timestamptz,
      refresh_attempts integer not null default 0,
      last_error_code text,
      last_error_at timestamptz,
      last_verified_at timestamptz,
      lease_owner text,
      lease_expires_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      foreign key (workspace_id, creator_id) references creators(workspace_id, id),
      unique (workspace_id, provider, account_id)
    );
    create index connections_by_creator on connections (workspace_id, creator_id);
    create index connections_refresh_due on connections (refresh_due_at) where status <> 'disconnected';
    create index connections_refresh_retry on connections (refresh_retry_at) where refresh_retry_at is not null;
    create index connections_expiry on connections (token_expires_at) where status <> 'disconnected';
    create index connections_verified on connections (last_verified_at) where status <> 'disconnected';

    -- Sealed secrets live apart from connection rows so no listing query can select one by accident.
    create table connection_tokens (
      connection_id text primary key references connections(id) on delete cascade,
      key_id text not null,
      access_token_sealed text not null,
      refresh_token_sealed text,
      updated_at timestamptz not null
    );
    create index connection_tokens_by_key on connection_tokens (key_id);

    create table connection_events (
      id text primary key,
      connection_id text not null references connections(id) on delete cascade,
      workspace_id text not null,
      type text not null,
      from_status text,
      to_status text,
      reason text,
      detail jsonb not null default '{}',
      occurred_at timestamptz not null
    );
    create index connection_events_by_connection on connection_events (connection_id, occurred_at);

    create table access_token_handouts (
      connection_id text not null references connections(id) on delete cascade,
      day date not null,
      count integer not null,
      last_handout_at timestamptz not null,
      primary key (connection_id, day)
    );

    create table emails (
      id text primary key,
      workspace_id text not null,
      creator_id text,
      connection_id text,
      kind text not null,
      dedupe_key text not null unique,
      to_address text not null,
      from_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      status text not null check (status in ('pending', 'sent', 'stored', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      lease_expires_at timestamptz,
      last_error text,
      created_at timestamptz not null,
      delivered_at timestamptz
    );
    create index emails_pending on emails (next_attempt_at) where status = 'pending';

    create table provider_pauses (
      provider text primary key,
      until timestamptz not null,
      reason text not null
    );
`;
