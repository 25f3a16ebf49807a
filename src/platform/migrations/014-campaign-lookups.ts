/**
 * Indexes for lookups the first campaign and insights migrations left to sequential scans:
 * - every media sync asks for the creator's self-reported posts not synced yet (media_id null);
 * - deleting a post (a creator's data deletion deletes their media) makes PostgreSQL find the rows
 *   that reference it by media id, in campaign_posts and insight_tasks: the partial indexes on
 *   media_id (bound posts, open tasks) cannot answer that.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index campaign_posts_unsynced on campaign_posts (workspace_id, creator_id) where media_id is null`.execute(db);
  await sql`create index campaign_posts_media_ref on campaign_posts (media_id)`.execute(db);
  await sql`create index insight_tasks_media_ref on insight_tasks (media_id)`.execute(db);
}
