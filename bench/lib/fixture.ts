/**
 * The sweep benchmark's fixture: the provider sandbox (startSandbox({ clock, port: 0 }) with a ManualClock
 * set to the benchmark's "now") and the seeding of both sides: sandbox accounts with backdated long-lived
 * tokens (world.instagram.seedConnections) and the matching rows in the database.
 *
 * By default the fixture lives in a process of its own (bench/fixture-server.ts), so the measured process
 * holds nothing but the service: no fake-Instagram state for N accounts, no seeding garbage in its RSS, no
 * sandbox request handling on its event loop (a real provider is not in the service's process either), and
 * on PGlite it opens an existing, seeded DATA_DIR the way a restarted service does. Its ManualClock is set
 * to the same instant as the system's and neither moves during a run, so they agree throughout.
 * BENCH_SANDBOX=inprocess keeps everything in the measured process, sharing one ManualClock object.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { type StartedSandbox, startSandbox } from '../../sandbox/index.ts';
import { DAY, ManualClock } from '../../src/kernel/clock.ts';
import { benchDir, progress } from './child.ts';
import type { DatabaseLocation } from './database.ts';
import { type MixedSeedResult, seedMixed } from './mixed-seed.ts';
import type { PopulationOptions } from './population.ts';
import { type SeedAccount, seedConnections, seedWorkspace } from './seed.ts';
import { createBenchSystem } from './system.ts';

export interface SeedRequest {
  database: DatabaseLocation;
  encryptionKeys: string;
  n: number;
  due: number;
  /** How many due tokens to hand back for the provider-only baseline. */
  baselineSample: number;
}

export interface SeedResult {
  sandboxSeconds: number;
  databaseSeconds: number;
  baselineTokens: string[];
}

/** A mixed population (bench/lib/population.ts) for the mixed-sweep benchmark. */
export interface MixedSeedRequest {
  database: DatabaseLocation;
  encryptionKeys: string;
  population: PopulationOptions;
}

export interface RefreshCallStats {
  /** world.calls.count('refresh_access_token') */
  total: number;
  /** Distinct IG accounts that saw a refresh call, and how many of them exactly one. */
  accounts: number;
  accountsCalledOnce: number;
}

export interface Fixture {
  url: string;
  where: 'separate process' | 'in process';
  seed(request: SeedRequest): Promise<SeedResult>;
  seedMixed(request: MixedSeedRequest): Promise<MixedSeedResult>;
  refreshCalls(): Promise<RefreshCallStats>;
  clearCalls(): Promise<void>;
  close(): Promise<void>;
}

