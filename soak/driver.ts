/**
 * The soak's driver: it owns simulated time and walks it a day at a time. Each day, at 01:00 the
 * creators act (reconnect after a disconnection, connect for the first time, revoke our app at the
 * network), then at the instants of the service's schedule the driver moves every clock and runs that
 * instant's jobs across the workers (the daily refresh with the expiry watch, verification, the retry
 * sweeps, the outboxes and media syncs), while the chaos of the day strikes mid-sweep. At the end of each
 * day it reads what happened from the database and the sandbox (see Observer).
 *
 * Longer than a usual module: the schedule, the chaos that strikes inside a step and the creators' side of
 * a day are one story, told in order.
 */
import { sql } from 'kysely';
import { kitOf } from '../bench/lib/kits.ts';
import { providerSequence } from '../bench/lib/population.ts';
import { LEASE_SECONDS } from '../src/connections/refresh-connection.ts';
import { DAY, HOUR, MINUTE } from '../src/kernel/clock.ts';
import { type ChaosSettings, type DayChaos, planDay, rateFaults } from './chaos.ts';
import { type Environment, SOAK_API_KEY } from './environment.ts';
import type { JobRunner } from './job-runner.ts';
import { revokeAtNetwork } from './network-truth.ts';
import { Observer } from './observer.ts';
import { connectThroughFlow, createNetworkAccount, type SoakAccount } from './population.ts';
import type { SoakJob } from './protocol.ts';
import type { RunOutcome, Workers } from './worker-pool.ts';

/** The tables whose rows are claimed under a lease on the database clock. */
const allLeased = ['connections', 'webhook_deliveries', 'media_syncs', 'emails'] as const;
type LeasedTable = (typeof allLeased)[number];

/** The service's schedule in one day, as instants after midnight UTC and the jobs due then. */
const DAY_STEPS: { at: number; jobs: SoakJob[]; chaos?: true }[] = [
  // REFRESH_CRON (02:00) with the hourly verification and the five-minute retries falling at the same time.
  { at: 2 * HOUR, jobs: ['refresh-daily', 'verify-connections', 'refresh-retries'], chaos: true },
  // Retries come due 1, 5, 30 minutes, 2 and 6 hours after a failure (token-policy.ts retryDelayMs).
  { at: 2 * HOUR + 2 * MINUTE, jobs: ['refresh-retries', 'deliver-emails', 'deliver-webhooks', 'sync-media'] },
  { at: 2 * HOUR + 8 * MINUTE, jobs: ['refresh-retries'] },
  { at: 2 * HOUR + 40 * MINUTE, jobs: ['refresh-retries', 'deliver-emails', 'deliver-webhooks', 'sync-media'] },
  { at: 5 * HOUR, jobs: ['refresh-retries', 'deliver-webhooks'] },
  { at: 11 * HOUR, jobs: ['refresh-retries', 'deliver-emails', 'deliver-webhooks', 'sync-media'] },
  { at: 23 * HOUR, jobs: ['refresh-retries', 'deliver-emails', 'deliver-webhooks'] },
];

export interface DriverOptions {
  startMs: number;
  days: number;
  chaos: ChaosSettings;
  random: () => number;
  progress: (line: string) => void;
}

export interface ChaosTally {
  kills: { day: number; job: string; midSweep: boolean }[];
  dbRestarts: { day: number; midSweep: boolean }[];
  /** Refreshes whose answer was lost after the network rotated the token. */
  lostAnswers: number;
  /** Days a network answered a burst of calls with its rate-limit error, and how many calls. */
  throttleBursts: number;
  throttledCalls: number;
  jobRuns: number;
  jobFailures: number;
  /** Real time spent per job, to see where a run's half hour goes. */
  jobSeconds: Partial<Record<SoakJob, { runs: number; seconds: number }>>;
  /** Provider calls of the days of chaos (before the calm last day), and how many a fault answered. */
  yearCalls: { calls: number; faulted: number };
  /** Real time per part of a day (moving the clocks, the creators' side, each instant's step, the day's observation). */
  phaseSeconds: Record<string, number>;
  reconnects: { ok: number; failed: number };
  newConnections: { ok: number; failed: number };
}

