/**
 * Benchmark 2: the refresh sweep at one size. N connections, of which `due` hold a token issued 51 days
 * ago (refresh due, by the 50-day policy) and the rest one issued 10 days ago; the system's Instagram
 * adapter talks to the sandbox on a loopback port through PROVIDER_ORIGIN_MAP; the system's ManualClock
 * and the sandbox's are set to the same "now" (see lib/fixture.ts). Seeding happens first (in the fixture
 * process, timed apart); then this process opens the seeded database, and eachPlannedRefresh and
 * runRefreshSweep are timed, RSS sampled every 100 ms, and the outcome checked against the database and
 * the sandbox's call log.
 */
import { sql } from 'kysely';
import { eachPlannedRefresh, forEachLimited, runRefreshSweep, type SweepReport } from '../src/connections/refresh-sweep.ts';
import { ManualClock } from '../src/kernel/clock.ts';
import { childArgs, emitResult, progress, runMain } from './lib/child.ts';
import { createBenchDatabase } from './lib/database.ts';
import { benchEncryptionKeys, type DbKind } from './lib/env.ts';
import { createFixture } from './lib/fixture.ts';
import { type MachineLoad, measureLoad } from './lib/machine.ts';
import { mb, sampler, settle } from './lib/memory.ts';
import { profiledDeps, type TimingRow, Timings } from './lib/profiler.ts';
import { createBenchSystem } from './lib/system.ts';

export interface SweepArgs {
  db: DbKind;
  pgAdminUrl: string | undefined;
  n: number;
  due: number;
  batchSize?: number;
  concurrency?: number;
  poolSize?: number;
  /** Time every query and provider call (adds a little overhead; for finding bottlenecks). */
  profile?: boolean;
  /** Provider-only baseline: refresh this many sandbox tokens directly, same concurrency, no database. */
  baselineSample: number;
  /** PostgreSQL diagnostic: commits do not wait for the WAL flush. */
  synchronousCommitOff?: boolean;
  /** Where the sandbox and the seeding run (default: a process of their own). */
  sandbox?: 'process' | 'inprocess';
  /** False: the change-notice triggers (migration 033) are disabled for the run, to measure what NOTIFY costs the sweep. */
  notices?: boolean;
}

export interface MemoryFigures {
  /** The system started on the seeded database and settled (see settle()), after a full GC. */
  rssIdleMb: number;
  /** Just before planning, after a full GC. */
  rssBeforeMb: number;
  planPeakRssMb: number;
  sweepPeakRssMb: number;
  sweepPeakHeapUsedMb: number;
  /** Peak of process.memoryUsage().external (includes PGlite's WebAssembly memory and Buffers). */
  sweepPeakExternalMb: number;
  /** V8's committed heap (used + free pages it keeps) at the moment RSS peaked. */
  heapTotalAtPeakMb: number;
  /** After the sweep and a full GC: what stays. */
  rssAfterMb: number;
  heapLiveBeforeMb: number;
  heapLiveAfterMb: number;
  samples: number;
}

export interface SweepChecks {
  planRefresh: number;
  planOther: number;
  refreshedRows: number;
  refreshedRowsThatWereDue: number;
  stillDue: number;
  refreshedEvents: number;
  sandboxRefreshCalls: number;
  sandboxAccountsCalled: number;
  sandboxAccountsCalledOnce: number;
}

export interface SweepResult {
  db: DbKind;
  database: string;
  n: number;
  due: number;
  batchSize: number;
  concurrency: number;
  poolSize: number | null;
  sandbox: string;
  notices: boolean;
  seed: { sandboxSeconds: number; databaseSeconds: number; rowsPerSec: number };
  planSeconds: number;
  sweep: SweepReport;
  refreshesPerSec: number;
  providerBaseline: { calls: number; seconds: number; perSec: number };
  memory: MemoryFigures;
  /** During runRefreshSweep. */
  load: MachineLoad;
  checks: SweepChecks;
  ok: boolean;
  profile?: TimingRow[];
}

/** Migration 033's row triggers, which the sweep's writes fire. */
const NOTICE_TRIGGERS = [
  ['connections', 'connections_notify_update'],
  ['connections', 'connections_notify_write'],
  ['connection_tokens', 'connection_tokens_notify'],
] as const;

