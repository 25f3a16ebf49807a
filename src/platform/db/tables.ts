/**
 * Row types for every table, as Kysely sees them. Rows are mapped to domain objects in the repos. One
 * file for the whole schema on purpose (as Kysely's `Database` interface wants it), so it grows with
 * each migration: longer than a module usually is.
 */
import type { GrantLevel, PartnershipState } from '../../partnership-ads/partnership-ads.rules.ts';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

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

export interface EmailsTable {
  id: string;
  workspace_id: string;
  creator_id: string | null;
  connection_id: string | null;
  kind: string;
  dedupe_key: string;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: 'pending' | 'sent' | 'stored' | 'failed';
  /** 'high': urgent (a channel lost during a live campaign): sent first, marked important. */
  priority: Generated<EmailPriority>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_expires_at: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export type EmailPriority = 'normal' | 'high';

export interface PortalSessionsTable {
  id: string;
  workspace_id: string;
  /** Exactly one of creator_id (the Channels page) and brand_id (the Campaign Performance page). */
  creator_id: string | null;
  brand_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A brand's session lands on this campaign's page. */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** sha256 of the link's token: the link opens once, before link_expires_at. */
  link_hash: string;
  link_expires_at: Timestamp;
  opened_at: NullableTimestamp;
  /** sha256 of the cookie's token, set when the link is opened; the session ends at expires_at. */
  cookie_hash: string | null;
  expires_at: NullableTimestamp;
  return_url: string | null;
  created_at: Timestamp;
}

export interface NotificationsTable {
  id: string;
  workspace_id: string;
  /** Exactly one of creator_id (the Channels page) and brand_id (a brand's portal). */
  creator_id: string | null;
  brand_id: ColumnType<string | null, string | null | undefined, string | null>;
  connection_id: string | null;
  kind: string;
  urgent: Generated<boolean>;
  title: string;
  body: string;
  dedupe_key: string;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface ProviderPausesTable {
  provider: string;
  until: Timestamp;
  reason: string;
}

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

export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  creators: CreatorsTable;
  connect_sessions: ConnectSessionsTable;
  oauth_states: OauthStatesTable;
  connections: ConnectionsTable;
  connection_tokens: ConnectionTokensTable;
  connection_events: ConnectionEventsTable;
  access_token_handouts: AccessTokenHandoutsTable;
  emails: EmailsTable;
  provider_pauses: ProviderPausesTable;
  provider_grants: ProviderGrantsTable;
  data_deletion_requests: DataDeletionRequestsTable;
  provider_callback_receipts: ProviderCallbackReceiptsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  portal_sessions: PortalSessionsTable;
  notifications: NotificationsTable;
  media: MediaTable;
  media_syncs: MediaSyncsTable;
  brands: BrandsTable;
  campaigns: CampaignsTable;
  campaign_participants: CampaignParticipantsTable;
  campaign_posts: CampaignPostsTable;
  partnership_ad_requests: PartnershipAdRequestsTable;
  partnership_ad_tokens: PartnershipAdTokensTable;
  partnership_ad_states: PartnershipAdStatesTable;
  partnership_ad_events: PartnershipAdEventsTable;
  media_insights: MediaInsightsTable;
  audience_insights: AudienceInsightsTable;
  audience_state: AudienceStateTable;
  insights_refreshes: InsightsRefreshesTable;
  insight_tasks: InsightTasksTable;
  rate_budgets: RateBudgetsTable;
}

export interface MediaTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  provider_media_id: string;
  network: string;
  media_type: string;
  caption: string | null;
  permalink: string | null;
  published_at: Timestamp;
  media_url: string | null;
  thumbnail_url: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  /** 1 = the account's newest post (stories not counted); null beyond the newest the sync keeps ranked. */
  recent_rank: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the latest insights snapshot was captured (media_insights), and how that capture went. */
  insights_at: NullableTimestamp;
  insights_status: ColumnType<string | null, string | null | undefined, string | null>;
}

