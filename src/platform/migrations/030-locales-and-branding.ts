/**
 * Pages and emails in the creator's language and the platform's brand (docs/branding.md):
 *
 * - `creators.locale` and `creators.time_zone`: what a connect or portal session said about the
 *   person (a BCP 47 tag among the supported languages, an IANA zone). Emails, which have no browser
 *   to ask, use them; pages use them before the browser's Accept-Language.
 * - `workspaces.default_locale`: the language when neither the creator nor the browser says one.
 * - The workspace's brand: product name (the existing `product_name`), sender name, accent colour,
 *   support contact, and a logo kept here (a sanitised SVG or a PNG/JPEG of at most 200 KB) and served
 *   by us, so no page or email loads a third party's image. `logo_sha256` names the version in its URL.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table creators add column locale text, add column time_zone text`.execute(db);
  await sql`
    alter table workspaces
      add column default_locale text,
      add column email_sender_name text,
      add column accent_color text,
      add column support_email text,
      add column support_url text,
      add column logo bytea,
      add column logo_type text,
      add column logo_sha256 text,
      add column branding_updated_at timestamptz`.execute(db);
}
