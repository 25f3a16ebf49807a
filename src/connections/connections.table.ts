/** Row types of the connections tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export interface ConnectSessionsTable {
  id: string;
  token_hash: string;
  workspace_id: string;
  creator_id: string;
  provider: string;
  return_url: string | null;
  purpose: Generated<string>;
  expires_at: Timestamp;
  completed_at: NullableTimestamp;
  connection_id: string | null;
  created_at: Timestamp;
  choice_token_hash: string | null;
  pending_grant_id: string | null;
  choices: ColumnType<AccountChoice[] | null, string | null | undefined, string | null>;
  /** The exact origins the flow's last page posts its result to (connect-popup.rules.ts); null: none. */
  allowed_origins: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
}

/** An account a Facebook login reached, waiting for the creator to pick it (its own token sealed). */
export interface AccountChoice {
  accountId: string;
  network: string;
  username: string | null;
  displayName: string | null;
  accountType: string | null;
  avatarUrl: string | null;
  accountTokenSealed: string | null;
}

export interface OauthStatesTable {
  state_hash: string;
  session_id: string;
  provider: string;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
  created_at: Timestamp;
  code_verifier_sealed: string | null;
}

export interface ConnectionsTable {
  id: string;
  workspace_id: string;
  creator_id: string;
  provider: string;
  login: string;
  account_id: string;
  username: string | null;
  display_name: string | null;
  account_type: string | null;
  avatar_url: string | null;
  status: string;
  status_reason: string | null;
  scopes: string[];
  token_issued_at: NullableTimestamp;
  token_expires_at: NullableTimestamp;
  last_refreshed_at: NullableTimestamp;
  connected_at: Timestamp;
  disconnected_at: NullableTimestamp;
  refresh_due_at: NullableTimestamp;
  refresh_retry_at: NullableTimestamp;
  refresh_attempts: Generated<number>;
  last_error_code: string | null;
  last_error_at: NullableTimestamp;
  last_verified_at: NullableTimestamp;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  network: string;
  grant_expires_at: NullableTimestamp;
  grant_id: string | null;
  provider_user_id: string | null;
  refresh_started_at: NullableTimestamp;
}

export interface ProviderGrantsTable {
  id: string;
  workspace_id: string;
  creator_id: string;
  provider: string;
  provider_user_id: string | null;
  key_id: string;
  access_token_sealed: string;
  refresh_token_sealed: string | null;
  scopes: string[];
  expires_at: NullableTimestamp;
  data_access_expires_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConnectionTokensTable {
  connection_id: string;
  key_id: string;
  access_token_sealed: string;
  refresh_token_sealed: string | null;
  updated_at: Timestamp;
}

export interface ConnectionEventsTable {
  id: string;
  connection_id: string;
  workspace_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  occurred_at: Timestamp;
}

export interface AccessTokenHandoutsTable {
  connection_id: string;
  day: ColumnType<Date, string, string>;
  count: number;
  last_handout_at: Timestamp;
}

export interface ProviderPausesTable {
  provider: string;
  until: Timestamp;
  reason: string;
}
