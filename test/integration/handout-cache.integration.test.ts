/**
 * The hand-out's cache of sealed rows (connections/handout-cache.ts): answered from memory, forgotten on
 * every change the database notifies, never trusted while the notices may be missed, and the same rules
 * at every hand-out as before it existed. On PGlite and PostgreSQL; the drops are PostgreSQL's (PGlite is
 * a session inside this process: there is no connection to lose).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SeedAccount, seedConnections, seedWorkspace } from '../../bench/lib/seed.ts';
import { HANDOUT_COLUMNS, writeSealedTokens } from '../../src/connections/connections.repo.ts';
import { CONNECTION_CHANGES } from '../../src/connections/index.ts';
import { DAY, MINUTE } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { createSystem, type System } from '../../src/system.ts';
import { API_KEY, createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { createTestDatabase, postgresAdminUrl } from '../support/database.ts';
import { rotatingNetworks } from '../support/rotating-networks.ts';
import { startTcpProxy, type TcpProxy, targetOf } from '../support/tcp-proxy.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function context(env: Record<string, string> = {}): Promise<TestContext> {
  const t = await createTestContext({ now: '2026-04-01T10:00:00Z', env });
  cleanups.push(() => t.close());
  return t;
}

async function seeded(system: System, count = 1): Promise<{ ids: string[]; tokens: string[] }> {
  const now = system.deps.clock.now();
  const accounts: SeedAccount[] = Array.from({ length: count }, (_, i) => ({
    accountId: `17841${i}`,
    username: `cached.${i}`,
    accessToken: `IGAA-seeded-${i}-${now.getTime()}`,
    issuedAt: new Date(now.getTime() - DAY),
    expiresAt: new Date(now.getTime() + 59 * DAY),
  }));
  const ids = await seedConnections(system.deps, await seedWorkspace(system.deps, API_KEY), accounts);
  return { ids, tokens: accounts.map((a) => a.accessToken) };
}

/**
 * Until every change this process made has been told back to it (on PostgreSQL, one round trip on the
 * listening connection after the last write: the seeding, a key's last-use stamp, the audit's batch).
 */
const settled = (system: System) => vi.waitFor(() => expect(system.storage.changes.fresh()).toBe(true), { timeout: 5_000, interval: 5 });

const handOut = (system: System, id: string) => system.app.inject({ method: 'POST', url: `/v1/connections/${id}/access-token`, headers: { authorization: `Bearer ${API_KEY}` } });

/** Seals `token` as connection `id`'s access token, the way a refresh stores it. */
const storeToken = (system: System, id: string, token: string) =>
  writeSealedTokens(
    system.deps.db,
    id,
    { keyId: system.deps.keyRing.activeKeyId, accessTokenSealed: system.deps.keyRing.seal(token, `${id}:access`), refreshTokenSealed: null },
    system.deps.clock.now(),
  );

describe('the hand-out answers from memory', () => {
  it('a second hand-out of a connection is served from the cache, with the same token', async () => {
    const t = await context();
    const { ids, tokens } = await seeded(t.system);
    const first = await handOut(t.system, ids[0]!);
    await settled(t.system);
    await handOut(t.system, ids[0]!);
    await settled(t.system);
    const { hits } = t.system.deps.handoutRows.counts;
    const again = await handOut(t.system, ids[0]!);
    expect([first.json().accessToken, again.json().accessToken]).toEqual([tokens[0], tokens[0]]);
    expect(t.system.deps.handoutRows.counts.hits).toBe(hits + 1);
  });

  it('a connection of another workspace is not found, cached or not', async () => {
    const t = await context();
    const { ids } = await seeded(t.system);
    await handOut(t.system, ids[0]!);
    await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, 'ck_other_key_0123456789', 'Other workspace');
    const res = await t.system.app.inject({ method: 'POST', url: `/v1/connections/${ids[0]}/access-token`, headers: { authorization: 'Bearer ck_other_key_0123456789' } });
    expect(res.statusCode).toBe(404);
  });

  it('holds at most HANDOUT_CACHE_SIZE connections', async () => {
    const t = await context({ HANDOUT_CACHE_SIZE: '2' });
    const { ids } = await seeded(t.system, 4);
    for (const id of ids) expect((await handOut(t.system, id)).statusCode).toBe(200);
    expect(t.system.deps.handoutRows.size).toBe(2);
  });

  it('HANDOUT_CACHE_SIZE=0 reads the database at every hand-out', async () => {
    const t = await context({ HANDOUT_CACHE_SIZE: '0' });
    const { ids } = await seeded(t.system);
    for (let i = 0; i < 3; i++) expect((await handOut(t.system, ids[0]!)).statusCode).toBe(200);
    expect(t.system.deps.handoutRows.counts).toMatchObject({ hits: 0, bypassed: 3 });
  });
});

