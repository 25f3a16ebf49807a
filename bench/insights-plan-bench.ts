/**
 * The automatic insights plan at scale, on PostgreSQL (`BENCH_ONLY=insights npm run bench`, or
 * `npm run bench:insights`). Posts are seeded with generate_series in growing segments (the sizes
 * given; 1M, 2M, 5M and 10M bound posts at BENCH_SCALE=10), ten per channel and a hundred per
 * campaign, with the same `due` posts stale at every size, then the stored schedule is computed from
 * scratch (migration 034's backfill, as an upgrade does). At each size, three repetitions of:
 * - the due count (`countDue`: the plan's range scan on media_insights_due, counted);
 * - the whole plan (`planInsights`: every page, the tasks queued; the tasks are deleted between
 *   repetitions, untimed, so each repetition queues them all again);
 * - up to `baselineUpTo` posts, the baseline in the same run: the previous plan's select (every live,
 *   recent campaign's bound posts probed per page of 500 campaigns), on the same rows.
 * At the largest size the due count is then halved twice (posts read, through the triggers) to show the
 * plan's time following what is due, and one page is EXPLAINed.
 */
import { sql } from 'kysely';
import { readableSql } from '../src/connections/index.ts';
import { countDue } from '../src/insights/insights.repo.ts';
import { planInsights } from '../src/insights/insights-plan.ts';
import { RECENCY, recencyCutoffs } from '../src/insights/insights-recency.rules.ts';
import { HOUR, ManualClock } from '../src/kernel/clock.ts';
import type { DB } from '../src/platform/db/db.ts';
import { BACKFILL_SCHEDULE, SCHEDULE_TRIGGERS } from '../src/platform/migrations/034-insights-schedule.ts';
import { ensureWorkspaceForApiKey } from '../src/platform/workspaces.repo.ts';
import { childArgs, emitResult, progress, runMain } from './lib/child.ts';
import { createBenchDatabase } from './lib/database.ts';
import { mb, sampler } from './lib/memory.ts';
import { type Spread, spread } from './lib/spread.ts';
import { createBenchSystem } from './lib/system.ts';

export interface PlanBenchArgs {
  pgAdminUrl: string;
  /** Bound posts at each measured size, ascending. */
  sizes: number[];
  /** Posts due at every size (about; the seeding's rules decide, and the result says how many). */
  due: number;
  reps: number;
  /** The previous plan's scan is measured up to this size (it grows faster than the posts). */
  baselineUpTo: number;
}

export interface PlanSizeResult {
  posts: number;
  scheduled: number;
  due: number;
  seedSeconds: number;
  /** The first plan after the backfill: it takes the posts past their window off the schedule. */
  firstPlan: { seconds: number; queued: number; lapsed: number };
  countMs: Spread;
  planMs: Spread;
  queued: number;
  peakRssMb: number;
  baselineMs: Spread | null;
  baselineDue: number | null;
  /** The previous whole plan (its select feeding the same insert of tasks), on the same rows. */
  baselinePlanMs: Spread | null;
}

export interface PlanBenchResult {
  database: string;
  sizes: PlanSizeResult[];
  /** At the largest size: the plan with fewer posts due. */
  byDue: { due: number; countMs: Spread; planMs: Spread }[];
  explain: string[];
}

const NOW = new Date('2026-06-01T03:30:00Z');

