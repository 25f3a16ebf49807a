/**
 * Change notices for the caches that serve hot reads from memory (platform/db/change-feed.ts): every
 * committed change to what a hand-out reads (a connection's status, its ends, its workspace, its sealed
 * access token) sends `NOTIFY ck_connection_changes, '<connection id>'`; a TRUNCATE sends '*' (forget
 * everything). Triggers on the tables, not calls in the code, so every writer is covered: refresh and
 * rotation, disconnect and revoke, key rotation, data deletion, pruning, and any SQL an operator runs.
 *
 * PostgreSQL sends a transaction's notices at its commit, never for a rolled-back one, and only once per
 * distinct payload in a transaction (a refresh updates both tables: one notice). The connections trigger
 * fires only when a column the hand-out reads changes (`HANDOUT_COLUMNS` in connections.repo.ts, kept in
 * step by test/integration/handout-cache.integration.test.ts): the sweep's lease claims and the
 * bookkeeping of retries and verification change none of them and notify nobody.
 *
 * The same for the API keys every request looks up (platform/http/auth.ts): `ck_api_key_changes` carries
 * the changed key's hash when a key is made, revoked, given another expiry or deleted (not when its last
 * use is stamped), and '*' when a workspace's name or sender changes or a workspace goes.
 */
import { type Kysely, sql } from 'kysely';

/** A trigger function that notifies `channel` with `payload` (an expression over `old`/`new`), for a row or a statement. */
const notifyFunction = (name: string, channel: string, payload: string) =>
  `create function ${name}() returns trigger language plpgsql as $$
     begin
       perform pg_notify('${channel}', ${payload});
       return null;
     end $$`;

const statements = [
  notifyFunction('ck_notify_connection_change', 'ck_connection_changes', `case when tg_op = 'DELETE' then old.id else new.id end`),
  notifyFunction('ck_notify_connection_tokens_change', 'ck_connection_changes', `case when tg_op = 'DELETE' then old.connection_id else new.connection_id end`),
  notifyFunction('ck_notify_connections_truncated', 'ck_connection_changes', `'*'`),
  `create trigger connections_notify_write after insert or delete on connections
     for each row execute function ck_notify_connection_change()`,
  `create trigger connections_notify_update after update on connections
     for each row when (
       old.id is distinct from new.id or old.workspace_id is distinct from new.workspace_id
       or old.provider is distinct from new.provider or old.status is distinct from new.status
       or old.status_reason is distinct from new.status_reason or old.token_expires_at is distinct from new.token_expires_at
       or old.grant_expires_at is distinct from new.grant_expires_at
     ) execute function ck_notify_connection_change()`,
  `create trigger connection_tokens_notify after insert or update or delete on connection_tokens
     for each row execute function ck_notify_connection_tokens_change()`,
  `create trigger connections_notify_truncate after truncate on connections
     for each statement execute function ck_notify_connections_truncated()`,
  `create trigger connection_tokens_notify_truncate after truncate on connection_tokens
     for each statement execute function ck_notify_connections_truncated()`,
];

const apiKeyStatements = [
  notifyFunction('ck_notify_api_key_change', 'ck_api_key_changes', `case when tg_op = 'DELETE' then old.key_hash else new.key_hash end`),
  notifyFunction('ck_notify_api_keys_all', 'ck_api_key_changes', `'*'`),
  `create trigger api_keys_notify_write after insert or delete on api_keys
     for each row execute function ck_notify_api_key_change()`,
  `create trigger api_keys_notify_update after update on api_keys
     for each row when (
       old.key_hash is distinct from new.key_hash or old.workspace_id is distinct from new.workspace_id
       or old.revoked_at is distinct from new.revoked_at or old.expires_at is distinct from new.expires_at
     ) execute function ck_notify_api_key_change()`,
  `create trigger api_keys_notify_truncate after truncate on api_keys
     for each statement execute function ck_notify_api_keys_all()`,
  `create trigger workspaces_notify_update after update on workspaces
     for each row when (
       old.id is distinct from new.id or old.name is distinct from new.name
       or old.product_name is distinct from new.product_name or old.email_from is distinct from new.email_from
     ) execute function ck_notify_api_keys_all()`,
  `create trigger workspaces_notify_delete after delete on workspaces
     for each row execute function ck_notify_api_keys_all()`,
  `create trigger workspaces_notify_truncate after truncate on workspaces
     for each statement execute function ck_notify_api_keys_all()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call (PGlite's extended protocol), and not through runStatements: the bodies hold semicolons.
  for (const statement of [...statements, ...apiKeyStatements]) await sql.raw(statement).execute(db);
}
