/**
 * Insights storage: the automatic plan (one set-based statement per page of due posts), the task
 * queue (claimed under SKIP LOCKED with a lease), snapshots, and the Refresh Insights button's run.
 * Every instant a rule depends on comes from the application's clock, as a parameter. A task's id
 * ends in a hash of its media id: claims go in (run_after, id) order, so accounts interleave and one
 * creator's thousand posts do not take the whole shared app budget while others wait for theirs.
 */
import { type Selectable, sql } from 'kysely';
import { readableSql } from '../connections/index.ts';
import type { Tx } from '../platform/db/db.ts';
import type { MediaMetrics } from '../providers/provider.ts';
import { campaignDeliveryColumns, refreshCompletedDeliveries } from '../webhooks/index.ts';
import type { InsightSource, InsightTasksTable } from './insights.table.ts';

export type InsightTaskRow = Selectable<InsightTasksTable>;

/** Where a page of the plan starts: after this (insights_next_at, id) in the index's order. */
export interface PlanCursor {
  /** As PostgreSQL wrote it, with microseconds (a Date would drop them and a page could repeat). */
  nextAt: string;
  id: string;
}

export const PLAN_START: PlanCursor = { nextAt: '-infinity', id: '' };

/**
 * Queues an automatic task for up to `pageSize` posts whose stored next reading is due (migration 034
 * keeps `insights_next_at` and `insights_until` by the recency rules), in keyset order on the partial
 * index media_insights_due: a range scan of what is due, whatever the number of bound posts. A post
 * found past its campaigns' recency window (time closed it, not an event) is taken off the schedule
 * here, once. Returns where the next page starts (null: no more), how many tasks were queued and
 * how many posts were taken off.
 */
export async function planAutoPage(
  db: Tx,
  now: Date,
  after: PlanCursor,
  pageSize: number,
  newTaskId: string,
): Promise<{ next: PlanCursor | null; queued: number; lapsed: number }> {
  const result = await sql<{ last_at: string | null; last_id: string | null; queued: number; lapsed: number }>`
    with ${duePage(now, after, pageSize)}, lapsed as (
      update media m set insights_next_at = null, insights_until = null
      from page
      where m.id = page.id and page.insights_until <= ${now} and m.insights_until <= ${now}
      returning 1
    ), queued as (
      insert into insight_tasks (id, media_id, connection_id, network, reason, status, run_after, created_at)
      select ${newTaskId} || '_' || md5(page.id), page.id, page.connection_id, page.network, 'auto', 'queued', ${now}, ${now}
      from page where page.insights_until > ${now}
      on conflict do nothing
      returning 1
    )
    select (select to_char(insights_next_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from page order by insights_next_at desc, id desc limit 1) as last_at,
           (select id from page order by insights_next_at desc, id desc limit 1) as last_id,
           (select count(*)::int from queued) as queued, (select count(*)::int from lapsed) as lapsed`.execute(db);
  const row = result.rows[0];
  const next = row?.last_id && row.last_at ? { nextAt: row.last_at, id: row.last_id } : null;
  return { next, queued: Number(row?.queued ?? 0), lapsed: Number(row?.lapsed ?? 0) };
}

/** How many posts the plan would queue now, changing nothing (the dry run; the benchmark explains it). */
export function countDue(now: Date) {
  return sql<{ n: number }>`
    select count(*)::int as n from media
    where insights_next_at is not null and insights_next_at < ${now} and insights_until > ${now}`;
}

/**
 * A page of due posts in the index's order. The next reading is due strictly after the stored time
 * (a capture 20 h ago to the millisecond is still fresh, as insights-plan.ts's FRESH_FOR_MS says).
 */
function duePage(now: Date, after: PlanCursor, pageSize: number) {
  return sql`
    page as materialized (
      select m.id, m.connection_id, m.network, m.insights_next_at, m.insights_until from media m
      where m.insights_next_at is not null and m.insights_next_at < ${now}
        and (m.insights_next_at, m.id) > (${after.nextAt}::timestamptz, ${after.id})
      order by m.insights_next_at, m.id
      limit ${pageSize}
    )`;
}

/**
 * Queues a first reading of freshly bound posts that were never read, under the plan's per-post
 * rules (among the creator's newest, channel usable); the caller checked the campaign's. Without it a
 * post bound just after the daily plan would wait up to a day for its first figures.
 */
