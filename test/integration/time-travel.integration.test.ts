/**
 * 400 days in a few seconds: the daily jobs run every simulated day at 02:00 UTC, and the token
 * must never lapse. Then the creator changes their password.
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { spreadOffsetMs } from '../../src/providers/token-policy.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
const start = new Date('2026-01-01T02:00:00Z');
beforeAll(async () => {
  t = await createTestContext({ now: start.toISOString() });
});
afterAll(() => t.close());

it('keeps an Instagram token alive for 400 days, refreshing every 45 to 50 days, then disconnects on a password change with one email', async () => {
  const res = await t.connect({ creator: { id: 'ana', email: 'ana@example.com', name: 'Ana' }, account: 'ana.business', returnUrl: 'https://p.example/' });
  const id = new URL(res.headers.location as string).searchParams.get('connection') as string;
  const refreshDays: number[] = [];
  for (let day = 1; day <= 400; day++) {
    t.clock.set(new Date(start.getTime() + day * DAY));
    const report = await runRefreshSweep(t.system.deps, { includeScheduled: true });
    await verifyConnections(t.system.deps);
    if (report.refreshed > 0) refreshDays.push(day);
    const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
    expect(handed.statusCode, `day ${day}`).toBe(200);
    expect(t.sandbox.world.instagram.check(handed.json().accessToken).ok, `token works on day ${day}`).toBe(true);
  }
  const failures = await t.system.deps.db
    .selectFrom('connection_events')
    .select(['type', 'occurred_at', 'detail'])
    .where('connection_id', '=', id)
    .where('type', '=', 'refresh_failed')
    .execute();
  expect(failures, 'no refresh attempt failed').toEqual([]);
  // Every 50 days less this connection's fixed spread (up to 5 days, from its id), on the next daily run.
  const gap = Math.ceil(50 - spreadOffsetMs(t.system.deps.policies.instagram!, id) / DAY);
  expect(gap).toBeGreaterThanOrEqual(46);
  expect(refreshDays).toEqual(Array.from({ length: 8 }, (_, i) => gap * (i + 1)));
  const userId = t.sandbox.world.instagram.account('ana.business')?.userId;
  expect(t.sandbox.world.calls.count('refresh_access_token', userId)).toBe(8);
  const alive = (await t.api('GET', `/v1/connections/${id}`)).json();
  expect(alive.status).toBe('active');

  t.clock.advance(3 * 3_600_000);
  t.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
  for (let day = 401; day <= 403; day++) {
    t.clock.set(new Date(start.getTime() + day * DAY));
    await runRefreshSweep(t.system.deps, { includeScheduled: true });
    await verifyConnections(t.system.deps);
  }
  const dead = (await t.api('GET', `/v1/connections/${id}`)).json();
  expect(dead.status).toBe('disconnected');
  expect(dead.statusReason).toBe('password_changed');
  const emails = await t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', 'ana@example.com').execute();
  expect(emails).toHaveLength(1);
  expect(emails[0]?.subject).toContain('@ana.business');
  expect(emails[0]?.text_body).toMatch(/password/i);
});
