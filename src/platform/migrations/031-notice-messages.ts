/**
 * Notices and emails in the reader's language:
 *
 * - `notifications.message_key` and `message_values`: what a notice says as a catalogue key and its
 *   values, so a page renders it in its reader's language when it shows it (a creator may change
 *   language after it was written). `title` and `body` keep the English words for the API; rows
 *   written before this have no key and show those.
 * - `emails.locale`: the language an email was written in, sent as its Content-Language.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notifications add column message_key text, add column message_values jsonb`.execute(db);
  await sql`alter table emails add column locale text`.execute(db);
}
