/**
 * API keys across processes and restarts: a revocation refused by another process on the same database
 * once it has been notified (at once with API_KEY_CACHE_SIZE=0), and BOOTSTRAP_API_KEY changed between starts adding a key to the same workspace.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import { sha256 } from '../../src/platform/crypto/hash.ts';
import { migrate, openStorage } from '../../src/platform/db/db.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { API_KEY_CHANGES } from '../../src/platform/workspaces.repo.ts';
import { buildApiApp } from '../../src/routes.ts';
import { createSystem, type System } from '../../src/system.ts';
import { ensureBootstrapKey } from '../../src/workspaces/index.ts';
import { API_KEY } from '../support/context.ts';
import { createTestDatabase } from '../support/database.ts';
import { createRestartable, type Restartable } from '../support/restartable.ts';

const NEW_BOOTSTRAP_KEY = 'ck_rotated_bootstrap_key_0123456789';
let world: Restartable;

beforeAll(async () => {
  world = await createRestartable({ now: '2026-04-01T10:00:00Z' });
});
afterAll(() => world.close());

const call = (app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, key: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

/**
 * Two processes on one database. On PostgreSQL, two systems, each with its own pool, change listener and
 * cache of keys. PGlite is one session inside one process, so there the second "process" is a second app,
 * with its own authenticator, over the first one's system.
 */
async function twoProcesses(config: Config = world.config): Promise<{ a: FastifyInstance; b: FastifyInstance; bTold: string[]; close(): Promise<void> }> {
  const open = () => createSystem(config, { clock: world.clock, startSandbox: false, logger: createLogger('silent'), poolSize: 4 });
  const first = await open();
  const second = first.storage.kind === 'postgres' ? await open() : undefined;
  // The key hashes whose changes the second process has been told of (PGlite's notices arrive with the commit).
  const bTold: string[] = [];
  await (second ?? first).storage.changes.subscribe(API_KEY_CHANGES, (hash) => bTold.push(hash));
  if (second) return { a: first.app, b: second.app, bTold, close: async () => void (await Promise.all([first.close(), second.close()])) };
  const app = await buildApiApp(first.deps, { databaseKind: first.storage.kind });
  return {
    a: first.app,
    b: app,
    bTold,
    async close() {
      await app.close();
      await first.close();
    },
  };
}

describe('revoke effective across two processes', () => {
  it('a key revoked in one process is refused by the other once the revocation has been notified to it', async () => {
    const { a, b, bTold, close } = await twoProcesses();
    try {
      const created = await call(a, 'POST', '/v1/api-keys', API_KEY, { name: 'shared' });
      const { id, secret } = created.json();
      // The other process has seen the key work (so it remembers it now).
      for (let i = 0; i < 3; i++) expect((await call(b, 'GET', '/v1/api-keys', secret)).statusCode).toBe(200);
      const revoked = await call(a, 'DELETE', `/v1/api-keys/${id}`, API_KEY);
      expect(revoked.statusCode).toBe(200);
      // The revoking process refuses it at once.
      expect((await call(a, 'GET', '/v1/api-keys', secret)).statusCode).toBe(401);
      await vi.waitFor(() => expect(bTold).toContain(sha256(secret)), { timeout: 5_000, interval: 1 });
      const refused = await call(b, 'GET', '/v1/api-keys', secret);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.message).toMatch(/^This API key was revoked at /);
      // A key made in one process works in the other at once, too (an unknown key is never remembered).
      const fresh = (await call(b, 'POST', '/v1/api-keys', API_KEY)).json();
      expect((await call(a, 'GET', '/v1/api-keys', fresh.secret)).statusCode).toBe(200);
    } finally {
      await close();
    }
  });

  it('with API_KEY_CACHE_SIZE=0, a key revoked in one process is refused by the other on its very next request', async () => {
    const { a, b, close } = await twoProcesses({ ...world.config, apiKeyCacheSize: 0 });
    try {
      const { id, secret } = (await call(a, 'POST', '/v1/api-keys', API_KEY, { name: 'uncached' })).json();
      for (let i = 0; i < 3; i++) expect((await call(b, 'GET', '/v1/api-keys', secret)).statusCode).toBe(200);
      expect((await call(a, 'DELETE', `/v1/api-keys/${id}`, API_KEY)).statusCode).toBe(200);
      expect((await call(b, 'GET', '/v1/api-keys', secret)).statusCode).toBe(401);
    } finally {
      await close();
    }
  });
});

