/**
 * The refresh claim orders by coalesce(refresh_retry_at, refresh_due_at); without an index on that
 * expression every batch sorted all remaining due rows (measured: ~20 ms a batch at 20,000 due,
 * quadratic over a sweep). With it, a batch reads the first rows of the index and stops.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index connections_claim_order on connections ((coalesce(refresh_retry_at, refresh_due_at))) where status <> 'disconnected'`.execute(db);
}
