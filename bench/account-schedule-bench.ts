/**
 * The account insights plan over 100,000 channels (child of bench/run.ts): 100,000 usable Instagram
 * connections (3 % disconnected), their schedule rows made by the connections trigger, spread as the
 * service leaves them: each channel's figures due at its slot of the day and its audience at its slot of
 * the week, with the clock two hours into a day so about a twelfth of the figures are due.
 *
 * Measured, three times each (min/median/max), in one process:
 * - plan: selecting what is due (an index range scan of the partial index), and claiming every due row in
 *   batches as the worker's runs do (the same scan, then the update that leases each row), inside a
 *   transaction rolled back afterwards so each repetition sees the same rows;
 * - baseline, same run: the plan a table without a stored next time needs: every usable channel whose
 *   latest reading is older than today's slot (a scan of all connections with a lookup of each one's
 *   latest reading). It finds the figures only (the audience would need a second such scan), so it does
 *   less than the plan and the ratio flatters it;
 * - peak RSS while planning; and whether EXPLAIN shows the partial index.
 */
import { sql } from 'kysely';
import { claimAccountReadings, countDueAccountReadings } from '../src/insights/account-schedule.repo.ts';
import { slotOf } from '../src/insights/account-schedule.rules.ts';
import { DAY, HOUR, ManualClock } from '../src/kernel/clock.ts';
import type { DB } from '../src/platform/db/db.ts';
import { ensureWorkspaceForApiKey } from '../src/platform/workspaces.repo.ts';
import { childArgs, emitResult, progress, runMain } from './lib/child.ts';
import { createBenchDatabase } from './lib/database.ts';
import type { DbKind } from './lib/env.ts';
import { mb, sampler } from './lib/memory.ts';
import { createBenchSystem } from './lib/system.ts';

export interface AccountScheduleArgs {
  db: DbKind;
  pgAdminUrl: string | undefined;
  channels: number;
  repetitions: number;
}

export interface AccountScheduleResult {
  db: DbKind;
  channels: number;
  due: number;
  /** Selecting what is due (the plan's read: an index range scan). */
  selectMs: number[];
  /** Claiming every due row in batches (select, then the update that leases each row). */
  planMs: number[];
  baselineMs: number[];
  baselineDue: number;
  peakRssMb: number;
  usesPartialIndex: boolean;
}

/** Two hours into a UTC day. */
const NOW = new Date('2026-06-01T02:00:00Z');
const BATCH = 500;

class RolledBack extends Error {}

async function seed(db: DB, workspaceId: string, channels: number): Promise<void> {
  const now = NOW.toISOString();
  await sql
    .raw(`insert into creators (workspace_id, id, email, name, created_at, updated_at)
    select '${workspaceId}', 'cr' || g, null, null, '${now}', '${now}' from generate_series(1, ${channels}) g`)
    .execute(db);
  await sql
    .raw(`insert into connections (id, workspace_id, creator_id, provider, login, account_id, status, status_reason, scopes, connected_at, created_at, updated_at, network)
    select 'con' || g, '${workspaceId}', 'cr' || g, 'instagram', 'instagram_login', 'acct' || g,
           case when g % 33 = 0 then 'disconnected' else 'active' end, case when g % 33 = 0 then 'password_changed' end,
           '{}', '${now}', '${now}', '${now}', 'instagram' from generate_series(1, ${channels}) g`)
    .execute(db);
  // The trigger made two rows per usable channel, due at once; give each the time the service would have left it.
  const ids = (await db.selectFrom('account_schedule').select('connection_id').where('kind', '=', 'figures').where('next_due_at', 'is not', null).execute()).map(
    (r) => r.connection_id,
  );
  const today = Math.floor(NOW.getTime() / DAY) * DAY;
  for (let i = 0; i < ids.length; i += 5_000) {
    const slice = ids.slice(i, i + 5_000);
    // Figures at today's slot (due once it has passed); audience at the slot of one day of the coming week.
    const figures = slice.map((id) => new Date(today + slotOf(id)).toISOString());
    const audience = slice.map((id, j) => new Date(today + ((i + j) % 7) * DAY + slotOf(id)).toISOString());
    await sql`
      update account_schedule s set next_due_at = case when s.kind = 'figures' then v.figures else v.audience_due end
      from unnest(${slice}::text[], ${figures}::timestamptz[], ${audience}::timestamptz[]) as v(id, figures, audience_due)
      where s.connection_id = v.id`.execute(db);
  }
  await sql`analyze`.execute(db);
}

