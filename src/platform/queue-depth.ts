/**
 * How much work waits in each queue, read from pg-boss's own tables when `/metrics` is scraped, so the
 * figures are the same whichever process answers (the counts pg-boss keeps in `pgboss.queue` are only
 * refreshed by its periodic monitor).
 */
import { sql } from 'kysely';
import type { DB } from './db/db.ts';

export interface QueueDepth {
  queue: string;
  /** Jobs due to run and not yet taken (created, or waiting for a retry whose time has come). */
  waiting: number;
  /** Jobs a worker has taken and not finished. */
  active: number;
  /** How long the oldest waiting job has been due, in seconds; 0 when none waits. */
  oldestWaitingSeconds: number;
}

export async function readQueueDepths(db: DB): Promise<QueueDepth[]> {
  // pg-boss creates its schema (`pgboss`, as queue.ts names it) when a worker first starts: an API-only
  // deployment that never ran one has no queues yet.
  const present = await sql<{ present: boolean }>`select to_regclass('pgboss.queue') is not null as present`.execute(db);
  if (!present.rows[0]?.present) return [];
  // pg-boss stamps its jobs with the database's clock, so their age is measured against that clock too,
  // not the application's (which tests move by days).
  const rows = await sql<{ queue: string; waiting: number; active: number; oldest_waiting_seconds: number }>`
    select q.name as queue,
      (count(j.id) filter (where j.state in ('created', 'retry') and j.start_after <= now()))::int as waiting,
      (count(j.id) filter (where j.state = 'active'))::int as active,
      coalesce(extract(epoch from now() - min(j.start_after) filter (where j.state in ('created', 'retry') and j.start_after <= now())), 0)::float8
        as oldest_waiting_seconds
    from pgboss.queue q
    left join pgboss.job j on j.name = q.name and j.state in ('created', 'retry', 'active')
    group by q.name
    order by q.name`.execute(db);
  return rows.rows.map((row) => ({ queue: row.queue, waiting: row.waiting, active: row.active, oldestWaitingSeconds: Math.max(0, row.oldest_waiting_seconds) }));
}
