/**
 * Partnership Ads authorizations (docs/api.md#partnership-ads). One row per request a brand makes for one bound Instagram
 * post; the creator answers it through Facebook Login (approve) or a button (deny).
 * - At most one open request (requested or approved) per post and brand: a partial unique index, so
 *   concurrent requests from one brand collapse into one whatever process takes them.
 * - The Facebook token lives in its own table, sealed with the request id as associated data: it is
 *   scoped to this request, never shared with a connection, and deleted when the request ends.
 * - The OAuth state of an approval is its own (single use, 10 minutes), not a connect session's.
 * - Every step is written to partnership_ad_events, the request's audit trail.
 * - Brands get in-app notices: a notification names exactly one of a creator and a brand.
 * Rows go with the post or the channel they concern (data deletion deletes both).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

const schema = `
alter table brands add column instagram_account_id text;

create table partnership_ad_requests (
  id text primary key,
  workspace_id text not null,
  brand_id text not null,
  campaign_id text not null,
  campaign_post_id text not null,
  media_id text not null references media(id) on delete cascade,
  connection_id text not null references connections(id) on delete cascade,
  creator_id text not null,
  instagram_account_id text not null,
  provider_media_id text not null,
  sponsor_instagram_id text not null,
  duration_days integer not null check (duration_days between 1 and 60),
  message text,
  state text not null check (state in ('requested', 'approved', 'denied', 'expired', 'revoked', 'withdrawn')),
  grant_level text check (grant_level in ('full', 'partial')),
  granted_scopes text[] not null default '{}',
  declined_scopes text[] not null default '{}',
  promotion_enabled boolean,
  facebook_user_id text,
  facebook_user_name text,
  last_attempt_error text,
  state_reason text,
  version integer not null default 0,
  requested_at timestamptz not null,
  reminded_at timestamptz,
  decided_at timestamptz,
  expires_at timestamptz,
  checked_at timestamptz,
  ended_at timestamptz,
  updated_at timestamptz not null
);

create unique index partnership_ad_requests_one_open on partnership_ad_requests (workspace_id, brand_id, media_id) where state in ('requested', 'approved');
create index partnership_ad_requests_campaign on partnership_ad_requests (campaign_id, requested_at);
create index partnership_ad_requests_creator on partnership_ad_requests (workspace_id, creator_id, requested_at);
create index partnership_ad_requests_reminder_due on partnership_ad_requests (requested_at) where state = 'requested' and reminded_at is null;
create index partnership_ad_requests_expiry_due on partnership_ad_requests (expires_at) where state = 'approved';
create index partnership_ad_requests_check_due on partnership_ad_requests (checked_at nulls first) where state = 'approved';

create table partnership_ad_tokens (
  request_id text primary key references partnership_ad_requests(id) on delete cascade,
  access_token_sealed text not null,
  expires_at timestamptz,
  created_at timestamptz not null
);

create table partnership_ad_states (
  state_hash text primary key,
  request_id text not null references partnership_ad_requests(id) on delete cascade,
  rerequest boolean not null,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null
);

create table partnership_ad_events (
  id text primary key,
  seq bigint generated always as identity,
  request_id text not null references partnership_ad_requests(id) on delete cascade,
  type text not null,
  detail jsonb not null default '{}',
  created_at timestamptz not null
);
create index partnership_ad_events_request on partnership_ad_events (request_id, seq);

alter table notifications alter column creator_id drop not null;
alter table notifications add column brand_id text;
alter table notifications add constraint notifications_one_subject check ((creator_id is null) <> (brand_id is null));
create index notifications_brand on notifications (workspace_id, brand_id, created_at) where brand_id is not null
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}
