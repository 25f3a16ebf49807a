/**
 * While the database is unreachable the service says so instead of failing: every `/v1` call answers
 * 503 `database_unavailable` with Retry-After (it answered 500 `internal_error`), `/healthz` and
 * `/readyz` answer 503, and the workers stop polling and log the outage once, with one line when it
 * ends (a worker logged 393 error lines in a minute). The database goes away through a TCP proxy
 * the test cuts and restores.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { isConnectionFailure } from '../../src/platform/db/connection-failure.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { Queue } from '../../src/platform/queue.ts';
import { createSystem, type System } from '../../src/system.ts';
import { startWorkers } from '../../src/workers.ts';
import { API_KEY, PUBLIC_URL } from '../support/context.ts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database.ts';
import { createRestartable } from '../support/restartable.ts';
import { startTcpProxy, type TcpProxy, targetOf } from '../support/tcp-proxy.ts';

interface Outage {
  system: System;
  proxy: TcpProxy;
  /** Every log line, parsed. */
  logs: { level: number; msg: string }[];
  close(): Promise<void>;
}

const OUTAGE_LINE = 'the database is unreachable: background work is paused and the API answers 503 until it answers again (checking every 15 s at most)';

let outage: Outage | undefined;
afterEach(async () => {
  await outage?.close();
  outage = undefined;
});

function logSink(logs: Outage['logs']): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
}

/** A system whose only way to its PostgreSQL database is through the proxy. */
async function systemBehindProxy(): Promise<Outage> {
  const database: TestDatabase = await createTestDatabase();
  const proxy = await startTcpProxy(targetOf(database.url as string));
  const logs: Outage['logs'] = [];
  const sink = logSink(logs);
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL,
    ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    BOOTSTRAP_API_KEY: API_KEY,
    DATABASE_URL: proxy.url(database.url as string),
  });
  const system = await createSystem(config, { inMemory: true, startSandbox: false, logger: createLogger('info', sink), poolSize: 4, checkResponses: true });
  return {
    system,
    proxy,
    logs,
    async close() {
      await system.close();
      await proxy.close();
      await database.drop();
    },
  };
}

const call = (system: System, method: 'GET' | 'POST', url: string, payload?: object) =>
  system.app.inject({ method, url, headers: { authorization: `Bearer ${API_KEY}` }, ...(payload ? { payload } : {}) });

describe.skipIf(!postgresAdminUrl)('a database outage (PostgreSQL only: embedded PGlite runs inside the process, so it cannot become unreachable)', () => {
  it('every /v1 call answers 503 database_unavailable with Retry-After while the database is unreachable, and 200 once it is back', async () => {
    outage = await systemBehindProxy();
    const { system, proxy, logs } = outage;
    expect((await call(system, 'GET', '/v1/connections')).statusCode).toBe(200);

    proxy.cut();
    for (const [method, url, body] of [
      ['GET', '/v1/connections'],
      ['GET', '/v1/stats'],
      ['POST', '/v1/connect-sessions', { creator: { id: 'c1', email: 'c1@example.com' }, provider: 'instagram' }],
    ] as const) {
      const res = await call(system, method, url, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().error).toMatchObject({ code: 'database_unavailable', message: 'The database is not answering.' });
    }
    const health = await system.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.headers['retry-after']).toBe('5');
    const ready = await system.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.details.checks.database).toEqual({ ok: false, message: 'The database is not answering.' });
    expect(logs.filter((line) => line.msg === 'unhandled error')).toEqual([]);

    proxy.restore();
    await vi.waitFor(async () => expect((await call(system, 'GET', '/v1/connections')).statusCode).toBe(200), { timeout: 15_000, interval: 200 });
    expect((await system.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('the workers stop polling during an outage and log one line when it starts and one when it ends', async () => {
    outage = await systemBehindProxy();
    const { system, proxy, logs } = outage;
    const queue: Queue = await startWorkers(system);
    try {
      await vi.waitFor(async () => expect((await system.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200), { timeout: 15_000 });
      const before = logs.length;

      proxy.cut();
      await vi.waitFor(() => expect(queue.state()).toBe('paused'), { timeout: 10_000, interval: 50 });
      const refusedWhenPaused = proxy.refused;
      // Four seconds of outage: unpaused, a dozen queues polling every 2 s would fail some 25 times.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const attemptsWhilePaused = proxy.refused - refusedWhenPaused;
      proxy.restore();
      await vi.waitFor(() => expect(queue.state()).toBe('running'), { timeout: 20_000, interval: 50 });
      expect((await system.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);

      const during = logs.slice(before);
      expect(during.filter((line) => line.level >= 40).map((line) => line.msg)).toEqual([OUTAGE_LINE]);
      expect(during.filter((line) => line.msg === 'the database answers again: background work resumes')).toHaveLength(1);
      // The probe alone, with a growing delay (and pg-boss's own timers): far fewer than the polls.
      expect(attemptsWhilePaused).toBeLessThanOrEqual(10);
    } finally {
      await queue.stop();
    }
  });

  it('a refresh sweep that loses the database mid-way fails once, instead of logging every connection in flight', async () => {
    const world = await createRestartable({ now: '2026-03-01T10:00:00Z' });
    const databaseUrl = world.config.databaseUrl as string;
    const proxy = await startTcpProxy(targetOf(databaseUrl));
    const logs: Outage['logs'] = [];
    // Refresh calls wait at the network until the database is gone, then succeed: there is nowhere to store them.
    let releaseRefreshes!: () => void;
    const databaseGone = new Promise<void>((resolve) => (releaseRefreshes = resolve));
    let refreshCalls = 0;
    const heldFetch: typeof fetch = async (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('refresh_access_token')) {
        refreshCalls++;
        await databaseGone;
      }
      return fetch(input, init);
    };
    const system = await createSystem(
      { ...world.config, databaseUrl: proxy.url(databaseUrl) },
      { clock: world.clock, startSandbox: false, fetch: heldFetch, logger: createLogger('info', logSink(logs)), poolSize: 4 },
    );
    try {
      for (const name of ['ana', 'bea', 'cy', 'dee']) await world.connectInstagram(system, `outage.${name}`);
      world.clock.advance(55 * DAY);
      const sweep = runRefreshSweep(system.deps, { includeScheduled: true });
      await vi.waitFor(() => expect(refreshCalls).toBe(4), { timeout: 10_000, interval: 20 });
      proxy.cut();
      releaseRefreshes();
      const failure = await sweep.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isConnectionFailure(failure), String(failure)).toBe(true);
      // Nothing per connection: at most the outage itself, once (the pool's idle connections died with it).
      expect(logs.filter((line) => line.level >= 40 && line.msg !== OUTAGE_LINE).map((line) => line.msg)).toEqual([]);
    } finally {
      releaseRefreshes();
      proxy.restore();
      await system.close();
      await proxy.close();
      await world.close();
    }
  });
});
