/**
 * One account, two logins; imported campaigns.
 * - `connections_by_account`: the connections that reach the same network account (an Instagram account
 *   through Instagram Login and through a Facebook Page) are found by (workspace, network, account id):
 *   the insights worker, the plan and the paused lists look for a usable sibling at every run.
 * - `campaigns.started_at`: a campaign moved from another system keeps its real start (`POST
 *   /v1/campaigns` `startedAt`); null means it started when it was created here. The automatic
 *   refresh's 90 days count from it, so the live-recency index is rebuilt on the start.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

const schema = `
create index connections_by_account on connections (workspace_id, network, account_id);
alter table campaigns add column started_at timestamptz;
drop index campaigns_live_recency;
create index campaigns_live_recency on campaigns ((coalesce(started_at, created_at)), due_date) where state = 'live';
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}
