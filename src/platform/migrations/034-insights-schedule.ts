/**
 * The automatic insights plan reads what is due instead of scanning every bound post: each post
 * (media row) stores when its next automatic reading is due and until when it may be read.
 *
 * - `media.insights_next_at`: null while the post is not eligible (no live campaign binds it other
 *   than self-reported, it is not among its creator's 100 newest, or no login can read it: neither its
 *   own connection nor a linked one, the same creator's other login to the same network account, is
 *   usable); otherwise its latest capture + 20 hours, or the epoch when it was never read ("due since ever").
 * - `media.insights_until`: while eligible, the end of the widest recency window of the live campaigns
 *   binding it: the start (`coalesce(started_at, created_at)`: an imported campaign's real start) +
 *   91 × 24 h or due_date + 46 × 24 h, whichever is later. Time alone closes it; no event does, so the
 *   plan compares it with its own clock and clears the posts it finds lapsed.
 *
 * The plan is then one range scan of the partial index `media_insights_due`: the posts due now, plus
 * the lapsed ones it clears once. The rules are those of src/insights/insights-recency.rules.ts
 * (RECENCY, and FRESH_FOR_MS in insights-plan.ts) and readableSql in src/connections/connections.repo.ts;
 * a property test compares the two on random histories. A change to those rules needs a new migration
 * that replaces these functions and recomputes (BACKFILL_SCHEDULE).
 *
 * Eligibility changes with campaigns (state, start, due date), bindings (bound, unbound, self
 * reported, attached media), ranks and insights readings (media) and channels: one usable or not, a
 * login added or removed, or a login's account moved (each changes what its linked logins can read).
 * Triggers keep the two columns right in the transaction of each such change, whichever code path
 * makes it: a schedule kept by hand at every call site would be wrong the day a new path forgets it.
 * Each recomputation first locks the posts' rows in id order and then reads with a fresh snapshot, so
 * two transactions changing different inputs of one post (a campaign ending while the post is
 * unbound) cannot both decide from the other's old state: the second waits and sees the first.
 */
import { type Kysely, sql } from 'kysely';

/** Hours in the rules' windows (RECENCY: 90 + 1 and 45 + 1 full days; FRESH_FOR_MS: 20 h). */
const STARTED_WINDOW = `interval '2184 hours'`;
const DUE_WINDOW = `interval '1104 hours'`;
const FRESH_FOR = `interval '20 hours'`;
const MAX_RANK = 100;

/** When a campaign's recency window opens: its real start when imported, else its creation here. */
const START = 'coalesce(c.started_at, c.created_at)';

/**
 * The post's connection `k` can be read through: itself, or a linked login (the same creator's other
 * connection to the same network account) that is usable. The same test as readableSql in
 * src/connections/connections.repo.ts, repeated here because a migration's SQL must not change after
 * it ran; index connections_by_account finds the linked logins.
 */
const READABLE = `(k.status in ('active', 'expiring') or exists (
    select 1 from connections l
    where l.workspace_id = k.workspace_id and l.network = k.network and l.account_id = k.account_id
      and l.creator_id = k.creator_id and l.id <> k.id and l.status in ('active', 'expiring')))`;

/** The widest window of the live campaigns binding the post automatically or by hand. */
const scheduleFunction = `
create function insights_schedule(p_media text, p_connection text, p_rank integer, p_insights_at timestamptz)
returns table (next_at timestamptz, until timestamptz)
language sql stable as $$
  select case when w.until is not null then coalesce(p_insights_at + ${FRESH_FOR}, timestamptz 'epoch') end, w.until
  from (
    select max(greatest(${START} + ${STARTED_WINDOW}, c.due_date + ${DUE_WINDOW})) as until
    from campaign_posts p join campaigns c on c.id = p.campaign_id
    where p.media_id = p_media and p.status = 'bound' and p.bound_by <> 'self_reported' and c.state = 'live'
      and p_rank <= ${MAX_RANK}
      and exists (select 1 from connections k where k.id = p_connection and ${READABLE})
  ) w
$$`;

const recomputeFunction = `
create function insights_schedule_recompute(ids text[]) returns void
language plpgsql as $$
begin
  if ids is null or cardinality(ids) = 0 then return; end if;
  -- Lock first (in id order, so two recomputations never wait on each other in a cycle); the update
  -- below is a new statement with a new snapshot, taken once every earlier writer has committed.
  perform 1 from media where id = any(ids) order by id for no key update;
  with s as (
    select m.id, x.next_at, x.until
    from media m cross join lateral insights_schedule(m.id, m.connection_id, m.recent_rank, m.insights_at) x
    where m.id = any(ids)
  )
  update media m set insights_next_at = s.next_at, insights_until = s.until
  from s
  where m.id = s.id and (m.insights_next_at is distinct from s.next_at or m.insights_until is distinct from s.until);
end $$`;

