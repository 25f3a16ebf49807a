/**
 * Campaigns and the posts bound to them (docs/api.md#campaigns).
 * - `brands`: the platform's brands, by the platform's own id (like creators).
 * - `campaigns`: one brand's campaign. `hashtag_key` is the binding hashtag lower-cased without '#',
 *   the form captions are matched on. `version` guards every state change (a conditional UPDATE).
 *   `insights_refresh_available_at` is the Refresh Insights cooldown: a press wins only by moving it
 *   forward in one conditional UPDATE, so two concurrent presses queue one refresh.
 * - `campaign_participants`: a creator's place in a campaign, with the workflow stage and when they
 *   joined (posts published before that do not bind automatically).
 * - `campaign_posts`: a post bound to a campaign, and how. `media_id` is null only for a post a
 *   creator self-reported that we have not synced (then `permalink` names it). An unbound post keeps
 *   its row (status 'unbound'), so automatic binding does not bind it again against the brand's
 *   decision. One row per (campaign, media) and per (campaign, permalink): binding is idempotent.
 * - `media.recent_rank`: the post's place among its account's posts, newest first (1 = newest;
 *   stories not counted), kept by the media sync for the newest posts only; null beyond them. The
 *   insights recency rule ("among the creator's 100 most recent posts") reads it without counting.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    create table brands (
      workspace_id text not null references workspaces(id),
      id text not null,
      name text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (workspace_id, id)
    );

    create table campaigns (
      id text primary key,
      workspace_id text not null references workspaces(id),
      brand_id text not null,
      name text not null,
      state text not null check (state in ('draft', 'live', 'completed', 'archived')),
      binding_hashtag text not null,
      hashtag_key text not null,
      networks text[] not null,
      due_date timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1,
      insights_refresh_requested_at timestamptz,
      insights_refresh_available_at timestamptz,
      foreign key (workspace_id, brand_id) references brands (workspace_id, id)
    );
    create index campaigns_by_workspace on campaigns (workspace_id, created_at desc, id desc);
    create index campaigns_live_recency on campaigns (created_at, due_date) where state = 'live';

    create table campaign_participants (
      campaign_id text not null references campaigns(id) on delete cascade,
      workspace_id text not null,
      creator_id text not null,
      stage text not null check (stage in ('invited', 'applied', 'confirmed', 'content_creation', 'complete', 'declined')),
      joined_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (campaign_id, creator_id),
      foreign key (workspace_id, creator_id) references creators (workspace_id, id)
    );
    create index campaign_participants_by_creator on campaign_participants (workspace_id, creator_id);

    create table campaign_posts (
      id text primary key,
      campaign_id text not null references campaigns(id) on delete cascade,
      workspace_id text not null,
      creator_id text not null,
      media_id text references media(id) on delete cascade,
      connection_id text references connections(id) on delete set null,
      network text not null,
      permalink text,
      bound_by text not null check (bound_by in ('auto', 'manual', 'self_reported')),
      flags text[] not null default '{}',
      status text not null check (status in ('bound', 'unbound')),
      bound_at timestamptz not null,
      unbound_at timestamptz,
      check (media_id is not null or permalink is not null)
    );
    create unique index campaign_posts_one_per_media on campaign_posts (campaign_id, media_id) where media_id is not null;
    create unique index campaign_posts_one_per_permalink on campaign_posts (campaign_id, permalink) where permalink is not null;
    create index campaign_posts_by_media on campaign_posts (media_id) where status = 'bound';
    create index campaign_posts_by_campaign on campaign_posts (campaign_id, bound_at desc) where status = 'bound';

    alter table media add column recent_rank integer;
    create index media_recent on media (connection_id, recent_rank) where recent_rank is not null;
    create index media_by_permalink on media (workspace_id, permalink)
`;
