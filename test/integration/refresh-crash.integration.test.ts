/**
 * A rotating refresh token is never silently lost. A worker dies after the network rotated the
 * token but before the answer was stored; the next attempt retries with the old token. Where the
 * network still honours it (TikTok within its rotation grace, Pinterest keeping old tokens) the
 * account lives on with the newest tokens; where it does not, the connection turns `disconnected`
 * with reason `refresh_lost` and the creator gets exactly one email.
 *
 * The crash is played twice: by SIGKILL of a real `channelkeeper refresh` process (PostgreSQL only:
 * PGlite is one process, its data directory cannot be shared), and in-process on every backend by
 * a provider call our side abandons (a timeout shorter than the lost answer's hang).
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { LEASE_SECONDS } from '../../src/connections/refresh-connection.ts';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { MINUTE } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { postgresAdminUrl } from '../support/database.ts';
import { processEnv, type RotatingNetwork, rotatingNetworks, startChannelkeeper, waitFor } from '../support/rotating-networks.ts';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const creator = { id: 'crash-creator', email: 'crash.creator@example.com', name: 'Cora' };

async function connectDue(net: RotatingNetwork, env: Record<string, string> = {}) {
  t = await createTestContext({ now: '2026-02-01T02:00:00Z', env });
  const res = await t.connect({ provider: net.provider, account: net.account, creator, returnUrl: 'https://platform.example/back' });
  expect(res.statusCode, res.body).toBe(302);
  const id = new URL(res.headers.location as string).searchParams.get('connection')!;
  t.clock.advance(net.untilDueMs);
  return { t, id, spentRefreshToken: await storedSpendableToken(t, net, id) };
}

/** The token a refresh presents: the refresh token, or Instagram's long-lived access token. */
async function storedSpendableToken(t: TestContext, net: RotatingNetwork, id: string): Promise<string> {
  const row = await t.system.deps.db
    .selectFrom('connection_tokens')
    .select(['refresh_token_sealed', 'access_token_sealed'])
    .where('connection_id', '=', id)
    .executeTakeFirstOrThrow();
  const sealed = net.spends === 'refresh' ? row.refresh_token_sealed! : row.access_token_sealed;
  return t.system.deps.keyRing.open(sealed, `${id}:${net.spends}`);
}

const row = (t: TestContext, id: string) => t.system.deps.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const emails = (t: TestContext) => t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', creator.email).execute();

/** The retry after the crash: once the dead worker's lease and the retry it booked have come round. */
async function retryAfterCrash(t: TestContext) {
  t.clock.advance(LEASE_SECONDS * 1000 + MINUTE);
  return runRefreshSweep(t.system.deps, { includeScheduled: false });
}

async function expectAliveWithNewestTokens(t: TestContext, net: RotatingNetwork, id: string, spent: string, report: { refreshed: number }) {
  expect(report.refreshed).toBe(1);
  expect(await row(t, id)).toMatchObject({ status: 'active', status_reason: null, refresh_started_at: null, lease_owner: null });
  const stored = await storedSpendableToken(t, net, id);
  expect(stored).not.toBe(spent);
  expect(net.refreshTokenWorks(t, stored)).toBe(true);
  const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
  expect(handed.statusCode, handed.body).toBe(200);
  expect(net.accessTokenWorks(t, handed.json().accessToken)).toBe(true);
  expect(await emails(t)).toHaveLength(0);
}

async function expectRefreshLost(t: TestContext, id: string, report: { disconnected: number }) {
  expect(report.disconnected).toBe(1);
  expect(await row(t, id)).toMatchObject({ status: 'disconnected', status_reason: 'refresh_lost', refresh_started_at: null, lease_owner: null });
  const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
  expect(handed.statusCode).toBe(409);
  expect(handed.json().error).toMatchObject({ code: 'reconnect_required', details: { reason: 'refresh_lost' } });
  // Later sweeps find nothing to do: one disconnection, one email.
  t.clock.advance(LEASE_SECONDS * 1000 + MINUTE);
  await runRefreshSweep(t.system.deps, { includeScheduled: true });
  expect(await emails(t)).toHaveLength(1);
  expect((await emails(t))[0]!.kind).toBe('connection_disconnected');
}

