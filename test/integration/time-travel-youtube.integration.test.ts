/**
 * YouTube (Google OAuth) through 400 simulated days. Google's refresh token has no fixed end but dies
 * after six idle months; the access token lives an hour. Kept in use, the connection never ends and
 * the creator hears nothing, until they revoke the app at Google: then one email. (Steps of 200
 * days, so each test stays short on a busy machine.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GoogleWorld } from '../../sandbox/youtube/world.ts';
import { HOUR } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds, emailsTo, eventsOf, runDailyJobs, travelTo } from '../support/daily-jobs.ts';

let t: TestContext;
let google: GoogleWorld;
let id: string;
let key: string | undefined;
let refreshToken: string;
const start = new Date('2026-01-01T02:00:00Z');
const creator = { id: 'maya', email: 'maya@example.com', name: 'Maya' };
beforeAll(async () => {
  t = await createTestContext({ now: start.toISOString() });
  google = t.sandbox.world.network<GoogleWorld>('google');
  [id] = connectedIds((await t.connect({ provider: 'youtube', account: 'maya.makes', creator, returnUrl: 'https://p.example/' })).headers.location as string) as [string];
  key = GoogleWorld.accountKey(google.account('maya.makes'));
  const row = await t.system.deps.db.selectFrom('connection_tokens').select('refresh_token_sealed').where('connection_id', '=', id).executeTakeFirstOrThrow();
  refreshToken = t.system.deps.keyRing.open(row.refresh_token_sealed!, `${id}:refresh`);
});
afterAll(() => t.close());

/** Days `from`..`to`: the daily jobs and a hand-out checked at Google; token calls per day, and the days the sweep refreshed. */
async function liveThrough(from: number, to: number): Promise<{ callsPerDay: Set<number>; sweepDays: number[] }> {
  const callsPerDay = new Set<number>();
  const sweepDays: number[] = [];
  for (let day = from; day <= to; day++) {
    travelTo(t, start, day);
    const before = t.sandbox.world.calls.count('google.token', key);
    const { sweep } = await runDailyJobs(t);
    if (sweep.refreshed > 0) sweepDays.push(day);
    const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
    expect(handed.statusCode, `day ${day}: ${handed.body}`).toBe(200);
    expect(google.liveAccessToken(handed.json().accessToken), `token works on day ${day}`).toBeDefined();
    callsPerDay.add(t.sandbox.world.calls.count('google.token', key) - before);
  }
  return { callsPerDay, sweepDays };
}

// Yesterday's access token (1 h) is stale each morning: the day's first use (the verification, or a
// hand-out) refreshes it once, which also keeps the refresh token from idling. The sweep's own monthly
// refresh is then never due: the token is never 30 days old.
it('refreshes the hour-long access token once a day, on first use, for 200 days', async () => {
  expect(await liveThrough(1, 200)).toEqual({ callsPerDay: new Set([1]), sweepDays: [] });
});

it('is still alive on day 400 with the same refresh token, no failure, no reminder and no email', async () => {
  expect(await liveThrough(201, 400)).toEqual({ callsPerDay: new Set([1]), sweepDays: [] });
  expect(t.sandbox.world.calls.count('google.token', key)).toBe(1 + 400);
  expect(google.refreshDeath(refreshToken), 'the refresh token is alive').toBeUndefined();
  const alive = (await t.api('GET', `/v1/connections/${id}`)).json();
  expect(alive).toMatchObject({ status: 'active', expiresAt: null });
  expect(await eventsOf(t, id, 'refresh_failed')).toEqual([]);
  expect(await eventsOf(t, id, 'expiring')).toEqual([]);
  expect(await emailsTo(t, creator.email, start)).toEqual([]);
});

it('a refresh token revoked at Google disconnects the connection at the next daily run, with one email', async () => {
  t.clock.advance(3 * HOUR);
  google.applyEvent('maya.makes', 'revoke');
  for (let day = 401; day <= 403; day++) {
    travelTo(t, start, day);
    await runDailyJobs(t);
  }
  expect((await t.api('GET', `/v1/connections/${id}`)).json()).toMatchObject({ status: 'disconnected', statusReason: 'revoked' });
  const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
  expect(handed.statusCode).toBe(409);
  expect(handed.json().error.details.reason).toBe('revoked');
  const emails = await emailsTo(t, creator.email, start);
  expect(emails.map((e) => `${e.day}:${e.kind}`)).toEqual(['401:connection_disconnected']);
  expect(await eventsOf(t, id, 'refresh_failed')).toEqual([]);
});
