/**
 * The hand-out's cache is never stale once told: while another process refreshes, disconnects, erases,
 * reconnects and rotates keys, this process hammers POST /v1/connections/:id/access-token, and every
 * answer is checked against the database's history of that connection. A hand-out that began after this
 * process received the notice of the k-th change must answer what the connection held after change k
 * (or later): never anything from before.
 *
 * PostgreSQL only: on PGlite one process holds the data directory, so no other process can write; the
 * in-process notices are proven in handout-cache.integration.test.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type SeedAccount, seedConnections, seedWorkspace } from '../../bench/lib/seed.ts';
import { CONNECTION_CHANGES } from '../../src/connections/index.ts';
import { DAY, ManualClock } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { generateKeySpec } from '../../src/platform/crypto/key-ring.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem, type System } from '../../src/system.ts';
import { API_KEY, PUBLIC_URL } from '../support/context.ts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database.ts';

const root = path.resolve(import.meta.dirname, '../..');
const NOW = '2026-04-01T10:00:00Z';
const CONNECTIONS = 3;
const STEPS = 100;

interface Change {
  id: string;
  kind: string;
  answer: string | null;
  notifies: boolean;
}
interface Handout {
  id: string;
  startedAt: number;
  answer: string | null;
}

let system: System | undefined;
let database: TestDatabase | undefined;
let child: ChildProcess | undefined;
afterAll(async () => {
  child?.kill('SIGKILL');
  await system?.close();
  await database?.drop();
});

function startWriter(env: Record<string, string>, onChange: (change: Change) => void): Promise<void> {
  const writer = spawn(path.join(root, 'node_modules/.bin/node'), ['test/support/handout-writer-process.ts'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  child = writer;
  let buffered = '';
  let errors = '';
  writer.stderr?.on('data', (chunk) => (errors += chunk));
  return new Promise((resolve, reject) => {
    writer.stdout?.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const parsed = JSON.parse(line) as Change | { done: true };
        if ('done' in parsed) resolve();
        else onChange(parsed);
      }
    });
    writer.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the writer exited with ${code}: ${errors}`))));
  });
}

describe.skipIf(!postgresAdminUrl)('hand-out freshness across processes (PostgreSQL)', () => {
  it('a token refreshed, rotated, disconnected or erased in another process is never handed out once its commit has been notified', async () => {
    database = await createTestDatabase();
    const keys = `${generateKeySpec('k1')},${generateKeySpec('k2')}`;
    const env = {
      NODE_ENV: 'test',
      PUBLIC_URL,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ck-fresh-')),
      ENCRYPTION_KEYS: keys,
      BOOTSTRAP_API_KEY: API_KEY,
      DATABASE_URL: database.url as string,
      LOG_LEVEL: 'silent',
      // Thousands of hand-outs a second with one key: the inbound limit is not what this test is about.
      API_RATE_LIMIT: '0',
    };
    const clock = new ManualClock(NOW);
    system = await createSystem(loadConfig(env), { clock, startSandbox: false, logger: createLogger('silent'), poolSize: 4 });
    const now = clock.now();
    const accounts: SeedAccount[] = Array.from({ length: CONNECTIONS }, (_, i) => ({
      accountId: `1784${i}`,
      username: `fresh.${i}`,
      accessToken: `IGAA${crypto.randomBytes(24).toString('base64url')}`,
      issuedAt: new Date(now.getTime() - DAY),
      expiresAt: new Date(now.getTime() + 59 * DAY),
    }));
    const ids = await seedConnections(system.deps, await seedWorkspace(system.deps, API_KEY), accounts);

    // When this process was told of each change, in its own clock (after the cache has forgotten the row: it subscribed first).
    const notices = new Map<string, number[]>(ids.map((id) => [id, []]));
    // The seeding's own notices have been told back first (one round trip on the listening connection).
    await vi.waitFor(() => expect(system?.storage.changes.fresh()).toBe(true), { timeout: 5_000, interval: 5 });
    await system.storage.changes.subscribe(CONNECTION_CHANGES, (id) => notices.get(id)?.push(performance.now()));
    const history = new Map<string, Change[]>(ids.map((id, i) => [id, [{ id, kind: 'seeded', answer: accounts[i]!.accessToken, notifies: true }]]));
    const handouts: Handout[] = [];
    const unexpected: string[] = [];

    let writing = true;
    const writer = startWriter(
      { ...env, CK_TEST_NOW: NOW, CK_CONNECTIONS: ids.join(','), CK_TOKENS: accounts.map((a) => a.accessToken).join(','), CK_STEPS: String(STEPS), CK_PAUSE_MS: '10' },
      (change) => history.get(change.id)?.push(change),
    ).finally(() => (writing = false));
    const app = system.app;
    const hammer = async (lane: number) => {
      for (let n = lane; writing; n++) {
        const id = ids[n % ids.length]!;
        const startedAt = performance.now();
        const res = await app.inject({ method: 'POST', url: `/v1/connections/${id}/access-token`, headers: { authorization: `Bearer ${API_KEY}` } });
        if (res.statusCode === 200) handouts.push({ id, startedAt, answer: res.json().accessToken });
        else if (res.statusCode === 409 && res.json().error.code === 'reconnect_required') handouts.push({ id, startedAt, answer: null });
        else unexpected.push(`${res.statusCode} ${res.body}`);
        // A hand-out from memory never waits on I/O: let the writer's lines and the notices in.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all([writer, hammer(0), hammer(1), hammer(2), hammer(3)]);
    // The last commits' notices: on their way for a moment more.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(unexpected).toEqual([]);
    let checked = 0;
    let justAfterNotice = 0;
    for (const id of ids) {
      // The states the connection went through: the seeded one, then one per change that notifies (in commit order).
      const states = history.get(id)!.filter((change) => change.notifies);
      const told = notices.get(id)!;
      // Each change is one transaction, and PostgreSQL sends one notice per payload per transaction: one each.
      expect(told.length, `notices for ${id}`).toBe(states.length - 1);
      for (const handout of handouts.filter((h) => h.id === id)) {
        const toldBefore = told.filter((at) => at < handout.startedAt).length;
        const held = states.map((state, index) => (state.answer === handout.answer ? index : -1)).filter((index) => index >= 0);
        expect(held.length, `an answer ${id} never held`).toBeGreaterThan(0);
        // The answer was held at some state at or after the last change this process had been told of.
        expect(Math.max(...held), `a hand-out of ${id} after notice ${toldBefore} answered state ${held.join('/')}`).toBeGreaterThanOrEqual(toldBefore);
        if (toldBefore > 0 && handout.startedAt - told[toldBefore - 1]! < 2) justAfterNotice++;
        checked++;
      }
    }
    const counts = system.deps.handoutRows.counts;
    // Not vacuous: thousands of hand-outs, most from memory, many within 2 ms of a change being told.
    expect(checked).toBeGreaterThan(1_000);
    expect(counts.hits).toBeGreaterThan(checked / 2);
    expect(justAfterNotice).toBeGreaterThan(10);
    expect(history.get(ids[0]!)!.map((change) => change.kind)).toEqual(expect.arrayContaining(['refresh', 'rotate', 'disconnect', 'reconnect', 'erase']));
  }, 60_000);
});
