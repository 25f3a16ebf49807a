/**
 * API keys as a workspace manages them (docs/operations.md#workspaces-and-api-keys): several per
 * workspace, each with an optional name, an expiry and the time it was last used (stamped at most
 * once a minute). The workspace BOOTSTRAP_API_KEY opened is marked, so a new value of the variable
 * adds a key to it instead of making a new workspace; the partial unique index keeps one such mark
 * even when several processes start at once. Before this migration the bootstrap workspace was the
 * one named "Default workspace" (the oldest, if a changed variable made more).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
alter table api_keys rename column label to name;
alter table api_keys alter column name drop not null;
alter table api_keys alter column name drop default;
update api_keys set name = null where name = '';
alter table api_keys add column expires_at timestamptz;
alter table api_keys add column last_used_at timestamptz;
create index api_keys_workspace_created on api_keys (workspace_id, created_at desc, id desc);

alter table workspaces add column bootstrap boolean not null default false;
create unique index workspaces_one_bootstrap on workspaces (bootstrap) where bootstrap;
update workspaces set bootstrap = true
  where id = (select id from workspaces where name = 'Default workspace' order by created_at, id limit 1);
update api_keys set name = 'BOOTSTRAP_API_KEY'
  where name is null and workspace_id in (select id from workspaces where name = 'Default workspace');
update api_keys set name = 'demo'
  where name is null and workspace_id in (select id from workspaces where name = 'Demo workspace')
`;
