/** Row types of the workspaces tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './db/column-types.ts';

export interface WorkspacesTable {
  id: string;
  name: string;
  product_name: string | null;
  email_from: string | null;
  /** The workspace BOOTSTRAP_API_KEY opened: a new value of the variable adds a key to it (at most one is marked). */
  bootstrap: Generated<boolean>;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  /** SHA-256 of the secret, which is never stored. */
  key_hash: string;
  /** The first characters of the secret, shown as a hint (`ck_live_abcd…`). */
  key_prefix: string;
  name: string | null;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  /** Stamped at most once a minute (src/platform/api-key.rules.ts). */
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface CreatorsTable {
  workspace_id: string;
  id: string;
  email: string | null;
  name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
