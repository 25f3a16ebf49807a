/**
 * The embeddable connect flow (docs/api.md#open-the-link-in-a-popup): a connect session may name the
 * origins its last page posts the result to, fixed when the platform creates it. Null: it posts
 * nothing and the flow ends with redirects and pages, as before.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table connect_sessions add column allowed_origins text[]`.execute(db);
}