export class Driver {
  readonly tally: ChaosTally = {
    kills: [],
    dbRestarts: [],
    lostAnswers: 0,
    throttleBursts: 0,
    throttledCalls: 0,
    jobRuns: 0,
    jobFailures: 0,
    jobSeconds: {},
    phaseSeconds: {},
    yearCalls: { calls: 0, faulted: 0 },
    reconnects: { ok: 0, failed: 0 },
    newConnections: { ok: 0, failed: 0 },
  };
  readonly observer: Observer;
  readonly #env: Environment;
  readonly #workers: Workers;
  readonly #runner: JobRunner;
  readonly #options: DriverOptions;
  readonly #accounts: SoakAccount[];
  #lane = 0;
  #killTarget: SoakJob = 'refresh-daily';
  readonly #armed = { lostAnswers: 0, throttles: 0 };
  #lastInstant = 0;

  constructor(env: Environment, workers: Workers, runner: JobRunner, accounts: SoakAccount[], options: DriverOptions) {
    this.#env = env;
    this.#workers = workers;
    this.#runner = runner;
    this.#accounts = accounts;
    this.#options = options;
    this.observer = new Observer(env, accounts, options);
    this.#armRates();
  }

  async runDay(day: number): Promise<void> {
    const { startMs, days, chaos, random } = this.#options;
    const midnight = startMs + day * DAY;
    const plan = planDay(day, days, chaos, random);
    await this.#timed('clock', () => this.#at(midnight + HOUR, allLeased));
    await this.#timed('creators', () => this.#creatorsAct(day, plan));
    this.#armDay(plan);
    for (const step of DAY_STEPS) {
      await this.#timed('clock', () => this.#at(midnight + step.at));
      await this.#timed(`step ${step.at / MINUTE} min`, () => this.#step(step.jobs, step.chaos ? plan : undefined, day));
      if (step.chaos) this.#disarmDay();
    }
    await this.#timed('observe', () => this.observer.endOfDay(day));
  }

