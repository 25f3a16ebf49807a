/**
 * Indexes for the list routes' keyset pages (docs/api.md#conventions):
 * - `GET /v1/connections` pages a workspace's connections oldest first, on (created_at, id);
 * - `GET /v1/campaigns/:id/partnership-ads` pages a campaign's requests newest first: the existing index
 *   on (campaign_id, requested_at) lacks the id that breaks ties between pages.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index connections_page on connections (workspace_id, created_at, id)`.execute(db);
  await sql`create index partnership_ad_requests_page on partnership_ad_requests (campaign_id, requested_at desc, id desc)`.execute(db);
}
