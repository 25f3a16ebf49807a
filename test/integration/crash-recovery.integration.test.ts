/**
 * A worker killed mid-sweep does not hold the next sweep back. pg-boss keeps a dead process's job
 * `active`, and each queue's `singleton` policy held every later run behind it until the job expired
 * (15 minutes: 861 due connections waited). Now jobs send heartbeats, and the supervisor of any live
 * process fails a job whose heartbeat stopped, so the restarted worker's catch-up sweep runs within
 * a minute. Two real processes on PostgreSQL (PGlite is one process: its data directory takes one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY } from '../../src/kernel/clock.ts';
import { demoOriginMap } from '../../src/system.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { postgresAdminUrl } from '../support/database.ts';
import { TEST_ENCRYPTION_KEYS, waitFor } from '../support/rotating-networks.ts';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestContext | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await t?.close();
  t = undefined;
});

/** A worker process on the test's database, sandbox and clock, taking a dead process's jobs over after 10 s of silence. */
function startWorker(t: TestContext): { child: ChildProcess; output: () => string } {
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['test/support/worker-process.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: t.system.config.databaseUrl as string,
      ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(t.sandbox.url)),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ck-worker-')),
      LOG_LEVEL: 'warn',
      CK_TEST_NOW: t.clock.now().toISOString(),
      CK_HEARTBEAT_SECONDS: '10',
      CK_SUPERVISE_SECONDS: '2',
    },
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  child.stderr?.on('data', (chunk) => (out += chunk));
  return { child, output: () => out };
}

const refreshJobs = (t: TestContext, state: string) =>
  sql<{ id: string }>`select id from pgboss.job where name = 'refresh-daily' and state = ${state}`.execute(t.system.deps.db).then((result) => result.rows);

describe.skipIf(!postgresAdminUrl)('crash recovery (PostgreSQL only: two processes on one database)', () => {
  it('after kill -9 of a worker mid-sweep, the restarted worker’s catch-up sweep runs within a minute', async () => {
    t = await createTestContext({ now: '2026-02-01T02:00:00Z' });
    const res = await t.connect({ creator: { id: 'crash.creator', email: 'crash@example.com' }, returnUrl: 'https://platform.example/back' });
    const id = new URL(res.headers.location as string).searchParams.get('connection')!;
    t.clock.advance(55 * DAY);
    // The first worker's refresh call hangs at the network: its sweep is under way when it dies.
    t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'timeout', delayMs: 120_000 });

    const first = startWorker(t);
    const current = t;
    await waitFor('the first worker to call the network', () => current.sandbox.world.calls.count('refresh_access_token') >= 1 || first.child.exitCode !== null, 60_000);
    expect(first.child.exitCode, first.output()).toBeNull();
    expect(await refreshJobs(t, 'active')).toHaveLength(1);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const killedAt = performance.now();
    // The dead worker's claim on the connection: lapsed, as it would be by the time anyone looks.
    await t.system.deps.db.updateTable('connections').set({ lease_expires_at: sql<Date>`clock_timestamp() - interval '1 second'` }).where('id', '=', id).execute();

    const second = startWorker(t);
    await waitFor(
      'the catch-up sweep to refresh the connection',
      async () => {
        if (second.child.exitCode !== null) throw new Error(`the second worker exited: ${second.output()}`);
        const row = await current.system.deps.db.selectFrom('connections').select(['token_issued_at', 'lease_owner']).where('id', '=', id).executeTakeFirstOrThrow();
        return row.token_issued_at?.getTime() === current.clock.now().getTime() && row.lease_owner === null;
      },
      60_000,
    );
    expect(performance.now() - killedAt).toBeLessThan(60_000);
    expect(t.sandbox.world.calls.count('refresh_access_token')).toBe(2);
    // The dead worker's job was failed by its silence, not left to expire.
    const [failed] = (
      await sql<{
        output: { value?: { message?: string } };
      }>`select output from pgboss.job where name = 'refresh-daily' and retry_count = 0 and output is not null order by created_on limit 1`.execute(t.system.deps.db)
    ).rows;
    expect(JSON.stringify(failed?.output)).toContain('heartbeat');
  }, 120_000);

  it('a live worker’s long sweep is never taken from it by another worker’s supervisor', async () => {
    t = await createTestContext({ now: '2026-02-01T02:00:00Z' });
    await t.connect({ creator: { id: 'slow.creator', email: 'slow@example.com' }, returnUrl: 'https://platform.example/back' });
    t.clock.advance(55 * DAY);
    // A refresh call that takes 25 s: two and a half heartbeat timeouts.
    t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'timeout', delayMs: 25_000 });
    const busy = startWorker(t);
    const current = t;
    await waitFor('the busy worker to call the network', () => current.sandbox.world.calls.count('refresh_access_token') >= 1, 60_000);
    const [running] = await refreshJobs(t, 'active');
    const other = startWorker(t);
    await waitFor('the other worker to start', () => other.output().includes('workers started'), 60_000);
    await waitFor('the slow call to end', async () => (await refreshJobs(current, 'active')).length === 0, 60_000);
    // The busy worker finished its own job: it was never failed for silence, and no other run was started meanwhile.
    const runs = (
      await sql<{ id: string; state: string; output: unknown }>`select id, state, output from pgboss.job where name = 'refresh-daily' order by created_on`.execute(t.system.deps.db)
    ).rows;
    expect(runs.find((run) => run.id === running?.id)?.state).toBe('completed');
    expect(JSON.stringify(runs.map((run) => run.output))).not.toContain('heartbeat');
    expect(t.sandbox.world.calls.count('refresh_access_token')).toBe(1);
    expect(busy.child.exitCode, busy.output()).toBeNull();
  }, 120_000);
});
