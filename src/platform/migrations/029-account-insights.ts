/**
 * Account insights for every usable channel (docs/api.md#account-insights):
 *
 * - `account_readings`: the time series, one reading per channel per UTC day: followers and posts when
 *   read, views, reach and engagements over the 28 days before, or why the network withheld them.
 * - `account_schedule`: when each channel's figures (daily) and audience (weekly) are read next, one row
 *   per (connection, kind). The plan is an index range scan of what is due: the partial index holds only
 *   rows with a `next_due_at`, and a channel that cannot be read (disconnected) has none. A claim moves
 *   `next_due_at` to the end of its lease, so a claimed row is not due again unless its reader dies.
 * - A trigger keeps the schedule beside the connection, in the same transaction as the change, whichever
 *   code path makes it (connect, reconnect, disconnect, revoke, a grant-wide disconnect): a usable
 *   connection gets its rows (due at once when new or coming back), an unusable one has them parked.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table account_readings (
      connection_id text not null references connections(id) on delete cascade,
      day date not null,
      captured_at timestamptz not null,
      range_days integer not null,
      status text not null check (status in ('available', 'unavailable')),
      reason text,
      followers bigint,
      posts bigint,
      views bigint,
      reach bigint,
      engagements bigint,
      engagement_rate double precision,
      extra jsonb,
      primary key (connection_id, day)
    )`.execute(db);
  await sql`
    create table account_schedule (
      connection_id text not null references connections(id) on delete cascade,
      kind text not null check (kind in ('figures', 'audience')),
      next_due_at timestamptz,
      attempts integer not null default 0,
      last_error text,
      lease_owner text,
      primary key (connection_id, kind)
    )`.execute(db);
  await sql`create index account_schedule_due on account_schedule (next_due_at) where next_due_at is not null`.execute(db);
  // 'epoch' is due at once whatever the application's clock says; the schedule's own times come from it.
  await sql`
    create function account_schedule_follow() returns trigger language plpgsql as $$
    begin
      if new.status in ('active', 'expiring') then
        insert into account_schedule (connection_id, kind, next_due_at)
        values (new.id, 'figures', 'epoch'), (new.id, 'audience', 'epoch')
        on conflict (connection_id, kind) do update set next_due_at = 'epoch', attempts = 0, lease_owner = null
        where account_schedule.next_due_at is null;
      else
        update account_schedule set next_due_at = null, lease_owner = null where connection_id = new.id and next_due_at is not null;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger account_schedule_on_insert after insert on connections
    for each row execute function account_schedule_follow()`.execute(db);
  await sql`
    create trigger account_schedule_on_status after update of status on connections
    for each row when (old.status is distinct from new.status) execute function account_schedule_follow()`.execute(db);
  await sql`
    insert into account_schedule (connection_id, kind, next_due_at)
    select k.id, kinds.kind, case when k.status in ('active', 'expiring') then 'epoch'::timestamptz end
    from connections k cross join (values ('figures'), ('audience')) as kinds(kind)`.execute(db);
}