export async function queueFirstReads(db: Tx, input: { mediaIds: readonly string[]; now: Date; maxRank: number; newTaskId: string }): Promise<number> {
  if (input.mediaIds.length === 0) return 0;
  const result = await sql<{ n: number }>`
    with queued as (
      insert into insight_tasks (id, media_id, connection_id, network, reason, status, run_after, created_at)
      select ${input.newTaskId} || '_' || md5(m.id), m.id, m.connection_id, m.network, 'auto', 'queued', ${input.now}, ${input.now}
      from media m join connections k on k.id = m.connection_id
      where m.id in (${sql.join([...input.mediaIds])}) and m.insights_at is null and m.recent_rank <= ${input.maxRank}
        and ${readableSql('k')}
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from queued`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Stories bound to a live, recent campaign that are still alive get a capture at each of their
 * capture ages (the domain's schedule, as `ages` in seconds); one open task per story at a time.
 */
export async function planStoryCaptures(
  db: Tx,
  input: { now: Date; startedAfter: Date; dueAfter: Date; lifetimeSeconds: number; ages: number[]; newTaskId: string },
): Promise<number> {
  const result = await sql<{ n: number }>`
    with stories as (
      select m.id as media_id, m.connection_id, m.network, m.published_at, m.insights_at
      from media m
      join connections k on k.id = m.connection_id and ${readableSql('k')}
      where m.media_type = 'story' and m.published_at > ${input.now}::timestamptz - make_interval(secs => ${input.lifetimeSeconds})
        and (
          exists (
            select 1 from campaign_posts p join campaigns c on c.id = p.campaign_id
            where p.media_id = m.id and p.status = 'bound' and p.bound_by <> 'self_reported'
              and c.state = 'live' and (coalesce(c.started_at, c.created_at) > ${input.startedAfter} or c.due_date > ${input.dueAfter}))
          -- Stories carry no caption in the APIs, so they never bind by hashtag: a participant's story
          -- published during a live campaign is read anyway while it lives, so that a brand who binds it
          -- by hand later (after its figures vanished from the network) still has them.
          or exists (
            select 1 from campaign_participants cp join campaigns c on c.id = cp.campaign_id
            where cp.workspace_id = k.workspace_id and cp.creator_id = k.creator_id
              and cp.stage in ('confirmed', 'content_creation', 'complete') and cp.joined_at <= m.published_at
              and c.state = 'live' and m.network = any(c.networks) and (c.due_date is null or m.published_at <= c.due_date)
              and (coalesce(c.started_at, c.created_at) > ${input.startedAfter} or c.due_date > ${input.dueAfter}))
        )
    ), next as (
      select s.*, (select min(s.published_at + make_interval(secs => age)) from unnest(${input.ages}::int[]) age
                   where s.published_at + make_interval(secs => age) > coalesce(s.insights_at, s.published_at)) as at
      from stories s
    ), queued as (
      insert into insight_tasks (id, media_id, connection_id, network, reason, status, run_after, created_at)
      select ${input.newTaskId} || '_' || md5(media_id), media_id, connection_id, network, 'story', 'queued', at, ${input.now} from next where at is not null
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from queued`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Claims due tasks (and running ones whose worker died), oldest first. */
export async function claimTasks(db: Tx, input: { owner: string; now: Date; limit: number; leaseSeconds: number }): Promise<InsightTaskRow[]> {
  const result = await sql<InsightTaskRow>`
    update insight_tasks t
    set status = 'running', lease_owner = ${input.owner}, lease_expires_at = clock_timestamp() + make_interval(secs => ${input.leaseSeconds}), attempts = t.attempts + 1
    from (
      select id from insight_tasks
      where run_after <= ${input.now} and (status = 'queued' or (status = 'running' and lease_expires_at < clock_timestamp()))
      order by run_after, id
      limit ${input.limit}
      for update skip locked
    ) due
    where t.id = due.id
    returning t.*`.execute(db);
  return result.rows;
}

/** Extends this worker's leases on the tasks it still holds; returns their ids (the others were taken over or ended). */
export async function renewTaskLeases(db: Tx, ids: readonly string[], owner: string, leaseSeconds: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await sql<{ id: string }>`
    update insight_tasks set lease_expires_at = clock_timestamp() + make_interval(secs => ${leaseSeconds})
    where id in (${sql.join(ids)}) and lease_owner = ${owner} and status = 'running'
    returning id`.execute(db);
  return result.rows.map((row) => row.id);
}

export type TaskEnding =
  | { status: 'done' | 'failed'; error?: string }
  /** Back in the queue: `countAttempt` false when the wait was ours (budget, throttle), not a failure. */
  | { status: 'queued'; runAfter: Date; countAttempt: boolean; error?: string }
  | { status: 'paused'; error: string };

/** Ends this worker's run of the tasks (only those it still holds). */
export async function endTasks(db: Tx, ids: readonly string[], owner: string, now: Date, ending: TaskEnding): Promise<void> {
  if (ids.length === 0) return;
  const finished = ending.status === 'done' || ending.status === 'failed' ? now : null;
  const runAfter = ending.status === 'queued' ? ending.runAfter : null;
  const refund = ending.status === 'queued' && !ending.countAttempt ? 1 : 0;
  await sql`
    update insight_tasks
    set status = ${ending.status}, lease_owner = null, lease_expires_at = null, finished_at = ${finished},
        run_after = coalesce(${runAfter}::timestamptz, run_after), attempts = attempts - ${refund}, last_error = ${ending.error ?? null}
    where id in (${sql.join(ids)}) and lease_owner = ${owner} and status = 'running'`.execute(db);
}

/**
 * A post bound to no campaign any more (a brand unbound it) loses its waiting automatic readings: the
 * first reading queued when it bound would otherwise still spend the network's budget on it. A
 * button's task stays (its refresh counts it); a running one ends by itself; the story plan queues a
 * participant's live story again if it still should be read.
 */
export async function dropUnboundTasks(db: Tx, mediaId: string): Promise<number> {
  const result = await sql`
    delete from insight_tasks t
    where t.media_id = ${mediaId} and t.status in ('queued', 'paused') and t.refresh_id is null
      and not exists (select 1 from campaign_posts p where p.media_id = t.media_id and p.status = 'bound' and p.bound_by <> 'self_reported')`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Paused tasks of connections that can be read again (reconnected, or through a linked login) go back to the queue, due now. */
export async function resumePausedTasks(db: Tx, now: Date): Promise<number> {
  const result = await sql`
    update insight_tasks t set status = 'queued', run_after = ${now}, last_error = null
    from connections k
    where t.status = 'paused' and k.id = t.connection_id and ${readableSql('k')}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface Snapshot {
  mediaId: string;
  source: InsightSource;
  metrics: MediaMetrics;
  engagementRate: number | null;
  extra?: Record<string, number>;
}

/** Appends snapshots (a second write at the same instant is the same capture) and marks each post's latest. */
export async function writeSnapshots(db: Tx, capturedAt: Date, snapshots: readonly Snapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  await db
    .insertInto('media_insights')
    .values(
      snapshots.map((s) => ({
        media_id: s.mediaId,
        captured_at: capturedAt,
        source: s.source,
        ...metricColumns(s.metrics),
        engagement_rate: s.engagementRate,
        extra: s.extra ? JSON.stringify(s.extra) : null,
      })),
    )
    .onConflict((oc) => oc.columns(['media_id', 'captured_at']).doNothing())
    .execute();
  await markCaptured(
    db,
    snapshots.map((s) => s.mediaId),
    capturedAt,
    'ok',
  );
}

/** Records a capture that found no figures (deleted post, expired story, too few views). */
export async function markCaptured(db: Tx, mediaIds: readonly string[], at: Date, status: string): Promise<void> {
  if (mediaIds.length === 0) return;
  await db
    .updateTable('media')
    .set({ insights_at: at, insights_status: status })
    .where('id', 'in', [...mediaIds])
    .execute();
}

function metricColumns(m: MediaMetrics) {
  return {
    views: m.views,
    reach: m.reach,
    likes: m.likes,
    comments: m.comments,
    saves: m.saves,
    shares: m.shares,
    total_interactions: m.totalInteractions,
    impressions: m.impressions,
  };
}

/**
 * The refreshes these tasks belong to now catch up with their tasks' outcomes (counters and status).
 * Read from the rows, not from the claimed copies: a press can join a task while a worker runs it.
 * Only the second statement sets `done`, conditionally on the row not being done yet, and queues the
 * `insights_refresh.completed` webhook from the rows it flipped: two workers finishing the last
 * tasks at once both reach it, the second waits for the first's row lock, then sees `done` and
 * sends nothing.
 */
export async function advanceRefreshes(db: Tx, taskIds: readonly string[], now: Date, newEventId: () => string): Promise<void> {
  if (taskIds.length === 0) return;
  // Both statements or neither: a process dying between them would leave a finished refresh short of done.
  if (!db.isTransaction) return db.transaction().execute((trx) => advanceRefreshes(trx, taskIds, now, newEventId));
  const touched = await sql<{ id: string }>`
    update insights_refreshes r
    set completed = counts.completed, failed = counts.failed,
        status = case when counts.completed + counts.failed >= r.total or counts.completed + counts.failed = 0 then r.status else 'running' end
    from (
      select refresh_id, count(*) filter (where status = 'done')::int as completed, count(*) filter (where status = 'failed')::int as failed
      from insight_tasks
      where refresh_id in (select refresh_id from insight_tasks where id in (${sql.join([...taskIds])}) and refresh_id is not null)
      group by refresh_id
    ) counts
    where r.id = counts.refresh_id
    returning r.id`.execute(db);
  if (touched.rows.length === 0) return;
  const eventIds = new Map(touched.rows.map((row) => [row.id, newEventId()]));
  await sql`
    with flipped as (
      update insights_refreshes r set status = 'done', finished_at = ${now}, completed = counts.completed, failed = counts.failed
      from (
        select refresh_id, count(*) filter (where status = 'done')::int as completed, count(*) filter (where status = 'failed')::int as failed
        from insight_tasks where refresh_id = any(${[...eventIds.keys()]}::text[]) group by refresh_id
      ) counts
      where r.id = counts.refresh_id and r.status <> 'done' and counts.completed + counts.failed >= r.total
      returning r.*
    )
    insert into webhook_deliveries ${campaignDeliveryColumns} ${refreshCompletedDeliveries('flipped', eventIds, now)}`.execute(db);
}
