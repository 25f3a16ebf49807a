/**
 * Indexes for the daily prune (src/ops/prune.repo.ts): each finds the finished or expired rows
 * of one table by age without reading the open ones, and the reference checks (is this session
 * still named by an OAuth state, this grant by a connection or a session) are index lookups.
 */
import { type Kysely, sql } from 'kysely';

const statements = [
  `create index webhook_deliveries_finished on webhook_deliveries (created_at) where status <> 'pending'`,
  `create index emails_finished on emails (created_at) where status in ('sent', 'failed')`,
  `create index media_syncs_finished on media_syncs (finished_at) where status in ('done', 'failed')`,
  `create index insight_tasks_finished on insight_tasks (finished_at) where status in ('done', 'failed')`,
  `create index oauth_states_expiry on oauth_states (expires_at)`,
  `create index oauth_states_by_session on oauth_states (session_id)`,
  `create index connect_sessions_expiry on connect_sessions (expires_at)`,
  `create index connect_sessions_by_pending_grant on connect_sessions (pending_grant_id) where pending_grant_id is not null`,
  `create index portal_sessions_expiry on portal_sessions ((coalesce(expires_at, link_expires_at)))`,
  `create index connections_disconnected on connections (disconnected_at) where status = 'disconnected'`,
  `create index connections_by_grant on connections (grant_id) where grant_id is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement at a time: PGlite's extended protocol takes a single statement per query.
  for (const statement of statements) await sql.raw(statement).execute(db);
}
