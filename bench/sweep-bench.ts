/**
 * Benchmark 2: the refresh sweep at one size. N connections, of which `due` hold a token issued 51 days
 * ago (refresh due, by the 50-day policy) and the rest one issued 10 days ago; the system's Instagram
 * adapter talks to a sandbox on a loopback port; one ManualClock set to "now" is shared by both.
 * Seeding is timed apart; then planRefreshSweep and runRefreshSweep are timed, RSS is sampled every
 * 100 ms, and the outcome is checked against the database and the sandbox's call log.
 */
import { forEachLimited, planRefreshSweep, runRefreshSweep, type SweepReport } from '../src/app/refresh-sweep.ts';
import { DAY, ManualClock } from '../src/domain/clock.ts';
import { startSandbox } from '../sandbox/index.ts';
import { sql } from 'kysely';
import { childArgs, emitResult, progress, runMain } from './lib/child.ts';
import { createBenchDatabase } from './lib/database.ts';
import type { DbKind } from './lib/env.ts';
import { profiledDeps, Timings, type TimingRow } from './lib/profiler.ts';
import { seedConnections, seedWorkspace, type SeedAccount } from './lib/seed.ts';
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
}

export interface MemoryFigures {
  /** After seeding and a full GC, before planning. */
  rssBeforeMb: number;
  planPeakRssMb: number;
  sweepPeakRssMb: number;
  sweepPeakHeapUsedMb: number;
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
  seed: { sandboxSeconds: number; databaseSeconds: number; rowsPerSec: number };
  planSeconds: number;
  sweep: SweepReport;
  refreshesPerSec: number;
  providerBaseline: { calls: number; seconds: number; perSec: number };
  memory: MemoryFigures;
  checks: SweepChecks;
  ok: boolean;
  profile?: TimingRow[];
}

const mb = (bytes: number) => bytes / (1024 * 1024);

function sampler() {
  let peakRss = 0;
  let peakHeap = 0;
  let samples = 0;
  const take = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    samples++;
  };
  take();
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakRss, peakHeap, samples };
    },
  };
}

