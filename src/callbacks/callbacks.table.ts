/** Row types of the callbacks tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export interface DataDeletionRequestsTable {
  id: string;
  confirmation_code: string;
  /** sha256 of the signed request's signature: a replay finds this row and gets the same code. */
  request_fingerprint: string;
  provider: string;
  /** HMAC-SHA256 of the provider's user id under the app secret: never the id itself. */
  user_hash: string;
  status: 'pending' | 'completed';
  requested_at: Timestamp;
  completed_at: NullableTimestamp;
  connections_erased: number;
  tokens_deleted: number;
  emails_erased: number;
  connection_ids: string[];
}

export interface ProviderCallbackReceiptsTable {
  fingerprint: string;
  kind: string;
  provider: string;
  received_at: Timestamp;
}
