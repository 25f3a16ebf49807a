/**
 * Insights (docs/api.md#insights): per-post time series, audience snapshots, the Refresh Insights button's runs,
 * the work queue both the daily plan and the button feed, and the shared rate budget.
 * - `media_insights`: one row per capture of a post's lifetime figures, never overwritten (a chart
 *   reads the series). null = the network does not report that figure; `impressions` is bigint since
 *   a viral post passes 2^31. `media.insights_at` is the latest capture, so "latest" and "due" never
 *   scan the series.
 * - `audience_insights`: one snapshot per connection and capture; `status` 'unavailable' with a reason
 *   (below_threshold, not_offered) rather than zeros.
 * - `insights_refreshes`: one press of the button, with progress counters the worker advances.
 * - `insight_tasks`: the work queue. A partial unique index allows one open (queued, running or
 *   paused) task per media, so every enqueue is `on conflict do nothing`. `paused` = the connection
 *   cannot be used (reason kept) and is not retried until it is usable again.
 * - `rate_budgets`: calls spent per (budget key, window start). Many processes take from it with one
 *   `insert … on conflict do update … where used + n <= limit returning`, so no window is overspent.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    create table media_insights (
      media_id text not null references media(id) on delete cascade,
      captured_at timestamptz not null,
      source text not null check (source in ('auto', 'manual', 'story')),
      views bigint,
      reach bigint,
      likes bigint,
      comments bigint,
      saves bigint,
      shares bigint,
      total_interactions bigint,
      impressions bigint,
      engagement_rate double precision,
      extra jsonb,
      primary key (media_id, captured_at)
    );

    alter table media add column insights_at timestamptz;
    alter table media add column insights_status text;

    create table audience_insights (
      connection_id text not null references connections(id) on delete cascade,
      captured_at timestamptz not null,
      status text not null check (status in ('available', 'unavailable')),
      reason text,
      unit text,
      followers bigint,
      breakdowns jsonb,
      primary key (connection_id, captured_at)
    );

    create table insights_refreshes (
      id text primary key,
      campaign_id text not null references campaigns(id) on delete cascade,
      requested_at timestamptz not null,
      status text not null check (status in ('queued', 'running', 'done')),
      total integer not null,
      completed integer not null default 0,
      failed integer not null default 0,
      finished_at timestamptz
    );
    create index insights_refreshes_latest on insights_refreshes (campaign_id, requested_at desc);

    create table insight_tasks (
      id text primary key,
      media_id text not null references media(id) on delete cascade,
      connection_id text not null references connections(id) on delete cascade,
      network text not null,
      reason text not null check (reason in ('auto', 'manual', 'story')),
      refresh_id text references insights_refreshes(id) on delete set null,
      status text not null check (status in ('queued', 'running', 'paused', 'done', 'failed')),
      attempts integer not null default 0,
      run_after timestamptz not null,
      lease_owner text,
      lease_expires_at timestamptz,
      last_error text,
      created_at timestamptz not null,
      finished_at timestamptz
    );
    create unique index insight_tasks_one_open on insight_tasks (media_id) where status in ('queued', 'running', 'paused');
    create index insight_tasks_due on insight_tasks (run_after) where status in ('queued', 'running');
    create index insight_tasks_paused on insight_tasks (connection_id) where status = 'paused';
    create index insight_tasks_by_refresh on insight_tasks (refresh_id, status) where refresh_id is not null;

    create table rate_budgets (
      key text not null,
      window_start timestamptz not null,
      used integer not null,
      primary key (key, window_start)
    );
    create index rate_budgets_by_window on rate_budgets (window_start);

    create index campaign_posts_auto_plan on campaign_posts (campaign_id, media_id) where status = 'bound' and bound_by <> 'self_reported' and media_id is not null;
    create index media_recent_ranked on media (id) include (connection_id, recent_rank, insights_at) where recent_rank <= 100;
    create index media_live_stories on media (published_at) where media_type = 'story'
`;
