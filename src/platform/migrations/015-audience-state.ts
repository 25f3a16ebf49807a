/**
 * When each channel's audience is read next (the weekly audience readings, docs/api.md#insights). The snapshots alone
 * cannot say it: a channel whose read fails writes none, so "latest snapshot older than a week" kept
 * failing channels due first in every run and starved the rest. One row per connection taking part in
 * a campaign, created by the audience job itself:
 * - `next_due_at`: when to read next (a week after a read, sooner after a failure, the end of a
 *   spent budget's window); claims go in this order.
 * - `attempts`: failures in a row (the backoff step), `last_error`: the last one, for operators.
 * - `lease_owner`/`lease_until`: a claim, so two processes never read one channel at once; a lease
 *   left by a process that died lapses.
 * Also the index GET /v1/campaigns/:id/participants pages through (campaign, added at, creator), so a
 * page of a campaign with many participants reads its page, not the whole campaign sorted.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audience_state (
      connection_id text primary key references connections(id) on delete cascade,
      next_due_at timestamptz not null,
      attempts integer not null default 0,
      last_error text,
      lease_owner text,
      lease_until timestamptz
    )`.execute(db);
  await sql`create index audience_state_due on audience_state (next_due_at)`.execute(db);
  await sql`create index campaign_participants_page on campaign_participants (campaign_id, created_at, creator_id)`.execute(db);
}
