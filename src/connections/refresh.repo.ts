/**
 * Claims for the refresh sweep. A claim is a lease (owner + expiry on the database clock, longer
 * than any provider call) taken under FOR UPDATE SKIP LOCKED, so several processes sweeping at once
 * split the due rows between them and never call the provider twice for one connection.
 * Due-ness is decided on the application's clock (`now`), passed in as a parameter.
 */
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { DB } from '../platform/db/db.ts';
import type { Connection } from './connection.rules.ts';
import { rowToConnection } from './connections.repo.ts';
import type { ConnectionsTable } from './connections.table.ts';

export interface ClaimOptions {
  owner: string;
  now: Date;
  leaseSeconds: number;
  limit: number;
  /** Daily run: also take connections whose scheduled refresh is due (retries are always taken). */
  includeScheduled: boolean;
  pausedProviders: string[];
}

/** A claimed connection with its sealed tokens, read in the same statement as the claim. */
export type ClaimedConnection = Connection & { accessTokenSealed: string | null; refreshTokenSealed: string | null };

export async function claimRefreshBatch(db: DB, options: ClaimOptions): Promise<ClaimedConnection[]> {
  const paused = options.pausedProviders.length ? options.pausedProviders : ['__none__'];
  return leaseConnections(
    db,
    options.owner,
    options.leaseSeconds,
    sql`
      select id from connections
      where status <> 'disconnected'
        and (refresh_retry_at <= ${options.now}
             or grant_expires_at <= ${options.now}
             or (${options.includeScheduled} and refresh_due_at <= ${options.now}))
        and (lease_expires_at is null or lease_expires_at < clock_timestamp())
        -- One attempt per connection per sweep: a failure in this sweep waits for its retry time.
        and (last_error_at is null or last_error_at < ${options.now} or refresh_retry_at <= ${options.now})
        and provider <> all(${paused})
      order by coalesce(refresh_retry_at, refresh_due_at)
      limit ${options.limit}
      for no key update skip locked`,
  );
}

/**
 * Claims one connection now (a hand-out or a check that found its access token stale). Undefined when
 * another process holds it: that process is refreshing it, and its result is what the caller needs.
 */
export async function claimConnection(db: DB, id: string, owner: string, leaseSeconds: number): Promise<ClaimedConnection | undefined> {
  const [claimed] = await leaseConnections(
    db,
    owner,
    leaseSeconds,
    sql`
      select id from connections
      where id = ${id} and status <> 'disconnected' and (lease_expires_at is null or lease_expires_at < clock_timestamp())
      for no key update skip locked`,
  );
  return claimed;
}

/**
 * Takes the lease on the rows `due` selects and reads their sealed tokens, in one statement. `due` locks
 * with FOR NO KEY UPDATE, not FOR UPDATE: every insert into a table that references connections (an
 * event, a hand-out count) holds a KEY SHARE lock on the row for its transaction, which FOR UPDATE would
 * treat as busy and SKIP LOCKED would pass over, so a connection could miss its sweep for a hand-out.
 */
async function leaseConnections(db: DB, owner: string, leaseSeconds: number, due: RawBuilder<unknown>): Promise<ClaimedConnection[]> {
  const result = await sql<Selectable<ConnectionsTable> & { access_token_sealed: string | null; refresh_token_sealed: string | null }>`
    update connections c
    set lease_owner = ${owner}, lease_expires_at = clock_timestamp() + make_interval(secs => ${leaseSeconds})
    from (${due}) due
    left join connection_tokens t on t.connection_id = due.id
    where c.id = due.id
    returning c.*, t.access_token_sealed, t.refresh_token_sealed`.execute(db);
  return result.rows.map((row) => ({ ...rowToConnection(row), accessTokenSealed: row.access_token_sealed, refreshTokenSealed: row.refresh_token_sealed }));
}

/**
 * Records, and commits, that a refresh call is about to spend this connection's refresh token, and
 * books a retry for just after the lease: if this process dies before storing the answer, the next
 * claim knows the token may be spent and a retry sweep comes back within minutes (a rotation grace,
 * where the provider has one, is short). The version is left alone so the final write still applies.
 * Only a live lease counts (a worker that stalled past it must not spend a token another worker may
 * now hold), and it is renewed so the call that follows has a whole lease. False: do not call.
 */
export async function markRefreshStarted(db: DB, id: string, owner: string, now: Date, retryAt: Date, leaseSeconds: number): Promise<boolean> {
  const result = await db
    .updateTable('connections')
    .set({ refresh_started_at: now, refresh_retry_at: retryAt, lease_expires_at: sql<Date>`clock_timestamp() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('lease_expires_at', '>', sql<Date>`clock_timestamp()`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claim back untouched (skipped, or the provider is paused). */
export async function releaseLease(db: DB, id: string, owner: string): Promise<void> {
  await db.updateTable('connections').set({ lease_owner: null, lease_expires_at: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
}

/** What a dry run lists: due connections after `afterId` in id order, without claiming them. */
export async function listDue(db: DB, now: Date, afterId: string, limit: number): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('status', '<>', 'disconnected')
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('refresh_due_at', '<=', now), eb('refresh_retry_at', '<=', now), eb('grant_expires_at', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(rowToConnection);
}

export async function pausedProviders(db: DB, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('provider_pauses').select('provider').where('until', '>', now).execute();
  return rows.map((row) => row.provider);
}

/** An app-wide throttle: every process stops calling this provider until `until`. */
export async function pauseProvider(db: DB, provider: string, until: Date, reason: string): Promise<void> {
  await db
    .insertInto('provider_pauses')
    .values({ provider, until, reason })
    .onConflict((oc) => oc.column('provider').doUpdateSet({ until: sql`greatest(provider_pauses.until, excluded.until)`, reason }))
    .execute();
}