runMain(async () => {
  const args = childArgs<SweepArgs>();
  const batchSize = args.batchSize ?? 200;
  const concurrency = args.concurrency ?? 16;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = new ManualClock(now);
  const encryptionKeys = benchEncryptionKeys();
  const fixture = await createFixture(now, args.sandbox ?? 'process', clock);
  const database = await createBenchDatabase(args.db, args.pgAdminUrl, { synchronousCommitOff: args.synchronousCommitOff });
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  try {
    const label = `${args.db} N=${args.n}`;
    const seed = await fixture.seed({ database: database.location(), encryptionKeys, n: args.n, due: args.due, baselineSample: args.baselineSample });
    const system = await createBenchSystem({ database, clock, sandboxUrl: fixture.url, encryptionKeys, poolSize: args.poolSize, logLevel: 'warn' });
    try {
      // A service runs for hours before its nightly sweep. Right after start-up V8 is still compiling
      // PGlite's WebAssembly (~300 MB of transient compiler memory for about a second); let it settle.
      await settle(gc);
      const rssIdle = process.memoryUsage().rss;
      if (args.notices === false) {
        for (const [table, trigger] of NOTICE_TRIGGERS) await sql.raw(`alter table ${table} disable trigger ${trigger}`).execute(system.deps.db);
      }
      const timings = new Timings();
      const deps = args.profile ? profiledDeps(system.deps, timings) : system.deps;

      // (a) planning
      gc();
      const rssBefore = process.memoryUsage().rss;
      const heapLiveBefore = process.memoryUsage().heapUsed;
      let memory = sampler();
      let started = performance.now();
      let planRefresh = 0;
      const planned = await eachPlannedRefresh(deps, (p) => {
        if (p.action === 'refresh') planRefresh++;
      });
      const planSeconds = (performance.now() - started) / 1000;
      const planMemory = memory.stop();
      const planOther = planned - planRefresh;
      progress(`${label}: planned ${planRefresh} refreshes in ${planSeconds.toFixed(2)} s`);
      gc();

      // (b) the sweep, (c) its memory
      await fixture.clearCalls();
      memory = sampler();
      const load = measureLoad();
      const report = await runRefreshSweep(deps, { includeScheduled: true, batchSize, concurrency });
      const sweepLoad = load.stop();
      const sweepMemory = memory.stop();
      gc();
      const after = process.memoryUsage();
      progress(`${label}: swept ${report.refreshed} in ${report.seconds.toFixed(1)} s (${(report.refreshed / report.seconds).toFixed(0)}/s)`);

      // Checks: exactly the due connections refreshed, one provider call each.
      const db = system.deps.db;
      const counts = await db
        .selectFrom('connections')
        .select([
          sql<number>`count(*) filter (where last_refreshed_at is not null)`.as('refreshed'),
          sql<number>`count(*) filter (where last_refreshed_at is not null and username like 'due.%')`.as('refreshedDue'),
          sql<number>`count(*) filter (where status <> 'disconnected' and refresh_due_at <= ${now})`.as('stillDue'),
        ])
        .executeTakeFirstOrThrow();
      const events = await db.selectFrom('connection_events').select(sql<number>`count(*)`.as('n')).where('type', '=', 'refreshed').executeTakeFirstOrThrow();
      const calls = await fixture.refreshCalls();
      const checks: SweepChecks = {
        planRefresh,
        planOther,
        refreshedRows: Number(counts.refreshed),
        refreshedRowsThatWereDue: Number(counts.refreshedDue),
        stillDue: Number(counts.stillDue),
        refreshedEvents: Number(events.n),
        sandboxRefreshCalls: calls.total,
        sandboxAccountsCalled: calls.accounts,
        sandboxAccountsCalledOnce: calls.accountsCalledOnce,
      };
      const ok =
        checks.planRefresh === args.due &&
        checks.planOther === 0 &&
        checks.refreshedRows === args.due &&
        checks.refreshedRowsThatWereDue === args.due &&
        checks.stillDue === 0 &&
        checks.refreshedEvents === args.due &&
        checks.sandboxRefreshCalls === args.due &&
        checks.sandboxAccountsCalledOnce === args.due &&
        report.refreshed === args.due &&
        report.claimed === args.due;

      // Provider-only baseline: the same adapter and sandbox, same concurrency, no database at all.
      // (Refreshes tokens the sweep already replaced: still inside the sandbox's grace period, so they answer alike.)
      const provider = system.deps.providers.get('instagram');
      if (!provider) throw new Error('no instagram adapter');
      started = performance.now();
      await forEachLimited(seed.baselineTokens, concurrency, async (accessToken) => {
        await provider.refreshToken({ accessToken });
      });
      const baselineSeconds = (performance.now() - started) / 1000;

      const result: SweepResult = {
        db: args.db,
        database: database.label,
        n: args.n,
        due: args.due,
        batchSize,
        concurrency,
        poolSize: args.db === 'postgres' ? (args.poolSize ?? 10) : null,
        sandbox: fixture.where,
        notices: args.notices !== false,
        seed: { sandboxSeconds: seed.sandboxSeconds, databaseSeconds: seed.databaseSeconds, rowsPerSec: args.n / seed.databaseSeconds },
        planSeconds,
        sweep: report,
        refreshesPerSec: report.refreshed / report.seconds,
        providerBaseline: { calls: seed.baselineTokens.length, seconds: baselineSeconds, perSec: seed.baselineTokens.length / baselineSeconds },
        memory: {
          rssIdleMb: mb(rssIdle),
          rssBeforeMb: mb(rssBefore),
          planPeakRssMb: mb(planMemory.peakRss),
          sweepPeakRssMb: mb(sweepMemory.peakRss),
          sweepPeakHeapUsedMb: mb(sweepMemory.peakHeap),
          sweepPeakExternalMb: mb(sweepMemory.peakExternal),
          heapTotalAtPeakMb: mb(sweepMemory.atPeak.heapTotal),
          rssAfterMb: mb(after.rss),
          heapLiveBeforeMb: mb(heapLiveBefore),
          heapLiveAfterMb: mb(after.heapUsed),
          samples: sweepMemory.samples,
        },
        load: sweepLoad,
        checks,
        ok,
        ...(args.profile ? { profile: timings.rows() } : {}),
      };
      emitResult(result);
    } finally {
      await system.close();
    }
  } finally {
    await fixture.close();
    await database.drop();
  }
});
