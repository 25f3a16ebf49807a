/**
 * The audience job's schedule (table audience_state, migration 015): which channels to read now, in
 * the order they fell due, claimed under a lease so concurrent runs never read one channel twice.
 * Every instant is the caller's clock, passed in.
 */
import { sql } from 'kysely';
import type { DB } from '../platform/db/db.ts';

/** A channel counts while it is usable and its creator takes part in any campaign (not declined). */
const TAKING_PART = sql`exists (select 1 from campaign_participants p where p.workspace_id = k.workspace_id and p.creator_id = k.creator_id and p.stage <> 'declined')`;

/**
 * Gives every counted channel without a schedule one: due a week after its latest snapshot (a
 * channel read before this table existed keeps its cadence), or now if never read. Idempotent.
 */
export async function scheduleNewAudiences(db: DB, now: Date, everyMs: number): Promise<number> {
  const result = await sql`
    insert into audience_state (connection_id, next_due_at)
    select k.id, coalesce((select max(a.captured_at) from audience_insights a where a.connection_id = k.id) + make_interval(secs => ${everyMs / 1000}), ${now})
    from connections k
    where k.status in ('active', 'expiring') and ${TAKING_PART}
      and not exists (select 1 from audience_state s where s.connection_id = k.id)
    on conflict (connection_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Forgets the due schedules of channels no longer counted (disconnected, or their creator left every
 * campaign): claims would otherwise pass over them in every run, ever more of them. One that counts
 * again is scheduled anew from its latest snapshot, so its weekly cadence holds.
 */
export async function forgetUncountedAudiences(db: DB, now: Date): Promise<number> {
  const result = await sql`
    delete from audience_state where connection_id in (
      select s.connection_id from audience_state s join connections k on k.id = s.connection_id
      where s.next_due_at <= ${now} and (s.lease_until is null or s.lease_until <= ${now})
        and not (k.status in ('active', 'expiring') and ${TAKING_PART})
      for update of s skip locked)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface AudienceClaim {
  connectionId: string;
  /** Failures in a row before this read. */
  attempts: number;
}

/**
 * Claims up to `limit` due channels, earliest due first, leased to `owner` until `leaseUntil`. SKIP
 * LOCKED plus the lease re-checked on the locked row: a run never waits for another, and a channel
 * another run holds (locked now, or leased) is left to it. `skipNetworks`: networks whose shared
 * budget this run found spent.
 */
export async function claimAudiences(db: DB, input: { owner: string; now: Date; leaseUntil: Date; limit: number; skipNetworks: readonly string[] }): Promise<AudienceClaim[]> {
  const skip = input.skipNetworks.length > 0 ? sql`and k.network not in (${sql.join(input.skipNetworks)})` : sql``;
  const result = await sql<{ connection_id: string; attempts: number }>`
    update audience_state s set lease_owner = ${input.owner}, lease_until = ${input.leaseUntil}
    from (
      select s2.connection_id from audience_state s2
      join connections k on k.id = s2.connection_id
      where s2.next_due_at <= ${input.now} and (s2.lease_until is null or s2.lease_until <= ${input.now})
        and k.status in ('active', 'expiring') and ${TAKING_PART} ${skip}
      order by s2.next_due_at, s2.connection_id
      limit ${input.limit}
      for update of s2 skip locked
    ) due
    where s.connection_id = due.connection_id
    returning s.connection_id, s.attempts`.execute(db);
  return result.rows.map((row) => ({ connectionId: row.connection_id, attempts: Number(row.attempts) }));
}

export type AudienceEnding =
  /** Read: next due a cadence later, failures forgotten. */
  | { outcome: 'read'; nextDueAt: Date }
  /** Failed: one more failure in a row, tried again at `nextDueAt`. */
  | { outcome: 'failed'; nextDueAt: Date; error: string }
  /** Our wait (a spent budget): tried again at `nextDueAt`, no failure counted. */
  | { outcome: 'deferred'; nextDueAt: Date };

/** Ends this owner's claim; false if the lease was lost (lapsed and taken over). */
export async function endAudienceClaim(db: DB, connectionId: string, owner: string, ending: AudienceEnding): Promise<boolean> {
  const attempts = ending.outcome === 'read' ? sql`0` : ending.outcome === 'failed' ? sql`attempts + 1` : sql`attempts`;
  const lastError = ending.outcome === 'read' ? null : ending.outcome === 'failed' ? ending.error : sql`last_error`;
  const result = await sql`
    update audience_state set next_due_at = ${ending.nextDueAt}, attempts = ${attempts}, last_error = ${lastError}, lease_owner = null, lease_until = null
    where connection_id = ${connectionId} and lease_owner = ${owner}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** A channel's schedule (tests and operators). */
export async function audienceState(db: DB, connectionId: string) {
  return db.selectFrom('audience_state').selectAll().where('connection_id', '=', connectionId).executeTakeFirst();
}
