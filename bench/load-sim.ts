/**
 * Benchmark 4: the refresh load per day over a simulated stretch of days. A mixed population
 * (lib/population.ts) is seeded, then a ManualClock shared by the service and the in-process sandbox
 * is moved to each day's sweep instant in turn and the daily job runs as the worker runs it
 * (runRefreshSweep includeScheduled, then watchExpiries). Per day and provider: refreshes, expiry
 * disconnections, connections turned `expiring`, and reminders queued, read back from the events
 * and the email outbox at that instant. Nobody connects or reconnects during the simulation.
 *
 * The `steady` population is seeded `warmupDays` before day 0 and the days in between are run but not
 * reported: seeding gives tokens the times the daily sweep would have left, but not the `expiring`
 * states and reminders the expiry watch would have sent, which its first run would otherwise catch up
 * on all at once (14 days: the longest reminder horizon).
 */
import { sql } from 'kysely';
import { watchExpiries } from '../src/connections/expiry-watch.ts';
import { runRefreshSweep } from '../src/connections/refresh-sweep.ts';
import { DAY, ManualClock } from '../src/kernel/clock.ts';
import type { DB } from '../src/platform/db/db.ts';
import { childArgs, emitResult, progress, runMain } from './lib/child.ts';
import { createBenchDatabase } from './lib/database.ts';
import { benchEncryptionKeys, type DbKind } from './lib/env.ts';
import { createFixture } from './lib/fixture.ts';
import { type Scenario, sweepInstant } from './lib/population.ts';
import { createBenchSystem } from './lib/system.ts';

export interface LoadSimArgs {
  db: DbKind;
  pgAdminUrl: string | undefined;
  n: number;
  days: number;
  windowDays: number;
  scenario: Scenario;
  warmupDays: number;
}

/** provider → count. */
export type PerProvider = Record<string, number>;

export interface SimDay {
  day: number;
  refreshed: PerProvider;
  expired: PerProvider;
  expiring: PerProvider;
  reminded: PerProvider;
  /** Other outcomes of the sweep (should stay 0 against a healthy sandbox). */
  failed: number;
  sweepSeconds: number;
}

export interface LoadSimResult {
  db: DbKind;
  n: number;
  days: number;
  windowDays: number;
  scenario: Scenario;
  warmupDays: number;
  byProvider: Record<string, number>;
  seedSeconds: number;
  start: string;
  perDay: SimDay[];
  seconds: number;
}

runMain(async () => {
  const args = childArgs<LoadSimArgs>();
  const start = sweepInstant(new Date());
  const seededAt = new Date(start.getTime() - args.warmupDays * DAY);
  const clock = new ManualClock(seededAt);
  const encryptionKeys = benchEncryptionKeys();
  // In process: the simulation moves one clock, which the sandbox must share.
  const fixture = await createFixture(seededAt, 'inprocess', clock);
  const database = await createBenchDatabase(args.db, args.pgAdminUrl);
  const started = performance.now();
  try {
    const population = { n: args.n, now: seededAt, windowDays: args.windowDays, scenario: args.scenario };
    const seed = await fixture.seedMixed({ database: database.location(), encryptionKeys, population });
    const system = await createBenchSystem({ database, clock, sandboxUrl: fixture.url, encryptionKeys, logLevel: 'warn' });
    try {
      const perDay: SimDay[] = [];
      for (let day = -args.warmupDays; day < args.days; day++) {
        clock.set(new Date(start.getTime() + day * DAY));
        const sweep = await runRefreshSweep(system.deps, { includeScheduled: true });
        await watchExpiries(system.deps);
        if (day >= 0)
          perDay.push({ day, ...(await dayCounts(system.deps.db, clock.now())), failed: sweep.retry_scheduled + sweep.conflict + sweep.skipped, sweepSeconds: sweep.seconds });
        if (day % 10 === 9) progress(`${args.db} ${args.scenario}: day ${day + 1} of ${args.days}`);
      }
      const result: LoadSimResult = {
        db: args.db,
        n: args.n,
        days: args.days,
        windowDays: args.windowDays,
        scenario: args.scenario,
        warmupDays: args.warmupDays,
        byProvider: seed.byProvider,
        seedSeconds: seed.databaseSeconds + seed.sandboxSeconds,
        start: start.toISOString(),
        perDay,
        seconds: (performance.now() - started) / 1000,
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

/** What the day's job did, read back from the events and the outbox stamped with its instant. */
async function dayCounts(db: DB, at: Date): Promise<Pick<SimDay, 'refreshed' | 'expired' | 'expiring' | 'reminded'>> {
  const events = await db
    .selectFrom('connection_events as e')
    .innerJoin('connections as c', 'c.id', 'e.connection_id')
    .select(['c.provider', 'e.type', 'e.reason', sql<number>`count(*)`.as('n')])
    .where('e.occurred_at', '=', at)
    .groupBy(['c.provider', 'e.type', 'e.reason'])
    .execute();
  const reminders = await db
    .selectFrom('emails as m')
    .innerJoin('connections as c', 'c.id', 'm.connection_id')
    .select(['c.provider', sql<number>`count(*)`.as('n')])
    .where('m.kind', '=', 'connection_expiring')
    .where('m.created_at', '=', at)
    .groupBy('c.provider')
    .execute();
  const out = { refreshed: {} as PerProvider, expired: {} as PerProvider, expiring: {} as PerProvider, reminded: {} as PerProvider };
  const add = (into: PerProvider, provider: string, n: number) => (into[provider] = (into[provider] ?? 0) + Number(n));
  for (const e of events) {
    if (e.type === 'refreshed') add(out.refreshed, e.provider, e.n);
    else if (e.type === 'disconnected' && e.reason === 'expired') add(out.expired, e.provider, e.n);
    else if (e.type === 'expiring') add(out.expiring, e.provider, e.n);
  }
  for (const r of reminders) add(out.reminded, r.provider, r.n);
  return out;
}