/** What is due, read in the claim's order: the plan's read alone, without leasing anything. */
async function selectDue(db: DB): Promise<number> {
  const rows = await db
    .selectFrom('account_schedule')
    .select(['connection_id', 'kind'])
    .where('next_due_at', 'is not', null)
    .where('next_due_at', '<=', NOW)
    .orderBy('next_due_at')
    .execute();
  return rows.length;
}

/** Claims every due row in batches, as the worker's runs do; rolled back. */
async function plan(db: DB): Promise<number> {
  let claimed = 0;
  await db
    .transaction()
    .execute(async (trx) => {
      for (;;) {
        const batch = await claimAccountReadings(trx as unknown as DB, { owner: 'bench', now: NOW, leaseUntil: new Date(NOW.getTime() + HOUR), limit: BATCH });
        claimed += batch.length;
        if (batch.length < BATCH) break;
      }
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return claimed;
}

/** What a plan without a stored next time has to do: look at every usable channel and its latest reading. */
async function baseline(db: DB): Promise<number> {
  const dayStart = new Date(Math.floor(NOW.getTime() / DAY) * DAY);
  const rows = await sql<{ id: string }>`
    select k.id from connections k
    where k.status in ('active', 'expiring')
      and coalesce((select max(r.captured_at) from account_readings r where r.connection_id = k.id), 'epoch') < ${dayStart}`.execute(db);
  // The slot rule applied to each, in JavaScript.
  return rows.rows.filter((r) => dayStart.getTime() + slotOf(r.id) <= NOW.getTime()).length;
}

async function usesPartialIndex(db: DB): Promise<boolean> {
  const explained = await sql<{ 'QUERY PLAN': string }>`
    explain select connection_id, kind from account_schedule
    where next_due_at is not null and next_due_at <= ${sql.lit(NOW.toISOString())}::timestamptz
    order by next_due_at limit ${sql.lit(BATCH)} for update skip locked`.execute(db);
  return explained.rows.some((r) => r['QUERY PLAN'].includes('account_schedule_due'));
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; n: number }> {
  const started = performance.now();
  const n = await run();
  return { ms: performance.now() - started, n };
}

async function main(): Promise<void> {
  const args = childArgs<AccountScheduleArgs>();
  const database = await createBenchDatabase(args.db, args.pgAdminUrl);
  const clock = new ManualClock(NOW);
  const system = await createBenchSystem({ database: database.location(), clock, logLevel: 'error' });
  try {
    const db = system.deps.db;
    const workspace = await ensureWorkspaceForApiKey(db, clock, 'ck_bench_account_key_0123456789', 'Bench');
    progress(`seeding ${args.channels.toLocaleString('en')} channels on ${database.label}`);
    await seed(db, workspace.id, args.channels);
    const due = await countDueAccountReadings(db, NOW);
    const selectMs: number[] = [];
    const planMs: number[] = [];
    const baselineMs: number[] = [];
    let baselineDue = 0;
    const memory = sampler();
    for (let i = 0; i < args.repetitions; i++) {
      const selected = await timed(() => selectDue(db));
      if (selected.n !== due) throw new Error(`the plan's select found ${selected.n} rows, ${due} are due`);
      selectMs.push(selected.ms);
      const planned = await timed(() => plan(db));
      if (planned.n !== due) throw new Error(`the plan claimed ${planned.n} rows, ${due} are due`);
      planMs.push(planned.ms);
      const naive = await timed(() => baseline(db));
      baselineMs.push(naive.ms);
      baselineDue = naive.n;
      progress(`repetition ${i + 1}: select ${selected.ms.toFixed(0)} ms, claim ${planned.ms.toFixed(0)} ms (${planned.n} due), baseline ${naive.ms.toFixed(0)} ms`);
    }
    const peak = memory.stop();
    emitResult({
      db: args.db,
      channels: args.channels,
      due,
      selectMs,
      planMs,
      baselineMs,
      baselineDue,
      peakRssMb: mb(peak.peakRss),
      usesPartialIndex: await usesPartialIndex(db),
    } satisfies AccountScheduleResult);
  } finally {
    await system.close();
    await database.drop();
  }
}

runMain(main);
