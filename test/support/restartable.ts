/**
 * For crash tests: one database (PGlite on disk, or PostgreSQL) and one sandbox that outlive the
 * systems opened on them, so a test can close a process mid-story and open the next one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type StartedSandbox, startSandbox } from '../../sandbox/index.ts';
import { ManualClock } from '../../src/kernel/clock.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem, demoOriginMap, type System } from '../../src/system.ts';
import { API_KEY, PUBLIC_URL } from './context.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface Restartable {
  clock: ManualClock;
  sandbox: StartedSandbox;
  config: Config;
  /** A new process's system on the same database (no sandbox of its own, silent logs). */
  open(): Promise<System>;
  /** The creator's side of the Instagram connect flow on `system`, for a new business account; returns the connection id. */
  connectInstagram(system: System, username: string, account?: { mediaCount?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function createRestartable(options: { now: string; env?: Record<string, string> }): Promise<Restartable> {
  const clock = new ManualClock(options.now);
  const sandbox = await startSandbox({ clock, port: 0 });
  const database: TestDatabase = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-restart-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL,
    DATA_DIR: dataDir,
    ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    BOOTSTRAP_API_KEY: API_KEY,
    PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(sandbox.url)),
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  return {
    clock,
    sandbox,
    config,
    open: () => createSystem(config, { clock, startSandbox: false, logger: createLogger('silent'), poolSize: 4 }),
    async connectInstagram(system, username, account = {}) {
      sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS', ...account });
      const session = await system.app.inject({
        method: 'POST',
        url: '/v1/connect-sessions',
        headers: { authorization: `Bearer ${API_KEY}` },
        payload: { creator: { id: username, email: `${username}@example.com` }, provider: 'instagram', returnUrl: 'https://p.example/' },
      });
      const opened = await system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
      const authorize = new URL(opened.headers.location as string);
      const form = new URLSearchParams(authorize.searchParams);
      form.set('account', username);
      for (const scope of (authorize.searchParams.get('scope') ?? '').split(',')) form.append('granted', scope);
      const decision = await sandbox.app.inject({
        method: 'POST',
        url: authorize.pathname,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      const back = new URL(decision.headers.location as string);
      const done = await system.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
      if (done.statusCode !== 302) throw new Error(`the callback answered ${done.statusCode}: ${done.body}`);
      return new URL(done.headers.location as string).searchParams.get('connection')!;
    },
    async close() {
      await sandbox.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
