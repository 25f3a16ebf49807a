/**
 * Five networks: what an account is on its network (an Instagram account may come through Facebook
 * Login), when the grant as a whole ends (refresh token, Facebook user token, data access), grants
 * shared by several connections (one Facebook login reaches several Pages), PKCE verifiers, the
 * Facebook account choice, and the marker of a refresh in flight (rotating refresh tokens).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    alter table connections add column network text;
    update connections set network = provider;
    alter table connections alter column network set not null;
    -- When nothing we can do keeps the connection alive without the creator (null: no fixed end).
    alter table connections add column grant_expires_at timestamptz;
    update connections set grant_expires_at = token_expires_at;
    alter table connections add column grant_id text;
    alter table connections add column provider_user_id text;
    -- Set (and committed) before a refresh call, cleared with its outcome: a claim that finds it set
    -- knows the previous attempt died between the provider's answer and our commit.
    alter table connections add column refresh_started_at timestamptz;
    drop index connections_expiry;
    create index connections_grant_expiry on connections (grant_expires_at) where status <> 'disconnected';
    create index connections_by_provider_user on connections (provider, provider_user_id);

    -- A person's token shared by every connection their one login reached (Facebook Login).
    create table provider_grants (
      id text primary key,
      workspace_id text not null references workspaces(id),
      creator_id text not null,
      provider text not null,
      provider_user_id text,
      key_id text not null,
      access_token_sealed text not null,
      refresh_token_sealed text,
      scopes text[] not null default '{}',
      expires_at timestamptz,
      data_access_expires_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index provider_grants_by_user on provider_grants (provider, provider_user_id);

    alter table oauth_states add column code_verifier_sealed text;
    alter table connect_sessions add column choice_token_hash text unique;
    alter table connect_sessions add column pending_grant_id text;
    alter table connect_sessions add column choices jsonb
`;
