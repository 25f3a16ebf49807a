/**
 * A brand's portal visit in the language the platform asked for (`POST /v1/portal-sessions` with a
 * brand and a `locale`/`timeZone`): a brand is no creator, so nothing else holds it. A creator's
 * session keeps these on the creator (migration 030), where their emails read them too.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table portal_sessions add column locale text, add column time_zone text`.execute(db);
}
