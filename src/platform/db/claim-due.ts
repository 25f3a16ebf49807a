/**
 * Claims due work from a leased queue table (media syncs, media archive copies): rows queued whose time
 * has come, and rows running whose worker's lease lapsed (it died), oldest due first. One statement with
 * `FOR UPDATE SKIP LOCKED`, so processes claiming at once never take the same row; the lease is on the
 * database's clock, as the renewals are.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Tx } from './db.ts';

export interface ClaimDue {
  /** The queue table and its key column (constants of the calling repo, never input). */
  table: string;
  key: string;
  owner: string;
  now: Date;
  limit: number;
  leaseSeconds: number;
  /** More columns a claim resets (`, items_seen = 0, …`), written against the alias `t`; a constant of the repo. */
  alsoSet?: RawBuilder<unknown>;
}

export async function claimDue<Row>(db: Tx, input: ClaimDue): Promise<Row[]> {
  const table = sql.table(input.table);
  const key = sql.ref(input.key);
  const result = await sql<Row>`
    update ${table} t
    set status = 'running', lease_owner = ${input.owner}, lease_expires_at = clock_timestamp() + make_interval(secs => ${input.leaseSeconds}),
        attempts = t.attempts + 1${input.alsoSet ?? sql``}
    from (
      select ${key} from ${table}
      where (status = 'queued' and run_after <= ${input.now})
         or (status = 'running' and lease_expires_at < clock_timestamp())
      order by run_after
      limit ${input.limit}
      for update skip locked
    ) due
    where t.${key} = due.${key}
    returning t.*`.execute(db);
  return result.rows;
}
