/**
 * What a media sync reads: `scope` 'full' reads the feed (and stories where the network has
 * them); 'stories' reads only the stories, the cheap run a live campaign's hourly schedule makes
 * when the feed was read in the last hours; the sweep asks for each connection's last full sync
 * through `media_syncs_done_by_connection`.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    alter table media_syncs add column scope text not null default 'full' check (scope in ('full', 'stories'));
    create index media_syncs_done_by_connection on media_syncs (connection_id, scope, finished_at desc) where status = 'done'
`;
