/**
 * Aggregates for the ops view (`GET /v1/stats`, `/metrics`, the dashboard). Every query groups in SQL,
 * so its answer stays a few hundred rows at 100,000 connections. `workspaceId: null` reads every
 * workspace (the service-wide `/metrics`). Time is always the caller's clock, passed as a parameter.
 */
import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../platform/db/db.ts';
import { FAILURE_PREDICATE } from '../platform/migrations/007-failure-index.ts';

export type Scope = { workspaceId: string | null };

const inScope = (scope: Scope): RawBuilder<unknown> => (scope.workspaceId === null ? sql`true` : sql`workspace_id = ${scope.workspaceId}`);

export interface ConnectionCountRow {
  status: string;
  network: string;
  provider: string;
  login: string;
  reason: string | null;
  count: number;
}

export async function countConnections(db: DB, scope: Scope): Promise<ConnectionCountRow[]> {
  const result = await sql<ConnectionCountRow>`
    select status, network, provider, login, status_reason as reason, count(*)::int as count
    from connections where ${inScope(scope)}
    group by status, network, provider, login, status_reason`.execute(db);
  return result.rows;
}

export interface GrantGroupRow {
  provider: string;
  sampleEnd: Date;
  count: number;
}

/**
 * Live grants ending in (now, until) that no scheduled refresh extends (the SQL form of
 * `endsUnextended` in ops/expiry-forecast.rules.ts). Grouped by provider, UTC day of the end, and
 * whether the end's time of day is after now's: every member of a group then has the same end day,
 * the same reminder days, and the same answer to "is this reminder still ahead of now", so one
 * member (`sampleEnd`) stands for all when the domain places them on the calendar.
 */
export async function unextendedGrantGroups(db: DB, scope: Scope, now: Date, until: Date): Promise<GrantGroupRow[]> {
  const result = await sql<GrantGroupRow>`
    select provider, min(grant_expires_at) as "sampleEnd", count(*)::int as count
    from connections
    where ${inScope(scope)} and status <> 'disconnected'
      and grant_expires_at > ${now} and grant_expires_at < ${until}
      and (refresh_due_at is null or refresh_due_at >= grant_expires_at)
    group by provider, (grant_expires_at at time zone 'UTC')::date,
      (grant_expires_at at time zone 'UTC')::time > (${now}::timestamptz at time zone 'UTC')::time`.execute(db);
  return result.rows.map((row) => ({ ...row, sampleEnd: new Date(row.sampleEnd) }));
}

/**
 * Refreshes the sweeps will attempt per UTC day before `until` (the claim order: a pending retry
 * first, else the due time; anything overdue is counted today, when the next sweep takes it).
 */
export async function refreshesByDay(db: DB, scope: Scope, now: Date, until: Date): Promise<{ day: string; count: number }[]> {
  const result = await sql<{ day: string; count: number }>`
    select to_char(greatest(coalesce(refresh_retry_at, refresh_due_at), ${now}::timestamptz) at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as count
    from connections
    where ${inScope(scope)} and status <> 'disconnected' and coalesce(refresh_retry_at, refresh_due_at) < ${until}
    group by 1`.execute(db);
  return result.rows;
}

export interface FailureRow {
  eventId: string;
  occurredAt: Date;
  type: string;
  reason: string | null;
  kind: string | null;
  providerCode: string | null;
  connectionId: string;
  creatorId: string;
  provider: string;
  network: string;
  username: string | null;
}

/**
 * What counts as a failure: a refresh that failed and will be retried, a connection the network
 * disconnected, and a failed refresh that left a grant `expiring` (its event carries the failure's kind).
 * Written exactly as the partial indexes of migration 007 are, so the planner uses them.
 */
const isFailure = sql.raw(FAILURE_PREDICATE);

/** The newest failures, newest first. Only named detail fields are read: an event never holds a secret, and this keeps it so. */
export async function recentFailures(db: DB, scope: Scope, limit: number): Promise<FailureRow[]> {
  // The newest events first (from the index), then their connections: never a join over every connection.
  const result = await sql<FailureRow>`
    with latest as (
      select id, occurred_at, type, reason, detail, connection_id from connection_events
      where ${inScope(scope)} and ${isFailure}
      order by occurred_at desc, id desc
      limit ${limit})
    select e.id as "eventId", e.occurred_at as "occurredAt", e.type, e.reason,
      e.detail->>'kind' as kind, e.detail->>'providerCode' as "providerCode",
      c.id as "connectionId", c.creator_id as "creatorId", c.provider, c.network, c.username
    from latest e join connections c on c.id = e.connection_id
    order by e.occurred_at desc, e.id desc`.execute(db);
  return result.rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt) }));
}

/** Failures since `since`, per provider and event type. */
export async function failuresSince(db: DB, scope: Scope, since: Date): Promise<{ provider: string; type: string; count: number }[]> {
  const result = await sql<{ provider: string; type: string; count: number }>`
    with recent as (
      select connection_id, type from connection_events
      where ${inScope(scope)} and ${isFailure} and occurred_at >= ${since})
    select c.provider, e.type, count(*)::int as count
    from recent e join connections c on c.id = e.connection_id
    group by c.provider, e.type`.execute(db);
  return result.rows;
}

/** Rows of the email outbox and of the webhook outbox, per status. */
export async function outboxCounts(db: DB, scope: Scope): Promise<{ emails: Record<string, number>; webhooks: Record<string, number> }> {
  const emails = await sql<{ status: string; count: number }>`select status, count(*)::int as count from emails where ${inScope(scope)} group by status`.execute(db);
  const webhooks = await sql<{ status: string; count: number }>`select status, count(*)::int as count from webhook_deliveries where ${inScope(scope)} group by status`.execute(db);
  const byStatus = (rows: { status: string; count: number }[]) => Object.fromEntries(rows.map((row) => [row.status, row.count]));
  return { emails: byStatus(emails.rows), webhooks: byStatus(webhooks.rows) };
}