describe('a change made in this process is seen by its next hand-out', () => {
  it('a token stored a moment ago is the one handed out next', async () => {
    const t = await context();
    const { ids } = await seeded(t.system);
    await handOut(t.system, ids[0]!);
    for (let i = 0; i < 5; i++) {
      await storeToken(t.system, ids[0]!, `IGAA-stored-${i}`);
      expect((await handOut(t.system, ids[0]!)).json().accessToken).toBe(`IGAA-stored-${i}`);
    }
  });

  it('a connection disconnected through the API answers reconnect_required at once', async () => {
    const t = await context();
    const { ids } = await seeded(t.system);
    await handOut(t.system, ids[0]!);
    await handOut(t.system, ids[0]!);
    expect((await t.api('DELETE', `/v1/connections/${ids[0]}`)).statusCode).toBe(200);
    const res = await handOut(t.system, ids[0]!);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('reconnect_required');
  });
});

describe('the checks still run at every hand-out', () => {
  it('a grant that ends while its row is cached is refused, and the connection is marked disconnected', async () => {
    const t = await context();
    const { ids } = await seeded(t.system);
    await handOut(t.system, ids[0]!);
    t.clock.advance(60 * DAY);
    const res = await handOut(t.system, ids[0]!);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toMatchObject({ reason: 'expired' });
    const row = await t.system.deps.db.selectFrom('connections').select(['status', 'status_reason']).where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'disconnected', status_reason: 'expired' });
  });

  it('a short-lived token about to lapse is refreshed before it is handed out, though its row is cached', async () => {
    const t = await context();
    const tiktok = rotatingNetworks.tiktok;
    const res = await t.connect({ provider: 'tiktok', account: tiktok.account, creator: { id: 'lapse', email: 'lapse@example.com' }, returnUrl: 'https://platform.example/back' });
    const id = new URL(res.headers.location as string).searchParams.get('connection')!;
    const first = (await handOut(t.system, id)).json();
    expect((await handOut(t.system, id)).json().accessToken).toBe(first.accessToken);
    // Two minutes before the token lapses: inside the five-minute window in which a hand-out refreshes first.
    t.clock.set(new Date(new Date(first.expiresAt).getTime() - 2 * MINUTE));
    t.sandbox.world.calls.clear();
    const refreshed = (await handOut(t.system, id)).json();
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(t.sandbox.world.calls.count(tiktok.tokenEndpoint)).toBe(1);
    expect((await handOut(t.system, id)).json().accessToken).toBe(refreshed.accessToken);
  });
});

describe('what the trigger tells', () => {
  it('every column the hand-out reads is watched by the trigger on connections', async () => {
    const t = await context();
    const definition = await sql<{ def: string }>`select pg_get_triggerdef(oid) as def from pg_trigger where tgname = 'connections_notify_update'`.execute(t.system.deps.db);
    for (const column of HANDOUT_COLUMNS) expect(definition.rows[0]?.def).toContain(`old.${column} IS DISTINCT FROM new.${column}`);
  });

  it('a status change and a token change notify; a lease claim and a verification stamp do not', async () => {
    const t = await context();
    const { ids } = await seeded(t.system);
    const id = ids[0]!;
    // The seeding's own notices have arrived: from here on, only what this test changes is told.
    await settled(t.system);
    const told: string[] = [];
    await t.system.storage.changes.subscribe(CONNECTION_CHANGES, (key) => told.push(key));
    const db = t.system.deps.db;
    await db.updateTable('connections').set({ lease_owner: 'someone', lease_expires_at: t.clock.now(), last_verified_at: t.clock.now() }).where('id', '=', id).execute();
    await db.updateTable('connections').set({ status: 'expiring' }).where('id', '=', id).execute();
    await vi.waitFor(() => expect(told).toEqual([id]), { timeout: 5_000, interval: 20 });
    await storeToken(t.system, id, 'IGAA-next');
    await vi.waitFor(() => expect(told).toEqual([id, id]), { timeout: 5_000, interval: 20 });
    await sql`truncate connection_tokens`.execute(db);
    await vi.waitFor(() => expect(told).toEqual([id, id, '*']), { timeout: 5_000, interval: 20 });
  });
});

