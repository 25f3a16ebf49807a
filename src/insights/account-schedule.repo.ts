/**
 * The account insights schedule (table account_schedule, migration 029): which channels' figures or
 * audience to read now, claimed in the order they fell due by an index range scan of the partial index
 * (only rows with a `next_due_at` are in it), under a lease that is the due time itself: a claim moves
 * `next_due_at` to the lease's end, so a row another run holds is not due, and one whose reader died is due
 * again when the lease lapses. Every instant is the caller's clock, passed in.
 */
import { sql } from 'kysely';
import type { DB } from '../platform/db/db.ts';
import type { AccountScheduleKind } from './account-insights.table.ts';

export interface AccountClaim {
  connectionId: string;
  kind: AccountScheduleKind;
  /** Failures in a row before this read. */
  attempts: number;
}

/** Claims up to `limit` due rows, earliest due first; SKIP LOCKED, so concurrent runs never wait for each other or share a row. */
export async function claimAccountReadings(db: DB, input: { owner: string; now: Date; leaseUntil: Date; limit: number }): Promise<AccountClaim[]> {
  const result = await sql<{ connection_id: string; kind: AccountScheduleKind; attempts: number }>`
    update account_schedule s set next_due_at = ${input.leaseUntil}, lease_owner = ${input.owner}
    from (
      select connection_id, kind from account_schedule
      where next_due_at is not null and next_due_at <= ${input.now}
      order by next_due_at
      limit ${input.limit}
      for update skip locked
    ) due
    where s.connection_id = due.connection_id and s.kind = due.kind
    returning s.connection_id, s.kind, s.attempts`.execute(db);
  return result.rows.map((row) => ({ connectionId: row.connection_id, kind: row.kind, attempts: Number(row.attempts) }));
}

export type AccountEnding =
  /** Read: next at the regular time, failures forgotten. */
  | { outcome: 'read'; nextDueAt: Date }
  /** Failed: one more failure in a row, tried again at `nextDueAt`. */
  | { outcome: 'failed'; nextDueAt: Date; error: string }
  /** Our wait (a spent budget, or nothing to read for this network): no failure counted. */
  | { outcome: 'deferred'; nextDueAt: Date };

/** Ends this owner's claim; false when the lease was lost (lapsed and taken over, or the channel parked meanwhile). */
export async function endAccountClaim(db: DB, claim: AccountClaim, owner: string, ending: AccountEnding): Promise<boolean> {
  const attempts = ending.outcome === 'read' ? sql`0` : ending.outcome === 'failed' ? sql`attempts + 1` : sql`attempts`;
  const lastError = ending.outcome === 'read' ? null : ending.outcome === 'failed' ? ending.error : sql`last_error`;
  const result = await sql`
    update account_schedule set next_due_at = ${ending.nextDueAt}, attempts = ${attempts}, last_error = ${lastError}, lease_owner = null
    where connection_id = ${claim.connectionId} and kind = ${claim.kind} and lease_owner = ${owner} and next_due_at is not null`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * Takes a claimed row out of the plan while its channel cannot be read: only if the channel is still
 * unusable, so a reconnect that raced the claim (and was scheduled by the trigger) is not undone.
 */
export async function parkAccountClaim(db: DB, claim: AccountClaim, owner: string): Promise<void> {
  await sql`
    update account_schedule s set next_due_at = null, lease_owner = null
    where s.connection_id = ${claim.connectionId} and s.kind = ${claim.kind} and s.lease_owner = ${owner}
      and not exists (select 1 from connections k where k.id = s.connection_id and k.status in ('active', 'expiring'))`.execute(db);
}

/** How many readings are due at `now` (the ops view and the benchmark). */
export async function countDueAccountReadings(db: DB, now: Date): Promise<number> {
  const row = await db
    .selectFrom('account_schedule')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('next_due_at', 'is not', null)
    .where('next_due_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A channel's schedule rows (tests and operators). */
export async function accountSchedule(db: DB, connectionId: string) {
  return db.selectFrom('account_schedule').selectAll().where('connection_id', '=', connectionId).orderBy('kind').execute();
}