runMain(async () => {
  const args = childArgs<PlanBenchArgs>();
  const database = await createBenchDatabase('postgres', args.pgAdminUrl);
  const clock = new ManualClock(NOW);
  const system = await createBenchSystem({ database: database.location(), clock, logLevel: 'error' });
  const db = system.deps.db;
  try {
    const workspace = await ensureWorkspaceForApiKey(db, clock, 'ck_bench_insights_key_0123456789', 'Bench');
    const result: PlanBenchResult = { database: database.label, sizes: [], byDue: [], explain: [] };
    let seeded = 0;
    for (const size of args.sizes) {
      const started = performance.now();
      await seedSegment(db, workspace.id, seeded, size, args.due * 9);
      seeded = size;
      const seedSeconds = (performance.now() - started) / 1000;
      progress(`insights plan: ${size.toLocaleString('en')} bound posts seeded in ${seedSeconds.toFixed(0)} s`);
      const first = await timed(() => planInsights(system.deps));
      await clearTasks(db);
      const counts = await scheduleCounts(db);
      const memory = sampler();
      const countMs = await repeat(args.reps, async () => (await countDue(NOW).execute(db)).rows[0]?.n ?? 0);
      let queued = 0;
      const planMs = await repeat(
        args.reps,
        async () => {
          queued = (await planInsights(system.deps)).queued;
        },
        () => clearTasks(db),
      );
      const peak = memory.stop();
      let baselineMs: Spread | null = null;
      let baselineDue: number | null = null;
      let baselinePlanMs: Spread | null = null;
      if (size <= args.baselineUpTo) {
        baselineMs = await repeat(args.reps, async () => {
          baselineDue = await previousPlan(db, false);
        });
        baselinePlanMs = await repeat(
          args.reps,
          () => previousPlan(db, true),
          () => clearTasks(db),
        );
      }
      result.sizes.push({
        posts: size,
        ...counts,
        seedSeconds,
        firstPlan: { seconds: first.ms / 1000, queued: first.value.queued, lapsed: first.value.lapsed },
        countMs: countMs,
        planMs,
        queued,
        peakRssMb: mb(peak.peakRss),
        baselineMs,
        baselineDue,
        baselinePlanMs,
      });
      progress(`insights plan at ${size.toLocaleString('en')}: ${counts.due} due, count ${countMs.median.toFixed(0)} ms, plan ${planMs.median.toFixed(0)} ms`);
    }
    result.explain = await explainPage(db);
    for (const fraction of [2, 4]) {
      await readSomeDue(db, fraction);
      const due = (await scheduleCounts(db)).due;
      const countMs = await repeat(args.reps, async () => (await countDue(NOW).execute(db)).rows[0]?.n ?? 0);
      const planMs = await repeat(
        args.reps,
        async () => {
          await planInsights(system.deps);
        },
        () => clearTasks(db),
      );
      result.byDue.push({ due, countMs: countMs, planMs });
    }
    emitResult(result);
  } finally {
    await system.close();
    await database.drop();
  }
});

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Runs `work` `reps` times (with `reset` untimed after each), returning min/median/max in ms. */
async function repeat(reps: number, work: () => Promise<unknown>, reset?: () => Promise<void>): Promise<Spread> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    times.push((await timed(work)).ms);
    await reset?.();
  }
  return spread(times);
}

/** Between repetitions, untimed: the tasks go, and their dead rows too (the service prunes finished tasks; no repetition should pay for the last one's). */
async function clearTasks(db: DB): Promise<void> {
  await sql`delete from insight_tasks`.execute(db);
  await sql`vacuum insight_tasks`.execute(db);
}

async function scheduleCounts(db: DB): Promise<{ scheduled: number; due: number }> {
  const row = (
    await sql<{ scheduled: number; due: number }>`
      select count(*) filter (where insights_next_at is not null)::int as scheduled,
             count(*) filter (where insights_next_at < ${NOW} and insights_until > ${NOW})::int as due
      from media`.execute(db)
  ).rows[0];
  return { scheduled: Number(row?.scheduled ?? 0), due: Number(row?.due ?? 0) };
}

/**
 * Posts `from`+1 … `to`: ten per channel (ranks 1 to 136, one in twenty unranked), a hundred per campaign
 * (four in ten live; created over three years, due dates from 30 days ahead to 150 days ago), 2 % unbound,
 * 5 % self-reported, 3 % of channels disconnected. Posts up to `staleUpTo` were read 21 hours ago (one in
 * eight never), the rest 2 hours ago. The schedule's triggers are off while loading and the backfill
 * computes it after, as an upgrade would.
 */
