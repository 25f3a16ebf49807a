/**
 * The reason a creator reads after a refused refresh is what happened. Two cases the year-long soak found
 * labelled `refresh_lost` although no renewal was lost: the creator removed the app the night before, and
 * the sweep's first attempt that day failed for another cause (a throttle, a 500) before the retry heard
 * the refusal.
 */
import { afterEach, expect, it } from 'vitest';
import type { TikTokWorld } from '../../sandbox/tiktok/world.ts';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type RotatingNetwork, rotatingNetworks } from '../support/rotating-networks.ts';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const creator = { id: 'refusal-creator', email: 'refusal.creator@example.com', name: 'Rafa' };

async function connectDue(net: RotatingNetwork, env: Record<string, string> = {}): Promise<{ t: TestContext; id: string }> {
  t = await createTestContext({ now: '2026-02-01T02:00:00Z', env });
  const res = await t.connect({ provider: net.provider, account: net.account, creator, returnUrl: 'https://platform.example/back' });
  expect(res.statusCode, res.body).toBe(302);
  const id = new URL(res.headers.location as string).searchParams.get('connection')!;
  t.clock.advance(net.untilDueMs);
  return { t, id };
}

const row = (t: TestContext, id: string) => t.system.deps.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const emails = (t: TestContext) => t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', creator.email).execute();

async function retrySweep(t: TestContext) {
  t.clock.advance(2 * MINUTE);
  return runRefreshSweep(t.system.deps, { includeScheduled: false });
}

it('a TikTok refresh throttled, then refused after the creator revoked access, says revoked: a throttled request spent nothing', async () => {
  const { t, id } = await connectDue(rotatingNetworks.tiktok);
  t.sandbox.world.faults.add({ endpoint: 'tiktok.token', fault: 'provider_error', errorCode: 'rate_limit_exceeded', status: 429, count: 1 });
  expect((await runRefreshSweep(t.system.deps, { includeScheduled: true })).retry_scheduled).toBe(1);
  expect(await row(t, id)).toMatchObject({ status: 'active', refresh_started_at: null });

  t.sandbox.world.network<TikTokWorld>('tiktok').applyEvent(rotatingNetworks.tiktok.account, 'revoke');
  expect((await retrySweep(t)).disconnected).toBe(1);
  expect(await row(t, id)).toMatchObject({ status: 'disconnected', status_reason: 'revoked' });
  expect(await emails(t)).toHaveLength(1);
});

it('an Instagram refresh answered by a 500, then refused because the creator removed the app, says app_removed', async () => {
  const { t, id } = await connectDue(rotatingNetworks.instagram);
  t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'http_500', count: 1 });
  expect((await runRefreshSweep(t.system.deps, { includeScheduled: true })).retry_scheduled).toBe(1);
  // A bare 500 may have come after the network rotated the token: the doubt is kept.
  expect((await row(t, id)).refresh_started_at).not.toBeNull();

  t.sandbox.world.instagram.applyEvent(rotatingNetworks.instagram.account, 'revoke');
  expect((await retrySweep(t)).disconnected).toBe(1);
  expect(await row(t, id)).toMatchObject({ status: 'disconnected', status_reason: 'app_removed' });
  const [email] = await emails(t);
  expect(email?.subject).toContain('reconnect');
  expect(email?.text_body ?? email?.html_body ?? '').not.toContain('never reached us');
});

it('a TikTok refresh whose answer was lost, then refused with a bare invalid_grant, still says refresh_lost: the two cannot be told apart', async () => {
  const { t, id } = await connectDue(rotatingNetworks.tiktok, { PROVIDER_TIMEOUT_MS: '300' });
  rotatingNetworks.tiktok.keepOldToken(t, false);
  t.sandbox.world.faults.add({ endpoint: 'tiktok.token', fault: 'timeout', delayMs: 600, count: 1 });
  t.sandbox.world.faults.add({ endpoint: 'tiktok.token', fault: 'provider_error', errorCode: 'invalid_grant', status: 400, count: 1 });
  expect((await runRefreshSweep(t.system.deps, { includeScheduled: true })).retry_scheduled).toBe(1);
  t.clock.advance(HOUR);
  expect((await retrySweep(t)).disconnected).toBe(1);
  expect(await row(t, id)).toMatchObject({ status: 'disconnected', status_reason: 'refresh_lost' });
});