runMain(async () => {
  const args = childArgs<SweepArgs>();
  const batchSize = args.batchSize ?? 200;
  const concurrency = args.concurrency ?? 16;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = new ManualClock(now);
  const sandbox = await startSandbox({ clock, port: 0 });
  const database = await createBenchDatabase(args.db, args.pgAdminUrl);
  const system = await createBenchSystem({ database, clock, sandboxUrl: sandbox.url, poolSize: args.poolSize, logLevel: 'warn' });
  try {
    const label = `${args.db} N=${args.n}`;
    // Sandbox side: accounts and long-lived tokens, backdated.
    let started = performance.now();
    const dueIssued = new Date(now.getTime() - 51 * DAY);
    const laterIssued = new Date(now.getTime() - 10 * DAY);
    const dueSeeded = sandbox.world.instagram.seedConnections(args.due, { issuedAt: dueIssued, prefix: 'due' });
    const laterSeeded = sandbox.world.instagram.seedConnections(args.n - args.due, { issuedAt: laterIssued, prefix: 'later' });
    const sandboxSeconds = (performance.now() - started) / 1000;

    // Database side: due rows spread evenly through the table, as they would be in production.
    const accounts: SeedAccount[] = [];
    let d = 0;
    let l = 0;
    for (let i = 0; i < args.n; i++) {
      const isDue = Math.floor(((i + 1) * args.due) / args.n) > Math.floor((i * args.due) / args.n);
      const seeded = isDue ? dueSeeded[d++] : laterSeeded[l++];
      if (!seeded) throw new Error('seeding mismatch');
      accounts.push({ accountId: seeded.userId, username: seeded.username, accessToken: seeded.accessToken, issuedAt: isDue ? dueIssued : laterIssued, expiresAt: seeded.expiresAt });
    }
    started = performance.now();
    const workspaceId = await seedWorkspace(system.deps, 'ck_bench_sweep_key_0123456789');
    let lastReport = performance.now();
    await seedConnections(system.deps, workspaceId, accounts, (done) => {
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        progress(`${label}: seeded ${done} rows`);
      }
    });
    // Bulk-loaded tables have no statistics yet; autovacuum would have gathered them in production.
    await sql`analyze`.execute(system.deps.db);
    const databaseSeconds = (performance.now() - started) / 1000;
    progress(`${label}: seeded ${args.n} connections (${args.due} due) in ${databaseSeconds.toFixed(1)} s (sandbox ${sandboxSeconds.toFixed(1)} s)`);
    accounts.length = 0;

    const timings = new Timings();
    const deps = args.profile ? profiledDeps(system.deps, timings) : system.deps;
    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage().rss;

    // (a) planning
    let memory = sampler();
    started = performance.now();
    const plan = await planRefreshSweep(deps);
    const planSeconds = (performance.now() - started) / 1000;
    const planMemory = memory.stop();
    const planRefresh = plan.filter((p) => p.action === 'refresh').length;
    const planOther = plan.length - planRefresh;
    plan.length = 0;
    progress(`${label}: planned ${planRefresh} refreshes in ${planSeconds.toFixed(2)} s`);
    (globalThis as { gc?: () => void }).gc?.();

    // (b) the sweep, (c) its memory
    sandbox.world.calls.clear();
    memory = sampler();
    const report = await runRefreshSweep(deps, { includeScheduled: true, batchSize, concurrency });
    const sweepMemory = memory.stop();
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
    const byAccount = Object.values(sandbox.world.calls.snapshot('refresh_access_token').byAccount.refresh_access_token ?? {});
    const checks: SweepChecks = {
      planRefresh,
      planOther,
      refreshedRows: Number(counts.refreshed),
      refreshedRowsThatWereDue: Number(counts.refreshedDue),
      stillDue: Number(counts.stillDue),
      refreshedEvents: Number(events.n),
      sandboxRefreshCalls: sandbox.world.calls.count('refresh_access_token'),
      sandboxAccountsCalled: byAccount.length,
      sandboxAccountsCalledOnce: byAccount.filter((n) => n === 1).length,
    };
    const ok =
      checks.planRefresh === args.due &&
      checks.refreshedRows === args.due &&
      checks.refreshedRowsThatWereDue === args.due &&
      checks.stillDue === 0 &&
      checks.refreshedEvents === args.due &&
      checks.sandboxRefreshCalls === args.due &&
      checks.sandboxAccountsCalledOnce === args.due &&
      report.refreshed === args.due &&
      report.claimed === args.due;

    // Provider-only baseline: the same adapter and sandbox, same concurrency, no database at all.
    const provider = system.deps.providers.get('instagram');
    if (!provider) throw new Error('no instagram adapter');
    const sample = dueSeeded.slice(0, Math.min(args.baselineSample, dueSeeded.length));
    started = performance.now();
    await forEachLimited(sample, concurrency, async (account) => {
      await provider.refreshToken({ accessToken: account.accessToken });
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
      seed: { sandboxSeconds, databaseSeconds, rowsPerSec: args.n / databaseSeconds },
      planSeconds,
      sweep: report,
      refreshesPerSec: report.refreshed / report.seconds,
      providerBaseline: { calls: sample.length, seconds: baselineSeconds, perSec: sample.length / baselineSeconds },
      memory: {
        rssBeforeMb: mb(rssBefore),
        planPeakRssMb: mb(planMemory.peakRss),
        sweepPeakRssMb: mb(sweepMemory.peakRss),
        sweepPeakHeapUsedMb: mb(sweepMemory.peakHeap),
        samples: sweepMemory.samples,
      },
      checks,
      ok,
      ...(args.profile ? { profile: timings.rows() } : {}),
    };
    emitResult(result);
  } finally {
    await system.close();
    await sandbox.close();
    await database.drop();
  }
});
