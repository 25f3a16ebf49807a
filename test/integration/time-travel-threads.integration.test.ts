/**
 * Threads through 400 simulated days. As with Instagram Login there is no refresh token: the long-lived
 * token (60 days) is refreshed once it is old enough, and lives 60 days from each refresh. The sweep
 * refreshes it at 50 days of age (less this connection's fixed spread), never under 24 hours, so it never
 * lapses and the creator hears nothing; then the creator removes the app and gets one email naming the
 * profile. (Two steps of 200 days, so each test stays short on a busy machine.)
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThreadsWorld } from '../../sandbox/threads/world.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { spreadOffsetMs } from '../../src/providers/token-policy.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds, emailsTo, eventsOf, runDailyJobs, travelTo } from '../support/daily-jobs.ts';

let t: TestContext;
let threads: ThreadsWorld;
let id: string;
let userId: string;
const start = new Date('2026-01-01T02:00:00Z');
const creator = { id: 'tara', email: 'tara@example.com', name: 'Tara' };
const refreshDays: number[] = [];

beforeAll(async () => {
  t = await createTestContext({ now: start.toISOString() });
  threads = t.sandbox.world.network<ThreadsWorld>('threads');
  [id] = connectedIds((await t.connect({ provider: 'threads', account: 'tara.threads', creator, returnUrl: 'https://p.example/' })).headers.location as string) as [string];
  userId = threads.profile('tara.threads')!.id;
});
afterAll(() => t.close());

/** Days `from`..`to`: the daily jobs, then a hand-out whose token must work at Threads. */
async function liveThrough(from: number, to: number): Promise<void> {
  for (let day = from; day <= to; day++) {
    travelTo(t, start, day);
    const before = t.sandbox.world.calls.count('threads.refresh_access_token', userId);
    await runDailyJobs(t);
    const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
    expect(handed.statusCode, `day ${day}: ${handed.body}`).toBe(200);
    const check = threads.check(handed.json().accessToken);
    expect(check.ok, `token works on day ${day}`).toBe(true);
    if (t.sandbox.world.calls.count('threads.refresh_access_token', userId) === before) continue;
    refreshDays.push(day);
    // The refresh handed out a token valid 60 days from now, and it was at least 24 hours old.
    if (check.ok) expect(check.token.expiresAtMs).toBe(start.getTime() + (day + 60) * DAY);
  }
}

/** Every 50 days less this connection's fixed spread (up to 5 days, from its id), on the next daily run. */
function expectedRefreshDays(upTo: number): number[] {
  const gap = Math.ceil(50 - spreadOffsetMs(t.system.deps.policies.threads!, id) / DAY);
  expect(gap).toBeGreaterThanOrEqual(46);
  expect(gap).toBeLessThanOrEqual(50);
  return Array.from({ length: Math.floor(upTo / gap) }, (_, i) => gap * (i + 1));
}

it('keeps a Threads token alive through the first 200 days, refreshing it around day 50 each time', async () => {
  await liveThrough(1, 200);
  expect(refreshDays).toEqual(expectedRefreshDays(200));
});

it('keeps it alive through day 400 without a failed refresh, a token under 24 hours refreshed, or an email', async () => {
  await liveThrough(201, 400);
  expect(refreshDays).toEqual(expectedRefreshDays(400));
  expect(refreshDays.length).toBeGreaterThanOrEqual(8);
  const gaps = refreshDays.map((day, i) => day - (refreshDays[i - 1] ?? 0));
  expect(Math.min(...gaps) * DAY).toBeGreaterThan(24 * HOUR);
  expect(t.sandbox.world.calls.count('threads.refresh_access_token', userId)).toBe(refreshDays.length);
  expect(await eventsOf(t, id, 'refresh_failed')).toEqual([]);
  expect(await emailsTo(t, creator.email, start)).toEqual([]);
  expect((await t.api('GET', `/v1/connections/${id}`)).json()).toMatchObject({ status: 'active', network: 'threads', username: 'tara.threads' });
});

it('disconnects when the creator removes the app, with one email naming @tara.threads', async () => {
  t.clock.advance(3 * HOUR);
  threads.applyEvent('tara.threads', 'revoke');
  for (let day = 401; day <= 403; day++) {
    travelTo(t, start, day);
    await runDailyJobs(t);
  }
  const dead = (await t.api('GET', `/v1/connections/${id}`)).json();
  expect(dead).toMatchObject({ status: 'disconnected', statusReason: 'app_removed' });
  const emails = await emailsTo(t, creator.email, start);
  expect(emails).toHaveLength(1);
  expect(emails[0]!.subject).toContain('@tara.threads');
  expect(emails[0]!.text_body).toContain('Threads');
});