describe.skipIf(!postgresAdminUrl)('when the listening connection drops (PostgreSQL)', () => {
  /** A system whose only way to its database is through a proxy the test can cut; and a direct way in for the test. */
  async function behindProxy(): Promise<{ system: System; proxy: TcpProxy; direct: pg.Client }> {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const proxy = await startTcpProxy(targetOf(database.url as string));
    cleanups.push(() => proxy.close());
    const config = loadConfig({
      NODE_ENV: 'test',
      PUBLIC_URL,
      ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
      BOOTSTRAP_API_KEY: API_KEY,
      DATABASE_URL: proxy.url(database.url as string),
    });
    const system = await createSystem(config, { clock: undefined, startSandbox: false, logger: createLogger('silent'), poolSize: 4, inMemory: true });
    cleanups.push(() => system.close());
    const direct = new pg.Client({ connectionString: database.url });
    await direct.connect();
    cleanups.push(() => direct.end());
    return { system, proxy, direct };
  }

  /** Changes the token from outside the service (another process, as it were). */
  const storeDirectly = (system: System, direct: pg.Client, id: string, token: string) =>
    direct.query('update connection_tokens set access_token_sealed = $1 where connection_id = $2', [system.deps.keyRing.seal(token, `${id}:access`), id]);

  it('the cache is flushed when the connection drops, and a change made meanwhile is what is handed out once the database is back', async () => {
    const { system, proxy, direct } = await behindProxy();
    const { ids, tokens } = await seeded(system);
    const id = ids[0]!;
    await handOut(system, id);
    expect((await handOut(system, id)).json().accessToken).toBe(tokens[0]);
    expect(system.deps.handoutRows.size).toBe(1);

    proxy.cut();
    await vi.waitFor(() => expect(system.storage.changes.fresh()).toBe(false), { timeout: 5_000, interval: 10 });
    expect(system.deps.handoutRows.size).toBe(0);
    // Committed while this process hears nothing: no notice will ever tell it.
    await storeDirectly(system, direct, id, 'IGAA-while-cut');
    proxy.restore();

    let answered: { statusCode: number; token?: string } = { statusCode: 0 };
    await vi.waitFor(
      async () => {
        const res = await handOut(system, id);
        answered = { statusCode: res.statusCode, token: res.json().accessToken };
        expect(res.statusCode).toBe(200);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(answered.token).toBe('IGAA-while-cut');
    // Listening again: hand-outs come from memory once more.
    await vi.waitFor(() => expect(system.storage.changes.fresh()).toBe(true), { timeout: 20_000, interval: 50 });
    const hits = system.deps.handoutRows.counts.hits;
    await handOut(system, id);
    await handOut(system, id);
    expect(system.deps.handoutRows.counts.hits).toBeGreaterThan(hits);
  }, 40_000);

  it('while only the listening connection is gone, hand-outs bypass the cache and read the database', async () => {
    const { system, direct } = await behindProxy();
    const { ids } = await seeded(system);
    const id = ids[0]!;
    await handOut(system, id);
    await handOut(system, id);
    await direct.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'channelkeeper-change-feed' and datname = current_database()`);
    await vi.waitFor(() => expect(system.storage.changes.fresh()).toBe(false), { timeout: 5_000, interval: 5 });
    const bypassed = system.deps.handoutRows.counts.bypassed;
    await storeDirectly(system, direct, id, 'IGAA-while-deaf');
    expect((await handOut(system, id)).json().accessToken).toBe('IGAA-while-deaf');
    expect(system.deps.handoutRows.counts.bypassed).toBeGreaterThan(bypassed);
    await vi.waitFor(() => expect(system.storage.changes.fresh()).toBe(true), { timeout: 10_000, interval: 20 });
    // Back, and told again: a change from outside reaches the next hand-outs once notified.
    await handOut(system, id);
    await storeDirectly(system, direct, id, 'IGAA-told');
    await vi.waitFor(async () => expect((await handOut(system, id)).json().accessToken).toBe('IGAA-told'), { timeout: 5_000, interval: 10 });
  }, 30_000);
});
