/**
 * Counts access-token hand-outs per connection and day, for audit (no secret is recorded).
 * The hand-out is the hottest path of the service: counting it with a write per request costs a WAL
 * flush each time, so counts gather in memory and are written by one upsert every second and at
 * shutdown. The price, stated in docs/api.md: a crash can lose up to one second of counts.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../platform/db/db.ts';
import type { HandoutRecorder } from '../platform/deps.ts';

interface Pending {
  connection_id: string;
  day: string;
  count: number;
  last: Date;
}

export class HandoutAudit implements HandoutRecorder {
  #pending = new Map<string, Pending>();
  #timer: NodeJS.Timeout | undefined;
  readonly #db: DB;
  readonly #logger: Logger;

  constructor(db: DB, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  record(connectionId: string, at: Date): void {
    const day = at.toISOString().slice(0, 10);
    const key = `${connectionId}|${day}`;
    const entry = this.#pending.get(key);
    if (entry) {
      entry.count++;
      if (at > entry.last) entry.last = at;
    } else {
      this.#pending.set(key, { connection_id: connectionId, day, count: 1, last: at });
    }
  }

  /** Writes what has gathered; on failure the counts are kept for the next flush. */
  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      // Joined with connections so that a connection deleted meanwhile cannot poison the batch.
      await sql`
        insert into access_token_handouts (connection_id, day, count, last_handout_at)
        select v.connection_id, v.day::date, v.count, v.last
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as v(connection_id text, day text, count int, last timestamptz)
        join connections c on c.id = v.connection_id
        on conflict (connection_id, day) do update
          set count = access_token_handouts.count + excluded.count,
              last_handout_at = greatest(access_token_handouts.last_handout_at, excluded.last_handout_at)`.execute(this.#db);
    } catch (error) {
      for (const p of batch) {
        for (let i = 0; i < p.count; i++) this.record(p.connection_id, p.last);
      }
      this.#logger.warn({ err: error instanceof Error ? error.message : String(error), pending: batch.length }, 'could not write hand-out counts; will retry');
    }
  }

  start(intervalMs = 1000): void {
    this.#timer ??= setInterval(() => void this.flush(), intervalMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
