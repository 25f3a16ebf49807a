/**
 * The media archive (src/media/archive-*.ts): one row per post bound to a campaign, whose files are
 * copied once into our media store, and one row per file kept (or refused, with the reason). No foreign
 * key to `media`: when a post is deleted (a person asked for their data to go) its archive row stays
 * until the prune has deleted the files from the store too. Posts bound before this release are queued.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

const schema = `
create table media_archives (
  media_id text primary key,
  workspace_id text not null references workspaces(id),
  network text not null,
  status text not null check (status in ('queued', 'running', 'archived', 'failed', 'not_offered', 'pruning')),
  reason text,
  attempts integer not null default 0,
  run_after timestamptz not null,
  lease_owner text,
  lease_expires_at timestamptz,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index media_archives_due on media_archives (run_after) where status in ('queued', 'running');

create table media_archive_files (
  id text primary key,
  media_id text not null references media_archives(media_id) on delete cascade,
  position integer not null,
  role text not null check (role in ('media', 'thumbnail')),
  status text not null check (status in ('stored', 'refused')),
  content_type text,
  bytes bigint,
  sha256 text,
  storage_key text,
  reason text,
  stored_at timestamptz not null,
  unique (media_id, position, role)
);

insert into media_archives (media_id, workspace_id, network, status, run_after, created_at)
select distinct on (m.id) m.id, m.workspace_id, m.network, 'queued', now(), now()
from campaign_posts cp join media m on m.id = cp.media_id
where cp.status = 'bound';
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}