export type MediaSyncReason = 'connected' | 'reconnected' | 'manual' | 'scheduled';
export type MediaSyncStatus = 'queued' | 'running' | 'done' | 'failed';
/** 'full': the feed and stories; 'stories': only stories (a live campaign's cheap hourly run). */
export type MediaSyncScope = 'full' | 'stories';

export interface MediaSyncsTable {
  id: string;
  connection_id: string;
  reason: MediaSyncReason;
  status: MediaSyncStatus;
  items_seen: Generated<number>;
  pages: Generated<number>;
  attempts: Generated<number>;
  run_after: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  error: string | null;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  created_at: Timestamp;
  scope: ColumnType<MediaSyncScope, MediaSyncScope | undefined, MediaSyncScope>;
}

export interface BrandsTable {
  workspace_id: string;
  id: string;
  name: string;
  /** The brand's Instagram professional account: the sponsor a creator lets boost a post (Partnership Ads). */
  instagram_account_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CampaignState = 'draft' | 'live' | 'completed' | 'archived';

export interface CampaignsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  name: string;
  state: CampaignState;
  /** As the brand wrote it, with '#'. */
  binding_hashtag: string;
  /** Lower-cased, without '#': what captions are matched on. */
  hashtag_key: string;
  networks: ColumnType<string[], string[], string[]>;
  due_date: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  insights_refresh_requested_at: NullableTimestamp;
  insights_refresh_available_at: NullableTimestamp;
}

export type ParticipantStage = 'invited' | 'applied' | 'confirmed' | 'content_creation' | 'complete' | 'declined';

export interface CampaignParticipantsTable {
  campaign_id: string;
  workspace_id: string;
  creator_id: string;
  stage: ParticipantStage;
  joined_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type BoundBy = 'auto' | 'manual' | 'self_reported';

export interface CampaignPostsTable {
  id: string;
  campaign_id: string;
  workspace_id: string;
  creator_id: string;
  media_id: string | null;
  connection_id: string | null;
  network: string;
  permalink: string | null;
  bound_by: BoundBy;
  /** e.g. 'no_disclosure': bound, but a person should look at it. */
  flags: ColumnType<string[], string[] | undefined, string[]>;
  status: 'bound' | 'unbound';
  bound_at: Timestamp;
  unbound_at: NullableTimestamp;
}

export type InsightSource = 'auto' | 'manual' | 'story';

export interface MediaInsightsTable {
  media_id: string;
  captured_at: Timestamp;
  source: InsightSource;
  views: number | null;
  reach: number | null;
  likes: number | null;
  comments: number | null;
  saves: number | null;
  shares: number | null;
  total_interactions: number | null;
  impressions: number | null;
  engagement_rate: number | null;
  extra: ColumnType<Record<string, number> | null, string | null, string | null>;
}

export interface AudienceInsightsTable {
  connection_id: string;
  captured_at: Timestamp;
  status: 'available' | 'unavailable';
  reason: string | null;
  unit: string | null;
  followers: number | null;
  breakdowns: ColumnType<Record<string, { key: string; value: number }[]> | null, string | null, string | null>;
}

/** When a channel's audience is read next, and the claim of a run reading it now (migration 015). */
export interface AudienceStateTable {
  connection_id: string;
  next_due_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
}

export type InsightsRefreshStatus = 'queued' | 'running' | 'done';

export interface InsightsRefreshesTable {
  id: string;
  campaign_id: string;
  requested_at: Timestamp;
  status: InsightsRefreshStatus;
  total: number;
  completed: Generated<number>;
  failed: Generated<number>;
  finished_at: NullableTimestamp;
}

export type InsightTaskStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed';

export interface InsightTasksTable {
  id: string;
  media_id: string;
  connection_id: string;
  network: string;
  reason: InsightSource;
  refresh_id: string | null;
  status: InsightTaskStatus;
  attempts: Generated<number>;
  run_after: Timestamp;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface RateBudgetsTable {
  key: string;
  window_start: Timestamp;
  used: number;
}

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
