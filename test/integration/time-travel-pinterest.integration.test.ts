/**
 * Pinterest through 400 simulated days. The access token lives 30 days and the continuous refresh
 * token 60 days from its issue; each refresh issues a new refresh token and spends the old one. The
 * sweep refreshes 5 days before the access token expires, so both stay alive and the creator hears
 * nothing. (Two steps of 200 days, so each test stays short on a busy machine.)
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PinterestWorld } from '../../sandbox/pinterest/world.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { spreadOffsetMs, tokenPolicies } from '../../src/providers/token-policy.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds, emailsTo, eventsOf, runDailyJobs, travelTo } from '../support/daily-jobs.ts';

let t: TestContext;
let pinterest: PinterestWorld;
let id: string;
let accountId: string;
const start = new Date('2026-01-01T02:00:00Z');
const creator = { id: 'pia', email: 'pia@example.com', name: 'Pia' };
beforeAll(async () => {
  t = await createTestContext({ now: start.toISOString() });
  pinterest = t.sandbox.world.network<PinterestWorld>('pinterest');
  expect(pinterest.config.oldRefreshToken).toBe('invalidated');
  [id] = connectedIds((await t.connect({ provider: 'pinterest', account: 'pia.pins', creator, returnUrl: 'https://p.example/' })).headers.location as string) as [string];
  accountId = pinterest.account('pia.pins')!.id;
});
afterAll(() => t.close());

/** The refresh token Channelkeeper holds works at Pinterest (the one it replaced is spent); when it ends. */
async function storedRefreshToken(): Promise<{ ok: boolean; endsAt?: number }> {
  const row = await t.system.deps.db.selectFrom('connection_tokens').select('refresh_token_sealed').where('connection_id', '=', id).executeTakeFirstOrThrow();
  const check = pinterest.checkRefresh(t.system.deps.keyRing.open(row.refresh_token_sealed!, `${id}:refresh`));
  return check.ok ? { ok: true, endsAt: check.token.expiresAtMs } : { ok: false };
}

/** Days `from`..`to`: the daily jobs, one hand-out checked at Pinterest; the days a refresh happened. */
async function liveThrough(from: number, to: number): Promise<number[]> {
  const refreshDays: number[] = [];
  for (let day = from; day <= to; day++) {
    travelTo(t, start, day);
    const before = t.sandbox.world.calls.count('pinterest.token', accountId);
    await runDailyJobs(t);
    const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
    expect(handed.statusCode, `day ${day}: ${handed.body}`).toBe(200);
    expect(pinterest.checkAccess(handed.json().accessToken).ok, `token works on day ${day}`).toBe(true);
    if (t.sandbox.world.calls.count('pinterest.token', accountId) === before) continue;
    refreshDays.push(day);
    const stored = await storedRefreshToken();
    expect(stored.ok, `the newest refresh token is stored on day ${day}`).toBe(true);
    // The refresh slid the refresh token's end to 60 days from now.
    expect(stored.endsAt).toBe(start.getTime() + (day + 60) * DAY);
  }
  return refreshDays;
}

/**
 * The daily run on which each refresh happens: 25 days after the last one, less this connection's fixed
 * spread (up to 4 days, from its id), rounded up to the next daily run.
 */
const gap = () => Math.ceil(25 - spreadOffsetMs(tokenPolicies({ refreshAfterDays: 50 }).pinterest!, id) / DAY);
const everyCycle = (from: number, to: number) => Array.from({ length: 30 }, (_, i) => gap() * (i + 1)).filter((d) => d >= from && d <= to);

it('refreshes every 25 days (less its fixed spread), five days before each access token expires, sliding the refresh token each time', async () => {
  expect([22, 23, 24, 25]).toContain(gap());
  expect(await liveThrough(1, 200)).toEqual(everyCycle(1, 200));
});

it('is still alive on day 400 after a refresh every cycle, with no failure, no reminder and no email', async () => {
  expect(await liveThrough(201, 400)).toEqual(everyCycle(201, 400));
  expect(t.sandbox.world.calls.count('pinterest.token', accountId)).toBe(1 + everyCycle(1, 400).length);
  const alive = (await t.api('GET', `/v1/connections/${id}`)).json();
  expect(alive.status).toBe('active');
  const lastRefresh = everyCycle(1, 400).at(-1)!;
  expect(alive.expiresAt).toBe(new Date(start.getTime() + (lastRefresh + 60) * DAY).toISOString());
  expect(await eventsOf(t, id, 'refresh_failed')).toEqual([]);
  expect(await eventsOf(t, id, 'expiring')).toEqual([]);
  expect(await emailsTo(t, creator.email, start)).toEqual([]);
});
