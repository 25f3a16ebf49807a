/**
 * A simulated year (or any span) of a Channelkeeper deployment under chaos, end to end: the environment,
 * the first population, the worker processes, the days, a calm last day, then the checks. `npm run soak`
 * runs the full size (soak/run.ts); the integration test runs a quarter of a few hundred channels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../sandbox/core/seeded-random.ts';
import type { ChaosSettings } from './chaos.ts';
import { type Check, runChecks } from './checks.ts';
import { type ChaosTally, Driver } from './driver.ts';
import { openEnvironment } from './environment.ts';
import { InProcessWorkers } from './in-process-workers.ts';
import { directRunner, type JobRunner, queueRunner } from './job-runner.ts';
import type { Disconnection } from './observer.ts';
import { seedPopulation } from './population.ts';
import { WorkerPool, type Workers } from './worker-pool.ts';

export interface SoakOptions {
  connections: number;
  days: number;
  /** Worker processes on PostgreSQL; 0 runs the jobs in the driver's own process (the only way on PGlite). */
  workers: number;
  /** A PostgreSQL server to make the soak's own database on (dropped after); undefined: PGlite in memory. */
  postgresAdminUrl: string | undefined;
  sweeps: 'direct' | 'queue';
  chaos: ChaosSettings;
  seed: number;
  /** Where every process's log goes (and stays, for reading after a failure). */
  outDir: string;
  logLevel: string;
  /** PROVIDER_TIMEOUT_MS of every process: shorter than the chaos's hangs. */
  providerTimeoutMs: number;
  /** The first population's connect instants are spread over this many days before day 0. */
  windowDays: number;
  keepDatabase?: boolean;
  progress: (line: string) => void;
  progressEveryDays?: number;
  /** Stops after the day under way (the environment is still torn down, the database dropped). */
  signal?: AbortSignal;
}

export interface SoakResult {
  checks: Check[];
  /** What happened, for the table: label and value. */
  figures: [string, string][];
  /** The chaos as it struck, and what the driver saw (for tests to make sure the trouble happened). */
  tally: ChaosTally;
  disconnections: Disconnection[];
  revocationsFlagged: number;
  /** Worker processes that exited without being killed by the chaos. */
  workersDiedOnTheirOwn: number;
  passed: boolean;
}