/** The work itself, wherever it runs. Due connections: token issued 51 days ago; the rest: 10 days ago. */
export function fixtureOps(sandbox: StartedSandbox, clock: ManualClock) {
  return {
    async seed(request: SeedRequest): Promise<SeedResult> {
      const now = clock.now();
      const label = `${request.database.kind} N=${request.n}`;
      let started = performance.now();
      const dueIssued = new Date(now.getTime() - 51 * DAY);
      const laterIssued = new Date(now.getTime() - 10 * DAY);
      const due = sandbox.world.instagram.seedConnections(request.due, { issuedAt: dueIssued, prefix: 'due' });
      const later = sandbox.world.instagram.seedConnections(request.n - request.due, { issuedAt: laterIssued, prefix: 'later' });
      const sandboxSeconds = (performance.now() - started) / 1000;

      // Due rows spread evenly through the table, as they would be in production.
      const accounts: SeedAccount[] = [];
      let d = 0;
      let l = 0;
      for (let i = 0; i < request.n; i++) {
        const isDue = Math.floor(((i + 1) * request.due) / request.n) > Math.floor((i * request.due) / request.n);
        const seeded = isDue ? due[d++] : later[l++];
        if (!seeded) throw new Error('seeding mismatch');
        accounts.push({
          accountId: seeded.userId,
          username: seeded.username,
          accessToken: seeded.accessToken,
          issuedAt: isDue ? dueIssued : laterIssued,
          expiresAt: seeded.expiresAt,
        });
      }
      started = performance.now();
      const system = await createBenchSystem({ database: request.database, clock, encryptionKeys: request.encryptionKeys, logLevel: 'warn' });
      try {
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
      } finally {
        await system.close();
      }
      const databaseSeconds = (performance.now() - started) / 1000;
      progress(`${label}: seeded ${request.n} connections (${request.due} due) in ${databaseSeconds.toFixed(1)} s (sandbox ${sandboxSeconds.toFixed(1)} s)`);
      return { sandboxSeconds, databaseSeconds, baselineTokens: due.slice(0, request.baselineSample).map((c) => c.accessToken) };
    },
    async seedMixed(request: MixedSeedRequest): Promise<MixedSeedResult> {
      const label = `${request.database.kind} mixed N=${request.population.n}`;
      const system = await createBenchSystem({ database: request.database, clock, encryptionKeys: request.encryptionKeys, logLevel: 'warn' });
      try {
        let lastReport = performance.now();
        const result = await seedMixed(sandbox, clock, system.deps, request.population, (done) => {
          if (performance.now() - lastReport > 5000) {
            lastReport = performance.now();
            progress(`${label}: seeded ${done} rows`);
          }
        });
        progress(`${label}: seeded in ${result.databaseSeconds.toFixed(1)} s (sandbox ${result.sandboxSeconds.toFixed(1)} s)`);
        return result;
      } finally {
        await system.close();
      }
    },
    refreshCalls(): RefreshCallStats {
      const byAccount = Object.values(sandbox.world.calls.snapshot('refresh_access_token').byAccount.refresh_access_token ?? {});
      return { total: sandbox.world.calls.count('refresh_access_token'), accounts: byAccount.length, accountsCalledOnce: byAccount.filter((n) => n === 1).length };
    },
    clearCalls(): void {
      sandbox.world.calls.clear();
    },
  };
}

export type FixtureRequest =
  | { id: number; op: 'seed'; request: SeedRequest }
  | { id: number; op: 'seedMixed'; request: MixedSeedRequest }
  | { id: number; op: 'refreshCalls' }
  | { id: number; op: 'clearCalls' }
  | { id: number; op: 'close' };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export type FixtureReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export async function createFixture(now: Date, placement: 'process' | 'inprocess', sharedClock?: ManualClock): Promise<Fixture> {
  if (placement === 'inprocess') {
    const clock = sharedClock ?? new ManualClock(now);
    const sandbox = await startSandbox({ clock, port: 0 });
    const ops = fixtureOps(sandbox, clock);
    return {
      url: sandbox.url,
      where: 'in process',
      seed: (request) => ops.seed(request),
      seedMixed: (request) => ops.seedMixed(request),
      refreshCalls: async () => ops.refreshCalls(),
      clearCalls: async () => ops.clearCalls(),
      close: () => sandbox.close(),
    };
  }
  const child = fork(path.join(benchDir, 'fixture-server.ts'), [now.toISOString()], {
    execPath: process.execPath,
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let exited = false;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { ready?: string }) => (message.ready ? resolve(message.ready) : reject(new Error('fixture did not start'))));
    child.once('exit', (code) => reject(new Error(`fixture process exited with ${code}`)));
  });
  child.on('message', (message: FixtureReply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(message.error));
  });
  child.on('exit', () => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error('fixture process exited'));
    pending.clear();
  });
  const call = <T>(request: WithoutId<FixtureRequest>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error('fixture process exited'));
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });
  return {
    url,
    where: 'separate process',
    seed: (request) => call<SeedResult>({ op: 'seed', request }),
    seedMixed: (request) => call<MixedSeedResult>({ op: 'seedMixed', request }),
    refreshCalls: () => call<RefreshCallStats>({ op: 'refreshCalls' }),
    clearCalls: () => call<void>({ op: 'clearCalls' }),
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call<void>({ op: 'close' }).catch(() => undefined);
      await gone;
    },
  };
}
