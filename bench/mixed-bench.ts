/**
 * Benchmark 3: the refresh sweep over a mixed population (all five providers, lib/population.ts). The
 * sandbox and the seeding live in the fixture (a process of its own by default), both clocks at the
 * same daily sweep instant. Timed here: (a) eachPlannedRefresh, (b) the sweep over everything due, one
 * provider at a time (the others paused through provider_pauses, the service's own mechanism, so each
 * provider's refreshes/s is its own), with RSS sampled every 100 ms; then checks against the database.
 * Baseline, measured first: each adapter refreshing up to BASELINE_SAMPLE tokens of connections that are
 * not due (so the sweep never needs them) against the same sandbox, same concurrency, no database.
 */
import { sql } from 'kysely';
import { eachPlannedRefresh, forEachLimited, runRefreshSweep, type SweepReport } from '../src/connections/refresh-sweep.ts';
import { DAY, ManualClock } from '../src/kernel/clock.ts';
import type { DB } from '../src/platform/db/db.ts';
import type { Deps } from '../src/platform/deps.ts';
import { type ProviderId, providerIds } from '../src/providers/provider.ts';
import { childArgs, emitResult, progress, runMain } from './lib/child.ts';
import { createBenchDatabase } from './lib/database.ts';
import { benchEncryptionKeys, type DbKind } from './lib/env.ts';
import { createFixture } from './lib/fixture.ts';
import { type MachineLoad, measureLoad } from './lib/machine.ts';
import { mb, sampler, settle } from './lib/memory.ts';
import { type Scenario, sweepInstant } from './lib/population.ts';
import { createBenchSystem } from './lib/system.ts';

export interface MixedArgs {
  db: DbKind;
  pgAdminUrl: string | undefined;
  n: number;
  windowDays: number;
  scenario: Scenario;
  batchSize?: number;
  concurrency?: number;
  poolSize?: number;
  sandbox?: 'process' | 'inprocess';
}

const BASELINE_SAMPLE = 1_000;

export interface ProviderSweep {
  provider: ProviderId;
  /** Provider calls only (adapter → sandbox), no database; null where the provider cannot refresh. */
  baseline: { calls: number; perSec: number } | null;
  connections: number;
  planned: { refresh: number; expire: number; skip: number };
  report: SweepReport;
  refreshesPerSec: number;
  peakRssMb: number;
  load: MachineLoad;
  /** From the database after the sweep: `refreshed` events, and disconnections for an ended grant. */
  refreshedEvents: number;
  expiredEvents: number;
}

export interface MixedResult {
  db: DbKind;
  database: string;
  n: number;
  scenario: Scenario;
  windowDays: number;
  batchSize: number;
  concurrency: number;
  poolSize: number | null;
  sandbox: string;
  seed: { sandboxSeconds: number; databaseSeconds: number };
  planSeconds: number;
  planPeakRssMb: number;
  rssBeforeMb: number;
  providers: ProviderSweep[];
  total: { refreshed: number; disconnected: number; seconds: number; refreshesPerSec: number; peakRssMb: number };
  heapLiveBeforeMb: number;
  heapLiveAfterMb: number;
  stillDue: number;
  ok: boolean;
}

