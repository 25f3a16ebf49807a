/** Row types of the workspaces tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './db/column-types.ts';

export interface WorkspacesTable {
  id: string;
  name: string;
  product_name: string | null;
  email_from: string | null;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  key_hash: string;
  key_prefix: string;
  label: Generated<string>;
  created_at: Timestamp;
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