const cases = [
  { net: rotatingNetworks.tiktok, keeps: true, title: 'TikTok within its rotation grace (600 s)' },
  { net: rotatingNetworks.tiktok, keeps: false, title: 'TikTok without a rotation grace' },
  { net: rotatingNetworks.pinterest, keeps: true, title: "Pinterest keeping the old refresh token ('kept')" },
  { net: rotatingNetworks.pinterest, keeps: false, title: "Pinterest invalidating the old refresh token ('invalidated')" },
  { net: rotatingNetworks.instagram, keeps: true, title: 'Instagram within the refreshed-away token’s grace (600 s)' },
  { net: rotatingNetworks.instagram, keeps: false, title: 'Instagram without a grace for the refreshed-away token' },
];

describe.skipIf(!postgresAdminUrl)('a worker process killed between the network rotating the token and our commit (PostgreSQL)', () => {
  for (const { net, keeps, title } of cases) {
    it(`${title}: ${keeps ? 'the retry with the old token succeeds and the account lives on' : 'the connection is disconnected with refresh_lost, one email'}`, async () => {
      const { t, id, spentRefreshToken } = await connectDue(net);
      net.keepOldToken(t, keeps);
      // The network rotates the token, then its answer hangs until the worker is dead.
      t.sandbox.world.faults.add({ endpoint: net.tokenEndpoint, fault: 'lost_answer', delayMs: 120_000 });
      t.sandbox.world.calls.clear();
      const worker = startChannelkeeper(['refresh', '--now', t.clock.now().toISOString()], processEnv(t));
      try {
        await waitFor('the worker to call the network', () => t.sandbox.world.calls.count(net.tokenEndpoint) >= 1 || worker.child.exitCode !== null);
        expect(worker.child.exitCode, worker.output()).toBeNull();
        // What the worker committed before calling: the token may be spent; its lease is still held.
        expect(await row(t, id)).toMatchObject({ refresh_started_at: t.clock.now(), lease_owner: expect.stringMatching(/^\d+-/) });
        worker.child.kill('SIGKILL');
        expect((await worker.exited).signal).toBe('SIGKILL');
      } finally {
        worker.child.kill('SIGKILL');
      }
      expect(net.refreshTokenWorks(t, spentRefreshToken)).toBe(keeps);
      // Leases run on the database clock: let the dead worker's lapse.
      await t.system.deps.db.updateTable('connections').set({ lease_expires_at: sql<Date>`clock_timestamp() - interval '1 second'` }).where('id', '=', id).execute();

      const report = await retryAfterCrash(t);
      expect(t.sandbox.world.calls.count(net.tokenEndpoint)).toBe(2);
      if (keeps) await expectAliveWithNewestTokens(t, net, id, spentRefreshToken, report);
      else await expectRefreshLost(t, id, report);
    });
  }
});

describe('a refresh call abandoned after the network rotated the token (in-process, every backend)', () => {
  for (const { net, keeps, title } of cases) {
    it(`${title}: ${keeps ? 'the retry with the old token succeeds and the account lives on' : 'the connection is disconnected with refresh_lost, one email'}`, async () => {
      // Our side gives up after 2 s, as if it had died; the network's answer would come after 3 s.
      const { t, id, spentRefreshToken } = await connectDue(net, { PROVIDER_TIMEOUT_MS: '2000' });
      net.keepOldToken(t, keeps);
      t.sandbox.world.faults.add({ endpoint: net.tokenEndpoint, fault: 'lost_answer', delayMs: 3_000 });
      const first = await runRefreshSweep(t.system.deps, { includeScheduled: true });
      expect(first).toMatchObject({ claimed: 1, retry_scheduled: 1 });
      expect(await row(t, id)).toMatchObject({ status: 'active', refresh_started_at: expect.any(Date), last_error_code: 'timeout' });
      expect(net.refreshTokenWorks(t, spentRefreshToken)).toBe(keeps);

      const report = await retryAfterCrash(t);
      if (keeps) await expectAliveWithNewestTokens(t, net, id, spentRefreshToken, report);
      else await expectRefreshLost(t, id, report);
    });
  }
});
