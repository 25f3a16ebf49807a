/** Row types of the partnership-ads tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';
import type { GrantLevel, PartnershipState } from './partnership-ads.rules.ts';

/** A brand's Partnership Ads request for one post (migration 017; rules in src/partnership-ads/partnership-ads.rules.ts). */
export interface PartnershipAdRequestsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  campaign_id: string;
  campaign_post_id: string;
  media_id: string;
  connection_id: string;
  creator_id: string;
  /** The Instagram professional account that published the post: the Facebook user must control it. */
  instagram_account_id: string;
  provider_media_id: string;
  /** The brand's Instagram account the creator lets boost the post (Graph's sponsor_id). */
  sponsor_instagram_id: string;
  duration_days: number;
  message: string | null;
  state: PartnershipState;
  grant_level: GrantLevel | null;
  granted_scopes: ColumnType<string[], string[] | undefined, string[]>;
  /** Declined at the last consent: the next Approve asks again with auth_type=rerequest. */
  declined_scopes: ColumnType<string[], string[] | undefined, string[]>;
  /** Whether "Allow brand partner to boost" was turned on for the sponsor; null before approval. */
  promotion_enabled: boolean | null;
  facebook_user_id: string | null;
  facebook_user_name: string | null;
  /** Why the last Approve did not approve (wrong_owner, permissions_declined, access_denied, …), shown on the request page. */
  last_attempt_error: string | null;
  /** Why it ended: expired (token_expired, duration_ended), revoked (creator, password_changed, app_removed…). */
  state_reason: string | null;
  version: Generated<number>;
  requested_at: Timestamp;
  reminded_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  checked_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface PartnershipAdTokensTable {
  request_id: string;
  /** Sealed with associated data `partnership:<request id>`: it opens for this request only. */
  access_token_sealed: string;
  expires_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface PartnershipAdStatesTable {
  state_hash: string;
  request_id: string;
  rerequest: boolean;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface PartnershipAdEventsTable {
  id: string;
  /** Insertion order: steps within one clock instant (a manual clock, a fast approval) keep their order. */
  seq: Generated<string>;
  request_id: string;
  type: string;
  detail: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, Record<string, unknown>>;
  created_at: Timestamp;
}
