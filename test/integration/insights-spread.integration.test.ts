/**
 * A manual refresh of a 5,000-post campaign completes within 24 hours while no rate-limit window is
 * ever exceeded: the worker runs on a manual clock, woken when the earliest waiting task is due (as
 * the minute schedule would), and the fake network counts calls per window and per account.
 * Insights come from test/support/fake-insights.ts until the adapters land (drop `installFakeInsights`).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runInsightTasks } from '../../src/app/insights-worker.ts';
import { DAY, HOUR, MINUTE } from '../../src/domain/clock.ts';
import type { RateLimits } from '../../src/domain/rate-limits.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { installFakeInsights, type FakeInsights } from '../support/fake-insights.ts';
import { connectChannel, seedCampaign, seedPosts, type Channel } from '../support/insights-fixtures.ts';

let t: TestContext;
let fake: FakeInsights;
const channels: Channel[] = [];

// Tight budgets so the refresh has to be spread over many windows: 5,000 calls at 300 an hour take ~17 h.
const limits: RateLimits = {
  instagram: [
    { key: 'meta:app', scope: 'app', limit: 300, windowMs: HOUR },
    { key: 'instagram:buc', scope: 'account', limit: 80, windowMs: HOUR },
  ],
};

beforeAll(async () => {
  t = await createTestContext({ now: '2026-04-01T09:17:00Z', logLevel: 'warn' });
  fake = installFakeInsights(t);
  for (const name of ['s1', 's2', 's3', 's4', 's5']) channels.push(await connectChannel(t, name));
  const now = t.clock.now();
  await seedCampaign(t.system.deps.db, { workspaceId: channels[0]!.workspaceId, id: 'cmp-big', createdAt: now });
  for (const [i, channel] of channels.entries()) {
    await seedPosts(t, channel, 'cmp-big', now, Array.from({ length: 1000 }, (_, n) => ({ id: `big-${i}-${n}`, rank: null })));
  }
});
afterAll(() => t.close());

it('a 5,000-post manual refresh finishes within 24 hours and never exceeds a window’s limit', async () => {
  const pressedAt = t.clock.now();
  const pressed = await t.api('POST', '/v1/campaigns/cmp-big/refresh-insights');
  expect(pressed.json().insightsRefresh.progress.total).toBe(5000);
  const db = t.system.deps.db;
  for (let wake = 0; wake < 200; wake++) {
    await runInsightTasks(t.system.deps, { limits });
    const next = await db.selectFrom('insight_tasks').select((eb) => eb.fn.min('run_after').as('at')).where('status', '=', 'queued').executeTakeFirst();
    if (!next?.at) break;
    t.clock.set(new Date(Math.max(new Date(next.at).getTime(), t.clock.now().getTime() + MINUTE)));
  }
  const state = (await t.api('GET', '/v1/campaigns/cmp-big/insights-refresh')).json();
  expect(state.progress).toEqual({ total: 5000, completed: 5000, failed: 0, paused: 0 });
  const lastCall = Math.max(...fake.calls.map((c) => c.at));
  expect(lastCall - pressedAt.getTime()).toBeLessThan(DAY);
  expect(fake.calls).toHaveLength(5000);
  expect(Math.max(...fake.callsPerWindow(HOUR).values())).toBeLessThanOrEqual(300);
  for (const channel of channels) {
    expect(Math.max(...fake.callsPerWindow(HOUR, (c) => c.accountId === channel.accountId).values())).toBeLessThanOrEqual(80);
  }
  // The budget was used, not wasted: the refresh needed close to the 5,000 / 300 = 17 windows it must.
  expect(fake.callsPerWindow(HOUR).size).toBeLessThanOrEqual(18);
  expect(await t.system.deps.db.selectFrom("media_insights").select((eb) => eb.fn.countAll<number>().as("n")).where("media_id", "like", "big-%").executeTakeFirstOrThrow()).toEqual({ n: 5000 });
}, 300_000);