  async #timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const begun = performance.now();
    try {
      return await work();
    } finally {
      this.tally.phaseSeconds[phase] = (this.tally.phaseSeconds[phase] ?? 0) + (performance.now() - begun) / 1000;
    }
  }

  /**
   * A calm last day: no faults, the whole hourly verification (every live channel verified once), the
   * retry sweeps, and the outboxes drained, so the checks read a settled system.
   */
  async finish(): Promise<void> {
    const day = this.#options.days;
    const midnight = this.#options.startMs + day * DAY;
    const { calls, faults } = this.#env.sandbox.world;
    this.tally.yearCalls = { calls: calls.count(), faulted: faults.faultedCalls() };
    faults.clear();
    for (const step of DAY_STEPS) {
      await this.#at(midnight + step.at);
      await this.#step(step.jobs, undefined, day);
      if (step.chaos) await this.#verifyEveryone();
    }
    await this.#drainOutboxes();
    await this.observer.endOfDay(day);
  }

  /** Moves every clock to `ms`; see #lapseLeases for `leased` (the outboxes' and syncs' claims, rarely left behind, lapse once a day). */
  async #at(ms: number, leased: readonly LeasedTable[] = ['connections']): Promise<void> {
    this.#env.clock.set(new Date(ms));
    await this.#workers.setClock(ms);
    if (ms - this.#lastInstant >= LEASE_SECONDS * 1000) await this.#lapseLeases(leased);
    this.#lastInstant = ms;
  }

  /**
   * Leases are taken on the database clock (minutes of real time), and a simulated day passes in seconds.
   * At an instant a lease or more after the last one, nothing the driver started is still running (and in
   * direct mode nothing else runs), so a lease still held belongs to work that ended without giving it
   * back (a write that failed during a database restart): let it lapse, as those minutes would have.
   */
  async #lapseLeases(tables: readonly LeasedTable[]): Promise<void> {
    const { db } = this.#env.system.deps;
    if (this.#runner.mode === 'queue') {
      const active = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where state = 'active'`.execute(db);
      if (active.rows[0]!.n > 0) return;
    }
    for (const table of tables) {
      await sql`update ${sql.table(table)} set lease_expires_at = clock_timestamp() - interval '1 second' where lease_expires_at >= clock_timestamp()`.execute(db);
    }
  }

  /** Runs one instant's jobs at once, spread over the workers, with the day's kill or restart striking mid-sweep. */
  async #step(jobs: SoakJob[], plan: DayChaos | undefined, day: number): Promise<RunOutcome[]> {
    const callsBefore = this.#env.sandbox.world.calls.count();
    const lane = this.#lane++;
    const runs = jobs.map(async (job, i) => {
      const begun = performance.now();
      const outcome = await this.#runner.run(job, lane + i);
      const spent = (this.tally.jobSeconds[job] ??= { runs: 0, seconds: 0 });
      spent.runs++;
      spent.seconds += (performance.now() - begun) / 1000;
      return outcome;
    });
    const strikes: Promise<void>[] = [];
    if (plan?.kill) strikes.push(this.#killMidSweep(day, callsBefore));
    if (plan?.dbRestart) strikes.push(this.#restartDatabaseMidSweep(day, callsBefore));
    const outcomes = await Promise.all(runs);
    await Promise.all(strikes);
    this.tally.jobRuns += outcomes.length;
    this.tally.jobFailures += outcomes.filter((outcome) => !outcome.ok).length;
    return outcomes;
  }

  /** Waits until the sweep has made `calls` provider calls (or until `stillRunning` says it is over). */
  async #midSweep(callsBefore: number, stillRunning: () => boolean): Promise<boolean> {
    const calls = 2 + Math.floor(this.#options.random() * 30);
    while (this.#env.sandbox.world.calls.count() - callsBefore < calls) {
      if (!stillRunning()) return false;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return true;
  }

  /**
   * kill -9 of a worker in the middle of a sweep: the one running the daily refresh, or verification (the
   * two take turns as first choice, and whichever is still running when the moment comes is taken).
   */
  async #killMidSweep(day: number, callsBefore: number): Promise<void> {
    const workers = this.#workers;
    if (!workers.killAndReplace) return;
    const preferred = this.#killTarget;
    this.#killTarget = preferred === 'refresh-daily' ? 'verify-connections' : 'refresh-daily';
    const sweeps: SoakJob[] = [preferred, preferred === 'refresh-daily' ? 'verify-connections' : 'refresh-daily'];
    const holder = () => {
      for (const job of sweeps) {
        const index = Array.from({ length: workers.count }, (_, i) => i).find((i) => workers.running(i).includes(job));
        if (index !== undefined) return { index, job };
      }
      return undefined;
    };
    // In queue mode the driver cannot see which process fetched a job: any worker will do.
    const queued = this.#runner.mode === 'queue';
    const reached = await this.#midSweep(callsBefore, () => queued || holder() !== undefined);
    const held = queued ? undefined : holder();
    const target = held ?? { index: Math.floor(this.#options.random() * workers.count), job: preferred };
    const { deadInstanceId } = await workers.killAndReplace(target.index);
    this.tally.kills.push({ day, job: target.job, midSweep: queued ? reached : held !== undefined });
    await this.#expireLeasesOf(deadInstanceId);
  }

  /**
   * The dead process's claims are leases on the database clock (minutes of real time) that a simulated
   * day passes in seconds: let them lapse now, as the minutes would have in production.
   */
  async #expireLeasesOf(instanceId: string): Promise<void> {
    const { db } = this.#env.system.deps;
    for (const table of ['connections', 'webhook_deliveries', 'media_syncs'] as const) {
      await sql`update ${sql.table(table)} set lease_expires_at = clock_timestamp() - interval '1 second' where lease_owner = ${instanceId}`.execute(db);
    }
  }

  async #restartDatabaseMidSweep(day: number, callsBefore: number): Promise<void> {
    const proxy = this.#env.proxy;
    if (!proxy) return;
    const midSweep = await this.#midSweep(callsBefore, () => Array.from({ length: this.#workers.count }, (_, i) => this.#workers.running(i).length).some(Boolean));
    await proxy.outage(this.#options.chaos.dbRestartMs);
    this.tally.dbRestarts.push({ day, midSweep });
  }

  #armRates(): void {
    const faults = this.#env.sandbox.world.faults;
    faults.clear();
    for (const spec of rateFaults(this.#options.chaos)) faults.add(spec);
  }

  /** The day's one-off faults, armed just before the daily sweep and cleared after it. */
  #armDay(plan: DayChaos): void {
    const faults = this.#env.sandbox.world.faults;
    for (const endpoint of plan.lostAnswers) faults.add({ endpoint, fault: 'lost_answer', count: 1, delayMs: this.#options.chaos.hangMs });
    this.#armed.lostAnswers = plan.lostAnswers.length;
    this.#armed.throttles = 0;
    if (plan.throttle) {
      const burst = kitOf(plan.throttle).throttle;
      for (const endpoint of burst.endpoints) faults.add({ endpoint, ...burst.spec, count: this.#options.chaos.throttleBurstCalls });
      this.#armed.throttles = burst.endpoints.length * this.#options.chaos.throttleBurstCalls;
    }
  }

  /** Counts what of the day's faults the sweep ran into, then leaves only the rates armed. */
  #disarmDay(): void {
    const left = this.#env.sandbox.world.faults.list();
    this.tally.lostAnswers += this.#armed.lostAnswers - left.filter((f) => f.fault === 'lost_answer').length;
    const throttled = this.#armed.throttles - left.filter((f) => f.fault === 'throttle').reduce((sum, f) => sum + f.remaining, 0);
    this.tally.throttledCalls += throttled;
    if (throttled > 0) this.tally.throttleBursts++;
    this.#armRates();
  }

  async #creatorsAct(day: number, plan: DayChaos): Promise<void> {
    const { system, sandbox } = this.#env;
    for (const account of this.observer.reconnectsDue(day)) {
      const id = await connectThroughFlow(system, sandbox, SOAK_API_KEY, account);
      this.tally.reconnects[id ? 'ok' : 'failed']++;
      if (id) this.observer.connected(account, id);
    }
    for (let i = 0; i < plan.newConnections; i++) {
      const index = this.#accounts.length;
      const provider = providerSequence(index + 1)[index]!;
      const account = createNetworkAccount(sandbox, provider, index);
      this.#accounts.push(account);
      const id = await connectThroughFlow(system, sandbox, SOAK_API_KEY, account);
      this.tally.newConnections[id ? 'ok' : 'failed']++;
      if (id) this.observer.connected(account, id);
    }
    await this.#revoke(day, plan.revocations);
  }

  async #revoke(day: number, count: number): Promise<void> {
    if (count === 0) return;
    const live = await this.#env.system.deps.db.selectFrom('connections').select('id').where('status', '<>', 'disconnected').orderBy(sql`random()`).limit(count).execute();
    for (const { id } of live) {
      const account = this.observer.accountOf(id);
      if (!account || this.observer.isRevoked(account)) continue;
      revokeAtNetwork(this.#env.sandbox, account);
      this.observer.revoked(account, day);
    }
  }

  /** The hourly verification of a calm day, run until every live channel has been verified within 24 hours. */
  async #verifyEveryone(): Promise<void> {
    for (let run = 0; run < 50; run++) {
      const [outcome] = await this.#step(['verify-connections'], undefined, this.#options.days);
      const checked = outcome?.ok ? (outcome.result as { checked?: number } | undefined)?.checked : undefined;
      this.#options.progress(`final verification run ${run + 1}: ${checked ?? (outcome?.ok ? '?' : outcome?.error)} checked`);
      if (checked === 0) return;
    }
  }

  /** Delivers every pending email and webhook, five simulated minutes at a time (so leases left behind lapse). */
  async #drainOutboxes(): Promise<void> {
    const { db } = this.#env.system.deps;
    for (let round = 0; round < 200; round++) {
      const pending = await sql<{ n: number }>`select
        (select count(*) from emails where status = 'pending')::int + (select count(*) from webhook_deliveries where status = 'pending')::int as n`.execute(db);
      if (pending.rows[0]!.n === 0) return;
      await this.#at(this.#env.clock.now().getTime() + 5 * MINUTE, allLeased);
      await this.#step(['deliver-emails', 'deliver-webhooks'], undefined, this.#options.days);
    }
  }
}
