/** Row types of the webhooks tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export interface WebhookEndpointsTable {
  id: string;
  workspace_id: string;
  url: string;
  description: string | null;
  /** The event types sent to this endpoint; null: every type, those added later included. */
  event_types: string[] | null;
  /** Also sign with the old `Channelkeeper-Signature` header (endpoints set through `PUT /v1/webhook`). */
  legacy_signature: boolean;
  key_id: string;
  secret_sealed: string;
  /** The secret's prefix and last four characters, to tell secrets apart without revealing one. */
  secret_hint: string;
  /** The secret the last rotation replaced, sealed under `key_id` too: it signs beside the current one until the expiry. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface WebhookDeliveriesTable {
  /** The `webhook-id`: one per event and endpoint, the same on every attempt. */
  id: string;
  /** The id of the event it reports, the body's `id` (the same for every endpoint that gets it). */
  event_id: string;
  /** Null for a delivery cancelled before endpoints had ids (its endpoint was removed). */
  endpoint_id: string | null;
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