describe('bootstrap change adds a key to the same workspace', () => {
  const logs: string[] = [];
  const openWith = (bootstrapApiKey: string): Promise<System> =>
    createSystem(
      { ...world.config, bootstrapApiKey },
      {
        clock: world.clock,
        startSandbox: false,
        poolSize: 4,
        logger: createLogger(
          'info',
          new Writable({
            write(chunk, _encoding, done) {
              logs.push(String(chunk));
              done();
            },
          }),
        ),
      },
    );
  const workspaces = async (system: System) => system.deps.db.selectFrom('workspaces').select(['id', 'name', 'bootstrap']).execute();

  it('a new BOOTSTRAP_API_KEY opens the first workspace, with its data, beside the old key until that is revoked', async () => {
    const first = await world.open();
    await world.connectInstagram(first, 'bootstrap.ana');
    const [workspace] = await workspaces(first);
    await first.close();

    const second = await openWith(NEW_BOOTSTRAP_KEY);
    try {
      expect(await workspaces(second)).toEqual([{ id: workspace!.id, name: 'Default workspace', bootstrap: true }]);
      for (const key of [NEW_BOOTSTRAP_KEY, API_KEY]) {
        const connections = await call(second.app, 'GET', '/v1/connections', key);
        expect(connections.json().data.map((c: { username: string }) => c.username)).toEqual(['bootstrap.ana']);
      }
      const keys = (await call(second.app, 'GET', '/v1/api-keys', NEW_BOOTSTRAP_KEY)).json().data;
      expect(keys.map((k: { name: string; hint: string }) => [k.name, k.hint])).toEqual(
        expect.arrayContaining([
          ['BOOTSTRAP_API_KEY', 'ck_rotated_boot…'],
          ['BOOTSTRAP_API_KEY', 'ck_test_key_…'],
        ]),
      );
      expect(logs.join('')).toContain('BOOTSTRAP_API_KEY is new: added as a key of the bootstrap workspace; its other keys keep working until revoked');
      const old = keys.find((k: { hint: string }) => k.hint.startsWith('ck_test_key_'));
      expect((await call(second.app, 'DELETE', `/v1/api-keys/${old.id}`, NEW_BOOTSTRAP_KEY)).statusCode).toBe(200);
      expect((await call(second.app, 'GET', '/v1/connections', API_KEY)).statusCode).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('starting again with the same value adds nothing; starting with the revoked old value does not bring it back', async () => {
    const again = await openWith(NEW_BOOTSTRAP_KEY);
    const keyCount = async (system: System) => (await system.deps.db.selectFrom('api_keys').select('id').execute()).length;
    const before = await keyCount(again);
    await again.close();
    const same = await openWith(NEW_BOOTSTRAP_KEY);
    expect(await keyCount(same)).toBe(before);
    await same.close();

    logs.length = 0;
    const old = await openWith(API_KEY);
    try {
      expect(await keyCount(old)).toBe(before);
      expect((await workspaces(old)).length).toBe(1);
      const refused = await call(old.app, 'GET', '/v1/connections', API_KEY);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.details).toMatchObject({ reason: 'revoked' });
      expect(logs.join('')).toMatch(/BOOTSTRAP_API_KEY was revoked at [^ ]+ and stays refused/);
    } finally {
      await old.close();
    }
  });
});

describe('bootstrap workspace on upgrade and at a first start', () => {
  it('an install from before keys were managed: its "Default workspace" is the bootstrap one, and a new value joins it', async () => {
    const database = await createTestDatabase();
    const storage = await openStorage({ databaseUrl: database.url, dataDir: 'memory' });
    try {
      await migrate(storage.db, '022-idempotency-keys');
      const at = new Date('2025-06-01T00:00:00Z');
      // What the release before made: a demo workspace first, then the bootstrap one, and a second after the variable changed.
      for (const [id, name] of [
        ['ws_demo', 'Demo workspace'],
        ['ws_first', 'Default workspace'],
        ['ws_second', 'Default workspace'],
      ] as const) {
        await storage.db.insertInto('workspaces').values({ id, name, product_name: null, email_from: null, created_at: at }).execute();
      }
      await migrate(storage.db);
      const deps = { db: storage.db, clock: world.clock, logger: createLogger('silent') };
      const workspace = await ensureBootstrapKey(deps, 'ck_after_upgrade_key_0123456789');
      expect(workspace.id).toBe('ws_first');
    } finally {
      await storage.close();
      await database.drop();
    }
  });

  it('processes starting at once with a first BOOTSTRAP_API_KEY make one workspace and one key', async () => {
    const database = await createTestDatabase();
    const storage = await openStorage({ databaseUrl: database.url, dataDir: 'memory', poolSize: 6 });
    try {
      await migrate(storage.db);
      const deps = { db: storage.db, clock: world.clock, logger: createLogger('silent') };
      const opened = await Promise.all([1, 2, 3, 4].map(() => ensureBootstrapKey(deps, 'ck_first_start_key_0123456789')));
      expect(new Set(opened.map((w) => w.id)).size).toBe(1);
      expect(await storage.db.selectFrom('workspaces').select('bootstrap').execute()).toEqual([{ bootstrap: true }]);
      expect((await storage.db.selectFrom('api_keys').select('id').execute()).length).toBe(1);
    } finally {
      await storage.close();
      await database.drop();
    }
  });
});
