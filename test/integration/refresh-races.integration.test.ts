/**
 * Races around a rotating refresh: the answer of a network that has already rotated the token is
 * stored whatever bookkeeping changed the row meanwhile, and a worker whose lease lapsed never
 * spends a refresh token that another worker now holds.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { watchExpiries } from '../../src/connections/expiry-watch.ts';
import { claimConnection } from '../../src/connections/refresh.repo.ts';
import { LEASE_SECONDS, refreshClaimed } from '../../src/connections/refresh-connection.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { rotatingNetworks, TEST_ENCRYPTION_KEYS, waitFor } from '../support/rotating-networks.ts';

const tiktok = rotatingNetworks.tiktok;
let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function connectTikTok(): Promise<{ t: TestContext; id: string }> {
  t = await createTestContext({ now: '2026-02-01T02:00:00Z' });
  const res = await t.connect({ provider: 'tiktok', account: tiktok.account, creator: { id: 'racer', email: 'racer@example.com' }, returnUrl: 'https://platform.example/back' });
  expect(res.statusCode, res.body).toBe(302);
  return { t, id: new URL(res.headers.location as string).searchParams.get('connection')! };
}

async function storedRefreshToken(t: TestContext, id: string): Promise<string> {
  const row = await t.system.deps.db.selectFrom('connection_tokens').select('refresh_token_sealed').where('connection_id', '=', id).executeTakeFirstOrThrow();
  return t.system.deps.keyRing.open(row.refresh_token_sealed!, `${id}:refresh`);
}

const row = (t: TestContext, id: string) => t.system.deps.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('a rotated refresh token is stored even if the row changed during the call', () => {
  it('the expiry watch turning the connection `expiring` mid-refresh does not discard the new refresh token', async () => {
    const { t, id } = await connectTikTok();
    // 13 days before the refresh token's fixed end: the watch turns it `expiring`; the access token is stale.
    t.clock.advance(167 * DAY);
    t.sandbox.world.config.latencyMs = 1500;
    const handout = t.api('POST', `/v1/connections/${id}/access-token`);
    await waitFor('the refresh to start', async () => (await row(t, id)).refresh_started_at !== null);
    expect(await watchExpiries(t.system.deps)).toMatchObject({ expiring: 1 });
    const handed = await handout;

    expect(handed.statusCode, handed.body).toBe(200);
    expect(tiktok.accessTokenWorks(t, handed.json().accessToken)).toBe(true);
    expect(tiktok.refreshTokenWorks(t, await storedRefreshToken(t, id))).toBe(true);
    expect(await row(t, id)).toMatchObject({ refresh_started_at: null, lease_owner: null });
  });

  it('a reconnect mid-refresh wins: the old grant’s answer does not overwrite the new grant’s tokens', async () => {
    const { t, id } = await connectTikTok();
    t.clock.advance(3 * 3600_000);
    t.sandbox.world.config.latencyMs = 1500;
    const handout = t.api('POST', `/v1/connections/${id}/access-token`);
    await waitFor('the refresh to start', async () => (await row(t, id)).refresh_started_at !== null);
    t.sandbox.world.config.latencyMs = 0;
    await t.connect({ provider: 'tiktok', account: tiktok.account, creator: { id: 'racer', email: 'racer@example.com' } });
    const reconnected = await storedRefreshToken(t, id);
    await handout;
    expect(await storedRefreshToken(t, id)).toBe(reconnected);
  });
});

describe('a worker whose lease lapsed', () => {
  it('cannot happen through a slow network: a provider timeout longer than the lease is refused at start-up', () => {
    const env = { ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS };
    expect(loadConfig({ ...env, PROVIDER_TIMEOUT_MS: '240000' }).providerTimeoutMs).toBeLessThan(LEASE_SECONDS * 1000);
    expect(() => loadConfig({ ...env, PROVIDER_TIMEOUT_MS: String(LEASE_SECONDS * 1000) })).toThrow(/PROVIDER_TIMEOUT_MS/);
  });

  it('does not call the network once another worker holds the connection', async () => {
    const { t, id } = await connectTikTok();
    t.clock.advance(151 * DAY);
    const mine = await claimConnection(t.system.deps.db, id, t.system.deps.instanceId, LEASE_SECONDS);
    expect(mine).toBeDefined();
    // This worker stalls past its lease (leases run on the database clock); another takes the row.
    await t.system.deps.db.updateTable('connections').set({ lease_expires_at: sql<Date>`clock_timestamp() - interval '1 second'` }).where('id', '=', id).execute();
    expect(await claimConnection(t.system.deps.db, id, 'another-worker', LEASE_SECONDS)).toBeDefined();
    t.sandbox.world.calls.clear();

    expect(await refreshClaimed(t.system.deps, mine!)).toBe('conflict');
    expect(t.sandbox.world.calls.count(tiktok.tokenEndpoint)).toBe(0);
    expect(await row(t, id)).toMatchObject({ lease_owner: 'another-worker', refresh_started_at: null });
  });
});