runMain(async () => {
  const args = childArgs<MixedArgs>();
  const batchSize = args.batchSize ?? 200;
  const concurrency = args.concurrency ?? 16;
  const now = sweepInstant(new Date());
  const clock = new ManualClock(now);
  const encryptionKeys = benchEncryptionKeys();
  const fixture = await createFixture(now, args.sandbox ?? 'process', clock);
  const database = await createBenchDatabase(args.db, args.pgAdminUrl);
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  try {
    const label = `${args.db} mixed N=${args.n}`;
    const population = { n: args.n, now, windowDays: args.windowDays, scenario: args.scenario };
    const seed = await fixture.seedMixed({ database: database.location(), encryptionKeys, population });
    const system = await createBenchSystem({ database, clock, sandboxUrl: fixture.url, encryptionKeys, poolSize: args.poolSize, logLevel: 'warn' });
    try {
      await settle(gc);
      const deps = system.deps;
      gc();
      const rssBefore = process.memoryUsage().rss;
      const heapLiveBefore = process.memoryUsage().heapUsed;

      // (a) the plan of everything due
      let memory = sampler();
      const started = performance.now();
      const planned = new Map<string, { refresh: number; expire: number; skip: number }>();
      const planCount = await eachPlannedRefresh(deps, (p) => {
        const counts = planned.get(p.provider) ?? { refresh: 0, expire: 0, skip: 0 };
        counts[p.action]++;
        planned.set(p.provider, counts);
      });
      const planSeconds = (performance.now() - started) / 1000;
      const planPeak = memory.stop().peakRss;
      progress(`${label}: planned ${planCount} in ${planSeconds.toFixed(2)} s`);
      gc();

      const baselines = new Map<string, ProviderSweep['baseline']>();
      for (const provider of providerIds) baselines.set(provider, await providerBaseline(deps, provider, now, concurrency));
      gc();

      // (b) one provider at a time: the others are paused, as the service pauses a throttled provider.
      const providers: ProviderSweep[] = [];
      for (const provider of providerIds) {
        const others = providerIds.filter((p) => p !== provider);
        await deps.db
          .insertInto('provider_pauses')
          .values(others.map((p) => ({ provider: p, until: new Date(now.getTime() + DAY), reason: 'benchmark' })))
          .execute();
        memory = sampler();
        const load = measureLoad();
        const report = await runRefreshSweep(deps, { includeScheduled: true, batchSize, concurrency });
        const sweepLoad = load.stop();
        const peak = memory.stop().peakRss;
        await deps.db.deleteFrom('provider_pauses').execute();
        const events = await eventCounts(deps.db, provider);
        const connections = await deps.db.selectFrom('connections').select(sql<number>`count(*)`.as('n')).where('provider', '=', provider).executeTakeFirstOrThrow();
        providers.push({
          provider,
          baseline: baselines.get(provider) ?? null,
          connections: Number(connections.n),
          planned: planned.get(provider) ?? { refresh: 0, expire: 0, skip: 0 },
          report,
          refreshesPerSec: report.refreshed > 0 ? report.refreshed / report.seconds : 0,
          peakRssMb: mb(peak),
          load: sweepLoad,
          ...events,
        });
        progress(`${label}: ${provider} refreshed ${report.refreshed}, disconnected ${report.disconnected} in ${report.seconds.toFixed(1)} s`);
        gc();
      }
      const after = process.memoryUsage();
      const stillDue = await deps.db
        .selectFrom('connections')
        .select(sql<number>`count(*)`.as('n'))
        .where('status', '<>', 'disconnected')
        .where((eb) => eb.or([eb('refresh_due_at', '<=', now), eb('grant_expires_at', '<=', now)]))
        .executeTakeFirstOrThrow();
      const sum = (f: (p: ProviderSweep) => number) => providers.reduce((a, p) => a + f(p), 0);
      const seconds = sum((p) => p.report.seconds);
      const ok =
        Number(stillDue.n) === 0 &&
        providers.every(
          (p) => p.report.refreshed === p.planned.refresh && p.refreshedEvents === p.planned.refresh && p.expiredEvents === p.planned.expire && p.report.retry_scheduled === 0,
        );
      const result: MixedResult = {
        db: args.db,
        database: database.label,
        n: args.n,
        scenario: args.scenario,
        windowDays: args.windowDays,
        batchSize,
        concurrency,
        poolSize: args.db === 'postgres' ? (args.poolSize ?? 10) : null,
        sandbox: fixture.where,
        seed: { sandboxSeconds: seed.sandboxSeconds, databaseSeconds: seed.databaseSeconds },
        planSeconds,
        planPeakRssMb: mb(planPeak),
        rssBeforeMb: mb(rssBefore),
        providers,
        total: {
          refreshed: sum((p) => p.report.refreshed),
          disconnected: sum((p) => p.report.disconnected),
          seconds,
          refreshesPerSec: sum((p) => p.report.refreshed) / seconds,
          peakRssMb: Math.max(...providers.map((p) => p.peakRssMb)),
        },
        heapLiveBeforeMb: mb(heapLiveBefore),
        heapLiveAfterMb: mb(after.heapUsed),
        stillDue: Number(stillDue.n),
        ok,
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

/** The ceiling the provider side sets: refresh calls alone, on connections the sweep will not touch. */
async function providerBaseline(deps: Deps, provider: ProviderId, now: Date, concurrency: number): Promise<ProviderSweep['baseline']> {
  const adapter = deps.providers.get(provider);
  if (!adapter || !deps.policies[provider]?.refreshable) return null;
  const rows = await deps.db
    .selectFrom('connections as c')
    .innerJoin('connection_tokens as t', 't.connection_id', 'c.id')
    .select(['c.id', 't.access_token_sealed', 't.refresh_token_sealed'])
    .where('c.provider', '=', provider)
    .where((eb) => eb.or([eb('c.refresh_due_at', 'is', null), eb('c.refresh_due_at', '>', now)]))
    // Instagram refuses to refresh a token younger than 24 hours.
    .where('c.token_issued_at', '<', new Date(now.getTime() - DAY))
    .limit(BASELINE_SAMPLE)
    .execute();
  const tokens = rows.map((r) => ({
    accessToken: deps.keyRing.open(r.access_token_sealed, `${r.id}:access`),
    refreshToken: r.refresh_token_sealed ? deps.keyRing.open(r.refresh_token_sealed, `${r.id}:refresh`) : undefined,
  }));
  if (tokens.length === 0) return null;
  const started = performance.now();
  await forEachLimited(tokens, concurrency, async (current) => {
    await adapter.refreshToken(current);
  });
  return { calls: tokens.length, perSec: tokens.length / ((performance.now() - started) / 1000) };
}

async function eventCounts(db: DB, provider: string): Promise<{ refreshedEvents: number; expiredEvents: number }> {
  const row = await db
    .selectFrom('connection_events as e')
    .innerJoin('connections as c', 'c.id', 'e.connection_id')
    .select([
      sql<number>`count(*) filter (where e.type = 'refreshed')`.as('refreshed'),
      sql<number>`count(*) filter (where e.type = 'disconnected' and e.reason = 'expired')`.as('expired'),
    ])
    .where('c.provider', '=', provider)
    .executeTakeFirstOrThrow();
  return { refreshedEvents: Number(row.refreshed), expiredEvents: Number(row.expired) };
}