/** A post's own inputs changed (rank, latest capture, channel): its row is locked by the update itself. */
const mediaTrigger = [
  `create function media_insights_schedule() returns trigger
language plpgsql as $$
begin
  select x.next_at, x.until into new.insights_next_at, new.insights_until
  from insights_schedule(new.id, new.connection_id, new.recent_rank, new.insights_at) x;
  return new;
end $$`,
  `create trigger media_insights_schedule before update on media for each row
when (old.recent_rank is distinct from new.recent_rank or old.insights_at is distinct from new.insights_at or old.connection_id is distinct from new.connection_id)
execute function media_insights_schedule()`,
];

/** Bindings: one statement may bind hundreds of posts, so these fire once per statement. */
const bindingTriggers = [
  `create function campaign_posts_inserted_schedule() returns trigger
language plpgsql as $$
begin
  perform insights_schedule_recompute(array(select distinct media_id from new_rows where media_id is not null));
  return null;
end $$`,
  `create function campaign_posts_changed_schedule() returns trigger
language plpgsql as $$
begin
  perform insights_schedule_recompute(array(
    select unnest(array[o.media_id, n.media_id]) from old_rows o join new_rows n on n.id = o.id
    where (o.status, o.bound_by, o.campaign_id, o.media_id) is distinct from (n.status, n.bound_by, n.campaign_id, n.media_id)));
  return null;
end $$`,
  `create function campaign_posts_deleted_schedule() returns trigger
language plpgsql as $$
begin
  perform insights_schedule_recompute(array(select distinct media_id from old_rows where media_id is not null));
  return null;
end $$`,
  `create trigger campaign_posts_inserted_schedule after insert on campaign_posts
referencing new table as new_rows for each statement execute function campaign_posts_inserted_schedule()`,
  `create trigger campaign_posts_changed_schedule after update on campaign_posts
referencing old table as old_rows new table as new_rows for each statement execute function campaign_posts_changed_schedule()`,
  `create trigger campaign_posts_deleted_schedule after delete on campaign_posts
referencing old table as old_rows for each statement execute function campaign_posts_deleted_schedule()`,
];

/** A campaign going live or ending, or its dates moving (start, import's start, due date): its bound posts. */
const campaignTrigger = [
  `create function campaigns_schedule() returns trigger
language plpgsql as $$
begin
  perform insights_schedule_recompute(array(
    select media_id from campaign_posts
    where campaign_id = new.id and status = 'bound' and bound_by <> 'self_reported' and media_id is not null));
  return null;
end $$`,
  `create trigger campaigns_schedule after update on campaigns for each row
when (old.state is distinct from new.state or old.created_at is distinct from new.created_at
  or old.started_at is distinct from new.started_at or old.due_date is distinct from new.due_date)
execute function campaigns_schedule()`,
];

/**
 * The logins a change to one connection can affect: itself and every login linked to it (same
 * workspace, network, account and creator), whose posts it may read for. The newest posts of those,
 * the only ones that can be eligible, are recomputed.
 */
const linkedPostsFunction = `
create function insights_schedule_linked_posts(p_id text, p_workspace text, p_network text, p_account text, p_creator text)
returns text[]
language sql stable as $$
  select array(
    select m.id from media m
    where m.recent_rank <= ${MAX_RANK} and m.connection_id in (
      select p_id where p_id is not null
      union
      select l.id from connections l
      where l.workspace_id = p_workspace and l.network = p_network and l.account_id = p_account and l.creator_id = p_creator))
$$`;

/**
 * A login becoming usable or not (disconnected, reconnected), or moved to another account or creator:
 * the newest posts of it and of its linked logins, before and after. Moves between 'active' and
 * 'expiring' (the refresh sweep's) change nothing and do not fire.
 */
