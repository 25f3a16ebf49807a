/**
 * Media sync (docs/api.md#media-sync), and the ground the campaigns feature binds posts on.
 * - `media`: each post, video, pin or story a connection's account published, as the network last
 *   described it. One row per (connection, the network's media id); a sync upserts, refreshing what
 *   can change (caption, URLs: Instagram's CDN URLs expire) and `last_seen_at`.
 * - `media_syncs`: one row per sync run. A partial unique index allows at most one queued-or-running
 *   sync per connection, so queueing is idempotent (`on conflict do nothing`) across processes and
 *   retries. `run_after` is when a queued sync may start (a retry waits); the lease (owner + expiry on
 *   the database clock) lets a worker that died mid-run be replaced once it lapses.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    create table media (
      id text primary key,
      workspace_id text not null references workspaces(id),
      connection_id text not null references connections(id) on delete cascade,
      provider_media_id text not null,
      network text not null,
      media_type text not null,
      caption text,
      permalink text,
      published_at timestamptz not null,
      media_url text,
      thumbnail_url text,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      unique (connection_id, provider_media_id)
    );
    create index media_newest_first on media (connection_id, published_at desc, id desc);

    create table media_syncs (
      id text primary key,
      connection_id text not null references connections(id) on delete cascade,
      reason text not null check (reason in ('connected', 'reconnected', 'manual', 'scheduled')),
      status text not null check (status in ('queued', 'running', 'done', 'failed')),
      items_seen integer not null default 0,
      pages integer not null default 0,
      attempts integer not null default 0,
      run_after timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      error text,
      lease_owner text,
      lease_expires_at timestamptz,
      created_at timestamptz not null
    );
    create unique index media_syncs_one_open on media_syncs (connection_id) where status in ('queued', 'running');
    create index media_syncs_due on media_syncs (run_after) where status in ('queued', 'running');
    create index media_syncs_latest on media_syncs (connection_id, created_at desc, id desc)
`;