async function seedSegment(db: DB, workspaceId: string, from: number, to: number, staleUpTo: number): Promise<void> {
  const now = NOW.toISOString();
  const [c0, c1] = [from / 10, to / 10];
  const [k0, k1] = [Math.floor(from / 100), Math.ceil(to / 100)];
  const triggers = Object.entries(SCHEDULE_TRIGGERS).flatMap(([table, names]) => names.map((name) => `alter table ${table} %s trigger ${name}`));
  const statements = [
    ...triggers.map((t) => t.replace('%s', 'disable')),
    `insert into creators (workspace_id, id, email, name, created_at, updated_at)
       select '${workspaceId}', 'cr' || g, null, null, '${now}', '${now}' from generate_series(${c0 + 1}, ${c1}) g`,
    `insert into connections (id, workspace_id, creator_id, provider, login, account_id, status, status_reason, scopes, connected_at, created_at, updated_at, network)
       select 'con' || g, '${workspaceId}', 'cr' || g, 'instagram', 'instagram_login', 'acct' || g,
              case when g % 33 = 0 then 'disconnected' else 'active' end, case when g % 33 = 0 then 'password_changed' end,
              '{}', '${now}', '${now}', '${now}', 'instagram' from generate_series(${c0 + 1}, ${c1}) g`,
    ...(from === 0 ? [`insert into brands (workspace_id, id, name, created_at, updated_at) values ('${workspaceId}', 'b1', 'Brand', '${now}', '${now}')`] : []),
    `insert into campaigns (id, workspace_id, brand_id, name, state, binding_hashtag, hashtag_key, networks, due_date, created_at, updated_at)
       select 'cmp' || g, '${workspaceId}', 'b1', 'C' || g,
              (array['live','live','live','live','completed','completed','completed','archived','draft','completed'])[g % 10 + 1],
              '#c' || g, 'c' || g, '{instagram}', '${now}'::timestamptz - make_interval(days => (g * 7) % 180 - 30),
              '${now}'::timestamptz - make_interval(days => (g * 37) % 1095), '${now}' from generate_series(${k0 + 1}, ${k1}) g
       on conflict do nothing`,
    `insert into media (id, workspace_id, connection_id, provider_media_id, network, media_type, caption, permalink, published_at, media_url, thumbnail_url,
                        first_seen_at, last_seen_at, recent_rank, insights_at, insights_status)
       select 'm' || g, '${workspaceId}', 'con' || ((g - 1) / 10 + 1), 'p' || g, 'instagram', 'image', null, null, '${now}', null, null, '${now}', '${now}',
              case when g % 20 = 0 then null else ((g - 1) % 10) * 15 + 1 end,
              case when g > ${staleUpTo} then '${now}'::timestamptz - interval '2 hours' when g % 8 <> 0 then '${now}'::timestamptz - interval '21 hours' end,
              case when g > ${staleUpTo} or g % 8 <> 0 then 'ok' end
       from generate_series(${from + 1}, ${to}) g`,
    `insert into campaign_posts (id, campaign_id, workspace_id, creator_id, media_id, connection_id, network, permalink, bound_by, status, bound_at)
       select 'cp' || g, 'cmp' || ((g - 1) / 100 + 1), '${workspaceId}', 'cr' || ((g - 1) / 10 + 1), 'm' || g, 'con' || ((g - 1) / 10 + 1),
              'instagram', null, case when g % 20 = 7 then 'self_reported' when g % 9 = 0 then 'manual' else 'auto' end,
              case when g % 50 = 3 then 'unbound' else 'bound' end, '${now}' from generate_series(${from + 1}, ${to}) g`,
    ...triggers.map((t) => t.replace('%s', 'enable')),
    BACKFILL_SCHEDULE,
    'vacuum analyze',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Marks all but 1/`fraction` of the due posts read now (through the triggers, as the worker's writes do). */
async function readSomeDue(db: DB, fraction: number): Promise<void> {
  await sql`
    update media set insights_at = ${new Date(NOW.getTime() - HOUR)}
    where id in (select id from media where insights_next_at < ${NOW} and insights_until > ${NOW} and abs(hashtext(id)) % ${fraction} <> 0)`.execute(db);
  await sql`vacuum analyze media`.execute(db);
}

async function explainPage(db: DB): Promise<string[]> {
  const iso = NOW.toISOString();
  const result = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, costs off)
    select m.id, m.connection_id, m.network, m.insights_next_at, m.insights_until from media m
    where m.insights_next_at is not null and m.insights_next_at < ${sql.lit(iso)}::timestamptz and (m.insights_next_at, m.id) > ('-infinity'::timestamptz, '')
    order by m.insights_next_at, m.id limit 5000`.execute(db);
  return result.rows.map((r) => r['QUERY PLAN']);
}

/**
 * The baseline: the plan before migration 034 (every live, recent campaign, 500 a page, its bound posts
 * probed through campaign_posts_auto_plan and media's primary key), counted, or (`enqueue`) feeding the
 * same insert of tasks the plan makes. Returns the posts it found due.
 */
async function previousPlan(db: DB, enqueue: boolean): Promise<number> {
  const { startedAfter, dueAfter } = recencyCutoffs(NOW);
  const staleBefore = new Date(NOW.getTime() - 20 * HOUR);
  let total = 0;
  for (let after = '', pageNo = 0; ; pageNo++) {
    const action = enqueue
      ? sql`, queued as (
          insert into insight_tasks (id, media_id, connection_id, network, reason, status, run_after, created_at)
          select ${`istbase${pageNo}`} || '_' || md5(due.media_id), due.media_id, due.connection_id, due.network, 'auto', 'queued', ${NOW}, ${NOW} from due
          on conflict do nothing
          returning 1
        )
        select (select max(id) from page) as last, (select count(*)::int from queued) as n`
      : sql`select (select max(id) from page) as last, (select count(*)::int from due) as n`;
    const row = (
      await sql<{ last: string | null; n: number }>`
        with page as materialized (
          select c.id from campaigns c
          where c.state = 'live' and (coalesce(c.started_at, c.created_at) > ${startedAfter} or c.due_date > ${dueAfter}) and c.id > ${after}
          order by c.id limit 500
        ), due as (
          select distinct m.id as media_id, m.connection_id, m.network
          from page
          cross join lateral (
            select p.media_id from campaign_posts p
            where p.campaign_id = page.id and p.status = 'bound' and p.bound_by <> 'self_reported' and p.media_id is not null
          ) p
          cross join lateral (
            select m.id, m.connection_id, m.network from media m
            where m.id = p.media_id and m.recent_rank <= ${RECENCY.maxRecentRank} and (m.insights_at is null or m.insights_at < ${staleBefore})
          ) m
          where exists (select 1 from connections k where k.id = m.connection_id and ${readableSql('k')})
        ) ${action}`.execute(db)
    ).rows[0];
    if (!row?.last) return total;
    total += Number(row.n);
    after = row.last;
  }
}
