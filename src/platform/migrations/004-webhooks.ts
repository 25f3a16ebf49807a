/**
 * Webhooks: one endpoint per workspace (its signing secret sealed, apart from the workspace row so
 * no workspace query can select it by accident), an outbox of deliveries written in the same
 * transaction as the state change that causes them, and a log of every attempt.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
    create table webhook_endpoints (
      workspace_id text primary key references workspaces(id),
      url text not null,
      key_id text not null,
      secret_sealed text not null,
      secret_hint text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index webhook_endpoints_by_key on webhook_endpoints (key_id);

    -- The id is the connection event's id: the stable id receivers deduplicate on. The body is
    -- stored at insert time so every attempt sends the same bytes. No foreign key to connections:
    -- the delivery log outlives a deleted connection.
    create table webhook_deliveries (
      id text primary key,
      workspace_id text not null references workspaces(id),
      connection_id text not null,
      type text not null,
      body text not null,
      status text not null check (status in ('pending', 'delivered', 'failed', 'cancelled')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      lease_owner text,
      lease_expires_at timestamptz,
      last_status_code integer,
      last_error text,
      created_at timestamptz not null,
      delivered_at timestamptz
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
    create index webhook_deliveries_log on webhook_deliveries (workspace_id, created_at desc, id desc);

    create table webhook_attempts (
      delivery_id text not null references webhook_deliveries(id) on delete cascade,
      attempt integer not null,
      attempted_at timestamptz not null,
      status_code integer,
      duration_ms integer not null,
      error text,
      primary key (delivery_id, attempt)
    );
`;