/** Day 0 at midnight UTC; the first population connected in the weeks before. */
export const SOAK_START = Date.parse('2026-03-02T00:00:00Z');

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const processes = options.workers > 0;
  if (processes && !options.postgresAdminUrl) throw new Error('worker processes need PostgreSQL (PGlite is one process): pass --workers 0 or a DATABASE_URL');
  clearOldLogs(options.outDir);
  const env = await openEnvironment({
    startMs: SOAK_START,
    postgresAdminUrl: options.postgresAdminUrl,
    processes,
    outDir: options.outDir,
    logLevel: options.logLevel,
    providerTimeoutMs: options.providerTimeoutMs,
  });
  let workers: Workers | undefined;
  let runner: JobRunner | undefined;
  try {
    options.progress(`seeding ${options.connections} connections on ${env.databaseKind}`);
    const seeding = performance.now();
    const accounts = await seedPopulation(env.system.deps, env.sandbox, env.clock, env.workspaceId, {
      count: options.connections,
      windowDays: options.windowDays,
      startMs: SOAK_START,
      random,
    });
    const queued = options.sweeps === 'queue';
    const pool = processes
      ? new WorkerPool(options.workers, { env: { ...env.workerEnv, SOAK_SWEEPS: options.sweeps }, logDir: options.outDir, startMs: SOAK_START })
      : new InProcessWorkers(env.system, [env.logFile], queued);
    workers = pool;
    options.progress(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s; starting the workers`);
    await pool.start();
    runner = queued ? await queueRunner(env.system.config.databaseUrl!) : directRunner(pool);
    const driver = new Driver(env, pool, runner, accounts, { startMs: SOAK_START, days: options.days, chaos: options.chaos, random, progress: options.progress });
    await liveTheDays(driver, options, started);
    options.progress('checking');
    const checks = await runChecks(env, driver.observer, accounts, [env.logFile, ...pool.logFiles.filter((file) => file !== env.logFile)]);
    const figures = await describe(env, driver, options, pool, (performance.now() - started) / 1000);
    const { observer } = driver;
    return {
      checks,
      figures,
      tally: driver.tally,
      disconnections: observer.disconnections,
      revocationsFlagged: observer.flaggedAfterDays.length,
      workersDiedOnTheirOwn: pool.unexpectedExits,
      passed: checks.every((c) => c.found === 0),
    };
  } finally {
    await runner?.close();
    await workers?.stop();
    await env.close({ keepDatabase: options.keepDatabase });
  }
}

async function liveTheDays(driver: Driver, options: SoakOptions, started: number): Promise<void> {
  for (let day = 0; day < options.days; day++) {
    options.signal?.throwIfAborted();
    await driver.runDay(day);
    if ((day + 1) % (options.progressEveryDays ?? 30) === 0 || day === options.days - 1) {
      options.progress(`day ${day + 1}/${options.days}, ${((performance.now() - started) / 1000).toFixed(0)} s; real time so far: ${timePerJob(driver)}`);
    }
  }
  await driver.finish();
}

/** The logs a previous soak left in `dir` (only those: `--out` may name a folder with other things in it). */
function clearOldLogs(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir)) if (/^(driver|worker-\d+\.\d+)\.log$/.test(file)) fs.rmSync(path.join(dir, file));
}

const timePerJob = (driver: Driver) =>
  [
    ...Object.entries(driver.tally.phaseSeconds).map(([phase, seconds]) => [phase, seconds] as const),
    ...Object.entries(driver.tally.jobSeconds).map(([job, t]) => [job, t.seconds] as const),
  ]
    .map(([name, seconds]) => `${name} ${seconds.toFixed(0)} s`)
    .join(', ');

async function describe(env: Awaited<ReturnType<typeof openEnvironment>>, driver: Driver, options: SoakOptions, workers: Workers, seconds: number): Promise<[string, string][]> {
  const { db } = env.system.deps;
  const { world } = env.sandbox;
  const { tally, observer } = driver;
  const count = async (table: 'emails' | 'notifications' | 'webhook_deliveries') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const reasons = new Map<string, number>();
  for (const d of observer.disconnections) reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + 1);
  const flagged = [...observer.flaggedAfterDays].sort((a, b) => a - b);
  const duplicates = [...env.sink.received.values()].filter((n) => n > 1).length;
  const n = (value: number) => value.toLocaleString('en-US');
  return [
    [
      'database, workers',
      `${env.databaseKind}, ${options.workers > 0 ? `${options.workers} worker processes` : 'jobs in the driver process'}, sweeps run ${options.sweeps === 'queue' ? 'through the pg-boss queue' : 'directly on the workers'}`,
    ],
    ['simulated days', n(options.days)],
    ['connections seeded on day 0, connected later through the flow', `${n(options.connections)}, ${n(tally.newConnections.ok)} (${n(tally.newConnections.failed)} gave up)`],
    [
      'provider calls before the calm last day, of which answered by a fault (all calls)',
      `${n(tally.yearCalls.calls)}, ${n(tally.yearCalls.faulted)} = ${((100 * tally.yearCalls.faulted) / Math.max(1, tally.yearCalls.calls)).toFixed(1)} % (${n(world.calls.count())})`,
    ],
    ['refreshes whose answer was lost after the rotation; throttling bursts (calls refused)', `${n(tally.lostAnswers)}; ${n(tally.throttleBursts)} (${n(tally.throttledCalls)})`],
    [
      'revocations at the network; days to disconnection (median, max)',
      `${n(observer.flaggedAfterDays.length + observer.revokedPending)}; ${flagged[Math.floor(flagged.length / 2)] ?? '–'}, ${flagged.at(-1) ?? '–'}`,
    ],
    ['disconnections by reason', [...reasons].map(([reason, k]) => `${reason} ${n(k)}`).join(', ') || 'none'],
    ['reconnections through the flow (gave up)', `${n(tally.reconnects.ok)} (${n(tally.reconnects.failed)})`],
    ['kill -9 of a worker (mid-sweep)', options.workers > 0 ? `${n(tally.kills.length)} (${n(tally.kills.filter((k) => k.midSweep).length)})` : 'none: one process (PGlite)'],
    ['database restarts (mid-sweep)', options.workers > 0 ? `${n(tally.dbRestarts.length)} (${n(tally.dbRestarts.filter((r) => r.midSweep).length)})` : 'none: embedded database'],
    ['job runs, of which failed or killed', `${n(tally.jobRuns)}, ${n(tally.jobFailures)}`],
    ['emails, in-app notices, webhooks', `${n(await count('emails'))}, ${n(await count('notifications'))}, ${n(await count('webhook_deliveries'))}`],
    ['webhooks received more than once (at-least-once delivery), bad signatures', `${n(duplicates)}, ${n(env.sink.badSignatures)}`],
    ['worker processes that died on their own', n(workers.unexpectedExits)],
    ['wall time', `${(seconds / 60).toFixed(1)} min`],
  ];
}
