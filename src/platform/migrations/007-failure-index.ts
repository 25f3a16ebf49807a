/**
 * The ops view reads the latest failures per workspace and the last day's failures of all. Events grow
 * without bound (every refresh, including TikTok's two-hourly ones on hand-out, writes one), so these
 * reads must not scan them: two partial indexes over failure events only, small by construction.
 * The predicate is the one `stats.repo.ts` queries with, word for word, so the planner can use them.
 */
import { type Kysely, sql } from 'kysely';

export const FAILURE_PREDICATE = `(type in ('refresh_failed', 'disconnected') or (type = 'expiring' and detail->>'kind' is not null))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create index connection_events_failures_by_workspace on connection_events (workspace_id, occurred_at desc, id desc) where ${FAILURE_PREDICATE}`).execute(db);
  await sql.raw(`create index connection_events_failures on connection_events (occurred_at) where ${FAILURE_PREDICATE}`).execute(db);
}
