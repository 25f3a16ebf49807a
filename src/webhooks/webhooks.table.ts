/** Row types of the webhooks tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export interface WebhookEndpointsTable {
  workspace_id: string;
  url: string;
  key_id: string;
  secret_sealed: string;
  /** The secret's prefix and last four characters, to tell secrets apart without revealing one. */
  secret_hint: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  /** Null for a campaign event that concerns no single channel (a refresh finished). */
  connection_id: string | null;
  campaign_id: string | null;
  type: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  attempted_at: Timestamp;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}
