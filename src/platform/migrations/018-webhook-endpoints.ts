/**
 * Several webhook endpoints per workspace (docs/api.md#webhooks), each with its own id, secret,
 * description and event-type filter (null: every type, those added later included). A delivery now
 * belongs to one endpoint and names the event it reports: one event is one delivery per endpoint
 * whose filter takes it, each with its own id (the `webhook-id` its receiver deduplicates on).
 *
 * Existing endpoints (one per workspace) get an id derived from their workspace, in our id form (a
 * prefix and 26 characters of [0-9a-z]), and keep sending the old `Channelkeeper-Signature` header
 * (`legacy_signature`), which their receivers were built on. Existing deliveries are their event's
 * delivery (`event_id` = their id) to that endpoint; cancelled ones stay without one (their endpoint
 * was removed, so they cannot be sent again).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
alter table webhook_endpoints add column id text;
update webhook_endpoints set id = 'wep_' || substr(md5('webhook_endpoint:' || workspace_id), 1, 26);
alter table webhook_endpoints alter column id set not null;
alter table webhook_endpoints drop constraint webhook_endpoints_pkey;
alter table webhook_endpoints add primary key (id);
create index webhook_endpoints_by_workspace on webhook_endpoints (workspace_id, created_at, id);
alter table webhook_endpoints add column description text;
alter table webhook_endpoints add column event_types text[];
alter table webhook_endpoints add column legacy_signature boolean not null default false;
update webhook_endpoints set legacy_signature = true;

alter table webhook_deliveries add column event_id text;
alter table webhook_deliveries add column endpoint_id text;
update webhook_deliveries set event_id = id;
update webhook_deliveries d set endpoint_id = e.id from webhook_endpoints e where e.workspace_id = d.workspace_id and d.status <> 'cancelled';
alter table webhook_deliveries alter column event_id set not null;
create index webhook_deliveries_pending_by_endpoint on webhook_deliveries (endpoint_id) where status = 'pending'
`;
