/**
 * Several worker processes sweeping one PostgreSQL database at once must split the due
 * connections between them: exactly one refresh call per connection, however they interleave.
 * PGlite is one process by design, so this runs only against PostgreSQL (CI runs it there).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/kernel/clock.ts';
import { refreshDueAt, tokenPolicies } from '../../src/providers/token-policy.ts';
import { demoOriginMap } from '../../src/system.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { postgresAdminUrl } from '../support/database.ts';

const CONNECTIONS = 400;
const WORKERS = 3;
const ENCRYPTION_KEYS = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const root = path.resolve(import.meta.dirname, '../..');

function runWorker(env: Record<string, string>, now: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/node'), ['bin/channelkeeper.js', 'refresh', '--now', now], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!postgresAdminUrl)('several worker processes on one PostgreSQL database', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ now: '2026-02-01T02:00:00Z', env: { ENCRYPTION_KEYS } });
  });
  afterAll(() => t?.close());

  it(`refresh each of ${CONNECTIONS} due connections exactly once`, async () => {
    const { db, keyRing } = t.system.deps;
    const issuedAt = new Date(t.clock.now().getTime() - 51 * DAY);
    const seeded = t.sandbox.world.instagram.seedConnections(CONNECTIONS, { prefix: 'race', issuedAt });
    const policy = tokenPolicies({ refreshAfterDays: 50 }).instagram!;
    const workspace = await db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('creators')
      .values({ workspace_id: workspace.id, id: 'racer', email: 'racer@example.com', name: 'Racer', created_at: issuedAt, updated_at: issuedAt })
      .execute();
    const rows = seeded.map((s, i) => ({
      id: `con_race_${i}`,
      workspace_id: workspace.id,
      creator_id: 'racer',
      provider: 'instagram',
      network: 'instagram',
      login: 'instagram_login',
      account_id: s.userId,
      username: s.username,
      status: 'active',
      scopes: ['instagram_business_basic'],
      token_issued_at: issuedAt,
      token_expires_at: new Date(s.expiresAt),
      grant_expires_at: new Date(s.expiresAt),
      refresh_due_at: refreshDueAt(policy, { issuedAt, expiresAt: new Date(s.expiresAt) }),
      connected_at: issuedAt,
      created_at: issuedAt,
      updated_at: issuedAt,
    }));
    await db.insertInto('connections').values(rows).execute();
    await db
      .insertInto('connection_tokens')
      .values(
        seeded.map((s, i) => ({ connection_id: `con_race_${i}`, key_id: 'k1', access_token_sealed: keyRing.seal(s.accessToken, `con_race_${i}:access`), updated_at: issuedAt })),
      )
      .execute();
    // A little network latency, so the workers' sweeps overlap for certain.
    t.sandbox.world.config.latencyMs = 250;
    t.sandbox.world.calls.clear();

    const env = {
      DATABASE_URL: t.system.config.databaseUrl as string,
      ENCRYPTION_KEYS,
      INSTAGRAM_CLIENT_ID: 'sandbox-instagram-app',
      INSTAGRAM_CLIENT_SECRET: 'sandbox-instagram-secret',
      PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(t.sandbox.url)),
      LOG_LEVEL: 'warn',
      DATA_DIR: path.join(root, 'data', 'concurrency-test'),
    };
    const results = await Promise.all(Array.from({ length: WORKERS }, () => runWorker(env, t.clock.now().toISOString())));
    for (const result of results) expect(result.code, result.out).toBe(0);

    const perAccount = seeded.map((s) => t.sandbox.world.calls.count('refresh_access_token', s.userId));
    expect(perAccount.filter((n) => n !== 1)).toEqual([]);
    expect(t.sandbox.world.calls.count('refresh_access_token')).toBe(CONNECTIONS);
    const refreshed = await db
      .selectFrom('connections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('last_refreshed_at', 'is not', null)
      .where('id', 'like', 'con_race_%')
      .executeTakeFirstOrThrow();
    expect(Number(refreshed.n)).toBe(CONNECTIONS);
    // Every worker took a share: the claims really were contended.
    const claimedByEach = results.map((r) => Number(/(\d+) claimed/.exec(r.out)?.[1] ?? 0));
    console.log('claimed by each worker', claimedByEach);
    expect(claimedByEach.reduce((a, b) => a + b, 0)).toBe(CONNECTIONS);
    expect(claimedByEach.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  });
});
