/**
 * Brands open the Campaign Performance page the way creators open their Channels page: a portal
 * session made by the platform's backend, for one brand instead of one creator (exactly one of the
 * two), optionally landing on one campaign.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table portal_sessions alter column creator_id drop not null`.execute(db);
  await sql`alter table portal_sessions add column brand_id text`.execute(db);
  await sql`alter table portal_sessions add column campaign_id text`.execute(db);
  await sql`alter table portal_sessions add constraint portal_sessions_one_subject check ((creator_id is null) <> (brand_id is null))`.execute(db);
}