const connectionTrigger = [
  `create function connections_schedule() returns trigger
language plpgsql as $$
begin
  -- The logins it was linked to before (it moved to another account): they lost it.
  if (old.workspace_id, old.network, old.account_id, old.creator_id) is distinct from (new.workspace_id, new.network, new.account_id, new.creator_id) then
    perform insights_schedule_recompute(insights_schedule_linked_posts(null, old.workspace_id, old.network, old.account_id, old.creator_id));
  end if;
  perform insights_schedule_recompute(insights_schedule_linked_posts(new.id, new.workspace_id, new.network, new.account_id, new.creator_id));
  return null;
end $$`,
  `create trigger connections_schedule after update of status, workspace_id, network, account_id, creator_id on connections for each row
when ((old.status in ('active', 'expiring')) is distinct from (new.status in ('active', 'expiring'))
  or (old.workspace_id, old.network, old.account_id, old.creator_id) is distinct from (new.workspace_id, new.network, new.account_id, new.creator_id))
execute function connections_schedule()`,
];

/** The newest posts of the logins linked to these usable connections (added or removed), in one statement. */
const linkedToUsable = (rows: string) => `
    select m.id from ${rows} c
    join connections l on l.workspace_id = c.workspace_id and l.network = c.network and l.account_id = c.account_id
      and l.creator_id = c.creator_id and l.id <> c.id
    join media m on m.connection_id = l.id and m.recent_rank <= ${MAX_RANK}
    where c.status in ('active', 'expiring')`;

/**
 * A usable login added (a second login to an account makes the first one's posts readable again while
 * it is disconnected) or removed: the newest posts of the logins linked to it. Its own posts come later
 * (a new login has none yet) or go with it (cascade). Once per statement, so a bulk load of connections
 * costs one set-based query, not one per row.
 */
const connectionSetTriggers = [
  `create function connections_added_schedule() returns trigger
language plpgsql as $$
begin
  perform insights_schedule_recompute(array(${linkedToUsable('new_rows')}));
  return null;
end $$`,
  `create function connections_removed_schedule() returns trigger
language plpgsql as $$
begin
  perform insights_schedule_recompute(array(${linkedToUsable('old_rows')}));
  return null;
end $$`,
  `create trigger connections_inserted_schedule after insert on connections
referencing new table as new_rows for each statement execute function connections_added_schedule()`,
  `create trigger connections_deleted_schedule after delete on connections
referencing old table as old_rows for each statement execute function connections_removed_schedule()`,
];

/**
 * Every post's schedule from scratch, in one set-based statement (the triggers keep it afterwards):
 * the upgrade's backfill, and the benchmark's after seeding with the triggers off.
 */
export const BACKFILL_SCHEDULE = `
update media m set insights_next_at = coalesce(m.insights_at + ${FRESH_FOR}, timestamptz 'epoch'), insights_until = w.until
from (
  select p.media_id, max(greatest(${START} + ${STARTED_WINDOW}, c.due_date + ${DUE_WINDOW})) as until
  from campaign_posts p join campaigns c on c.id = p.campaign_id
  where p.status = 'bound' and p.bound_by <> 'self_reported' and c.state = 'live' and p.media_id is not null
  group by p.media_id
) w
where m.id = w.media_id and m.recent_rank <= ${MAX_RANK}
  and exists (select 1 from connections k where k.id = m.connection_id and ${READABLE})`;

/** The triggers' names, for a bulk load that turns them off and backfills after. */
export const SCHEDULE_TRIGGERS = {
  media: ['media_insights_schedule'],
  campaign_posts: ['campaign_posts_inserted_schedule', 'campaign_posts_changed_schedule', 'campaign_posts_deleted_schedule'],
  campaigns: ['campaigns_schedule'],
  connections: ['connections_schedule', 'connections_inserted_schedule', 'connections_deleted_schedule'],
} as const;

const statements = [
  'alter table media add column insights_next_at timestamptz',
  'alter table media add column insights_until timestamptz',
  // The plan's range scan (next_at, id keyset), answered from the index alone once the table is vacuumed.
  'create index media_insights_due on media (insights_next_at, id) include (insights_until, connection_id, network) where insights_next_at is not null',
  // The hourly verification ordered by coalesce(last_verified_at, connected_at): a range scan, not a sort of every channel.
  `create index connections_verify_order on connections ((coalesce(last_verified_at, connected_at))) where status <> 'disconnected'`,
  scheduleFunction,
  recomputeFunction,
  ...mediaTrigger,
  ...bindingTriggers,
  ...campaignTrigger,
  linkedPostsFunction,
  ...connectionTrigger,
  ...connectionSetTriggers,
  BACKFILL_SCHEDULE,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query (PGlite's extended protocol), and no splitting on ';': the functions have bodies.
  for (const statement of statements) await sql.raw(statement).execute(db);
}
