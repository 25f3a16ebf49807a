/**
 * A sync is committed with the connection, so a crash before any worker ran loses nothing: the next
 * process on the same database runs it, once. And the queue's worker runs a new sync by itself,
 * woken after the OAuth callback's commit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startSandbox, type StartedSandbox } from '../../sandbox/index.ts';
import { runMediaSyncs } from '../../src/app/media-sync.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { startWorkers } from '../../src/jobs/workers.ts';
import { createLogger } from '../../src/logger.ts';
import { createSystem, demoOriginMap, type System } from '../../src/system.ts';
import { API_KEY, PUBLIC_URL } from '../support/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const clock = new ManualClock('2026-04-01T10:00:00Z');
let sandbox: StartedSandbox;
let database: TestDatabase;
let dataDir: string;
let config: Config;

beforeAll(async () => {
  sandbox = await startSandbox({ clock, port: 0 });
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-media-crash-'));
  config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL,
    DATA_DIR: dataDir,
    ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    BOOTSTRAP_API_KEY: API_KEY,
    PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(sandbox.url)),
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
});
afterAll(async () => {
  await sandbox.close();
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const open = () => createSystem(config, { clock, startSandbox: false, logger: createLogger('silent'), poolSize: 4 });
const api = (system: System, method: 'GET' | 'POST', url: string, payload?: object) =>
  system.app.inject({ method, url, headers: { authorization: `Bearer ${API_KEY}` }, ...(payload ? { payload } : {}) });

/** The creator's side of the connect flow, on one system; returns the connection id. */
async function connect(system: System, username: string): Promise<string> {
  sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS', mediaCount: 7 });
  const session = await api(system, 'POST', '/v1/connect-sessions', { creator: { id: username, email: `${username}@example.com` }, provider: 'instagram', returnUrl: 'https://p.example/' });
  const opened = await system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
  const authorize = new URL(opened.headers.location as string);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account', username);
  for (const scope of (authorize.searchParams.get('scope') ?? '').split(',')) form.append('granted', scope);
  const decision = await sandbox.app.inject({ method: 'POST', url: authorize.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
  const back = new URL(decision.headers.location as string);
  const done = await system.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  expect(done.statusCode).toBe(302);
  return new URL(done.headers.location as string).searchParams.get('connection')!;
}

it('a sync committed with the connection just before a crash is run once by the next process', async () => {
  const first = await open();
  const id = await connect(first, 'crash.media');
  // The process goes away before any worker ran: nothing was read from the network.
  await first.close();
  expect(sandbox.world.calls.count('media')).toBe(0);

  const second = await open();
  try {
    expect(await runMediaSyncs(second.deps)).toMatchObject({ claimed: 1, done: 1 });
    expect(await runMediaSyncs(second.deps)).toMatchObject({ claimed: 0 });
    expect(sandbox.world.calls.count('media')).toBe(1);
    const media = (await api(second, 'GET', `/v1/connections/${id}/media`)).json();
    expect(media.data).toHaveLength(7);
    expect((await api(second, 'GET', `/v1/connections/${id}`)).json().mediaSync).toMatchObject({ status: 'done', itemsSeen: 7 });
  } finally {
    await second.close();
  }
});

it('the queue worker runs a new sync by itself, woken after the OAuth callback commits', async () => {
  const system = await open();
  const workers = await startWorkers(system);
  try {
    const id = await connect(system, 'queued.media');
    await vi.waitFor(async () => expect((await api(system, 'GET', `/v1/connections/${id}`)).json().mediaSync).toMatchObject({ status: 'done', itemsSeen: 7 }), {
      timeout: 20_000,
      interval: 200,
    });
  } finally {
    await workers.stop();
    await system.close();
  }
});
