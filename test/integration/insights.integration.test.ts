/**
 * Insights end to end on the real system (HTTP, plan, worker, database) with a manual clock: which
 * posts refresh automatically and when that stops, snapshots accumulating, the Refresh Insights
 * button's cooldown under concurrency and its progress, a disconnected channel pausing and resuming,
 * and throttles that delay work without losing it. Long: one context per describe keeps it fast.
 * Insights come from test/support/fake-insights.ts until the adapters land (drop `installFakeInsights`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/domain/clock.ts';
import { autoRefreshDecision } from '../../src/domain/insights-recency.ts';
import { latestMetricsFor, metricsSeries, pausedRefreshFor } from '../../src/app/insights.ts';
import { planInsights, planStories } from '../../src/app/insights-plan.ts';
import { runInsightTasks } from '../../src/app/insights-worker.ts';
import { refreshAudiences } from '../../src/app/audience.ts';
import { ProviderError } from '../../src/providers/provider.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { runDailyJobs } from '../support/daily-jobs.ts';
import { installFakeInsights, type FakeInsights } from '../support/fake-insights.ts';
import { connectChannel, openTasks, providerIdOf, seedCampaign, seedPosts, snapshotCount, type Channel } from '../support/insights-fixtures.ts';

let t: TestContext;
let fake: FakeInsights;
let ana: Channel;
let ben: Channel;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T00:00:00Z', logLevel: 'warn' });
  fake = installFakeInsights(t);
  ana = await connectChannel(t, 'ana');
  ben = await connectChannel(t, 'ben');
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const deps = () => t.system.deps;

/** Every bound post in the database, judged by the pure rules: the set the SQL plan must queue. */
async function dueByTheRules(now: Date): Promise<string[]> {
  const rows = await db()
    .selectFrom('campaign_posts as p')
    .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
    .innerJoin('media as m', 'm.id', 'p.media_id')
    .innerJoin('connections as k', 'k.id', 'm.connection_id')
    .select(['m.id', 'c.state', 'c.created_at', 'c.due_date', 'm.recent_rank', 'p.bound_by', 'm.media_type', 'm.published_at', 'k.status', 'k.status_reason'])
    .where('p.status', '=', 'bound')
    .execute();
  const due = rows.filter((r) => autoRefreshDecision({
    campaign: { state: r.state, createdAt: r.created_at, dueDate: r.due_date },
    post: { recentRank: r.recent_rank, boundBy: r.bound_by, mediaType: r.media_type, publishedAt: r.published_at },
    connectionStatus: { status: r.status, reason: r.status_reason },
    now,
  }).due);
  return [...new Set(due.map((r) => r.id))].sort();
}

describe('automatic refresh', () => {
  it('over 120 days, refreshes start and stop exactly when the pure rules say, for every bound post', async () => {
    const start = t.clock.now();
    const at = (day: number) => new Date(start.getTime() + day * DAY);
    // Live from day 5, due on day 60: refreshed from day 5 to day 105 (45 full days after the due date).
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-auto', state: 'draft', createdAt: start, dueDate: at(60) });
    // No due date: refreshed while created at most 90 full days ago, days 0 to 90.
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-nodue', createdAt: start });
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-draft', state: 'draft', createdAt: start });
    await seedPosts(t, ana, 'cmp-auto', start, [
      { id: 'a-rank1', rank: 1 },
      { id: 'a-rank100', rank: 100, boundBy: 'manual' },
      { id: 'a-rank101', rank: 101 },
      { id: 'a-unranked', rank: null },
      { id: 'a-self', rank: 2, boundBy: 'self_reported' },
      { id: 'a-unbound', rank: 3, status: 'unbound' },
    ]);
    await seedPosts(t, ana, 'cmp-nodue', start, [{ id: 'n-1', rank: 5 }]);
    await seedPosts(t, ana, 'cmp-draft', start, [{ id: 'a-draft', rank: 4 }]);

    const refreshedOn = new Map<string, number[]>();
    for (let day = 0; day <= 120; day++) {
      t.clock.set(new Date(at(day).getTime() + 3 * HOUR));
      if (day === 5) await db().updateTable('campaigns').set({ state: 'live' }).where('id', '=', 'cmp-auto').execute();
      // A newer post pushes this one to 101st on day 30.
      if (day === 30) await db().updateTable('media').set({ recent_rank: 101 }).where('id', '=', 'a-rank100').execute();
      // Tokens are kept alive as in production, so the channel stays usable for the 120 days.
      await runDailyJobs(t);
      await planInsights(deps());
      const queued = (await openTasks(db())).map((task) => task.media_id).sort();
      expect(queued, `day ${day}`).toEqual(await dueByTheRules(t.clock.now()));
      for (const id of queued) refreshedOn.set(id, [...(refreshedOn.get(id) ?? []), day]);
      await runInsightTasks(deps());
    }
    const span = (id: string) => [refreshedOn.get(id)?.[0], refreshedOn.get(id)?.at(-1), refreshedOn.get(id)?.length];
    expect(span('a-rank1')).toEqual([5, 105, 101]);
    expect(span('a-rank100')).toEqual([5, 29, 25]);
    expect(span('n-1')).toEqual([0, 90, 91]);
    for (const id of ['a-rank101', 'a-unranked', 'a-self', 'a-unbound', 'a-draft']) expect(refreshedOn.has(id), id).toBe(false);
    expect(await snapshotCount(db(), 'a-rank1')).toBe(101);
    expect(await snapshotCount(db(), 'a-self')).toBe(0);
  }, 120_000);

  it('snapshots accumulate and the latest figures, the engagement rate and the daily series are readable', async () => {
    const latest = await latestMetricsFor(db(), ['a-rank1', 'a-rank101']);
    expect(latest.has('a-rank101')).toBe(false);
    const rank1 = latest.get('a-rank1')!;
    expect(rank1.views).toBe(101_000);
    expect(rank1.engagementRate).toBeCloseTo((40 + 5 + 3 + 2) / 1000);
    const series = await metricsSeries(db(), 'cmp-auto');
    expect(series).toHaveLength(101);
    expect(series[0]).toEqual({ day: '2026-03-06', views: 2000, engagements: 100 });
    // a-rank100's last reading (day 29, its 25th) is carried forward beside a-rank1's 101st.
    expect(series.at(-1)).toEqual({ day: '2026-06-14', views: 101_000 + 25_000, engagements: (101 + 25) * 50 });
  });
});

describe('Refresh Insights button', () => {
  let campaignAt: Date;
  beforeAll(async () => {
    campaignAt = t.clock.now();
    // Completed and old: the button ignores state and recency.
    await seedCampaign(db(), { workspaceId: ben.workspaceId, id: 'cmp-btn', state: 'completed', createdAt: new Date(campaignAt.getTime() - 300 * DAY) });
    await seedPosts(t, ben, 'cmp-btn', campaignAt, [
      { id: 'b-ig', rank: 500 },
      { id: 'b-fb', network: 'facebook', rank: null },
      { id: 'b-pin', network: 'pinterest' },
      { id: 'b-tt', network: 'tiktok' },
      { id: 'b-manual', boundBy: 'manual' },
    ]);
  });

  it('queues every Instagram, Facebook and Pinterest post auto-bound to the campaign, whatever its state', async () => {
    const before = await t.api('GET', '/v1/campaigns/cmp-btn/insights-refresh');
    expect(before.json()).toMatchObject({ status: 'available', lastRequestedAt: null });
    const pressed = await t.api('POST', '/v1/campaigns/cmp-btn/refresh-insights');
    expect(pressed.statusCode).toBe(202);
    expect(pressed.json().insightsRefresh).toMatchObject({ status: 'queued', progress: { total: 3, completed: 0, failed: 0, paused: 0 } });
    const queued = (await openTasks(db())).filter((task) => task.reason === 'manual').map((task) => task.media_id).sort();
    expect(queued).toEqual(['b-fb', 'b-ig', 'b-pin']);
  });

  it('during the 12-hour cooldown answers 429 with the time it is available again', async () => {
    t.clock.advance(11 * HOUR);
    const again = await t.api('POST', '/v1/campaigns/cmp-btn/refresh-insights');
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe('insights_refresh_cooldown');
    const retryAt = new Date(campaignAt.getTime() + 12 * HOUR).toISOString();
    expect(again.json().error.details.retryAt).toBe(retryAt);
    expect(again.headers['retry-after']).toBe(String(HOUR / 1000));
  });

  it('reports progress as the worker goes, then done', async () => {
    await runInsightTasks(deps());
    const state = await t.api('GET', '/v1/campaigns/cmp-btn/insights-refresh');
    expect(state.json()).toMatchObject({ status: 'done', lastRequestedAt: campaignAt.toISOString(), progress: { total: 3, completed: 3, failed: 0, paused: 0 } });
    expect(await snapshotCount(db(), 'b-ig')).toBe(1);
    expect(await snapshotCount(db(), 'b-tt')).toBe(0);
  });

  it('two concurrent presses after the cooldown queue exactly one refresh', async () => {
    t.clock.set(new Date(campaignAt.getTime() + 12 * HOUR));
    const [one, two] = await Promise.all([t.api('POST', '/v1/campaigns/cmp-btn/refresh-insights'), t.api('POST', '/v1/campaigns/cmp-btn/refresh-insights')]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([202, 429]);
    const refreshes = await db().selectFrom('insights_refreshes').select('id').where('campaign_id', '=', 'cmp-btn').execute();
    expect(refreshes).toHaveLength(2);
    await runInsightTasks(deps());
  });

  it('an unknown campaign is 404', async () => {
    expect((await t.api('POST', '/v1/campaigns/nope/refresh-insights')).statusCode).toBe(404);
    expect((await t.api('GET', '/v1/campaigns/nope/insights-refresh')).statusCode).toBe(404);
  });
});

describe('a disconnected channel', () => {
  it('pauses its posts’ refresh with the reason and resumes after the creator reconnects', async () => {
    const now = t.clock.now();
    const cara = await connectChannel(t, 'cara');
    await seedCampaign(db(), { workspaceId: cara.workspaceId, id: 'cmp-pause', createdAt: now });
    await seedPosts(t, cara, 'cmp-pause', now, [{ id: 'c-1' }, { id: 'c-2' }]);
    fake.revoked.set(cara.accountId, 'password_changed');
    await planInsights(deps());
    await runInsightTasks(deps());
    const paused = (await openTasks(db())).filter((task) => task.media_id.startsWith('c-'));
    expect(paused.map((task) => [task.status, task.last_error])).toEqual([['paused', 'password_changed'], ['paused', 'password_changed']]);
    expect(await pausedRefreshFor(db(), 'cmp-pause')).toEqual([
      { mediaId: 'c-1', connectionId: cara.connectionId, network: 'instagram', reason: 'password_changed' },
      { mediaId: 'c-2', connectionId: cara.connectionId, network: 'instagram', reason: 'password_changed' },
    ]);
    // Paused, not retried in a loop: another run calls nothing.
    const calls = fake.calls.length;
    await runInsightTasks(deps());
    expect(fake.calls.length).toBe(calls);

    fake.revoked.delete(cara.accountId);
    await connectChannel(t, 'cara');
    await runInsightTasks(deps());
    expect(await snapshotCount(db(), 'c-1')).toBe(1);
    expect(await snapshotCount(db(), 'c-2')).toBe(1);
    expect(await pausedRefreshFor(db(), 'cmp-pause')).toEqual([]);
  });
});

describe('throttling', () => {
  it('an app-wide throttle pauses the network for everyone and the work is done after it, none lost', async () => {
    const now = t.clock.now();
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-throttle', createdAt: now });
    await seedPosts(t, ana, 'cmp-throttle', now, [{ id: 't-1' }, { id: 't-2' }, { id: 't-3' }]);
    fake.throttles.push(new ProviderError('rate_limited', 'app limit', { appWide: true, retryAfterSeconds: 3600, providerCode: '4' }));
    await planInsights(deps());
    const report = await runInsightTasks(deps());
    expect(report.failed).toBe(0);
    const waiting = (await openTasks(db())).filter((task) => task.media_id.startsWith('t-'));
    expect(waiting.every((task) => task.status === 'queued' && new Date(task.run_after).getTime() === now.getTime() + HOUR)).toBe(true);
    t.clock.advance(HOUR);
    await runInsightTasks(deps());
    for (const id of ['t-1', 't-2', 't-3']) expect(await snapshotCount(db(), id)).toBe(1);
  });

  it('a usage header above 90 % slows the account down without failing anything', async () => {
    const now = t.clock.now();
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-usage', createdAt: now });
    await seedPosts(t, ana, 'cmp-usage', now, [{ id: 'u-1' }, { id: 'u-2' }]);
    fake.usagePercent = 95;
    await planInsights(deps());
    await runInsightTasks(deps());
    fake.usagePercent = undefined;
    const left = (await openTasks(db())).filter((task) => task.media_id.startsWith('u-'));
    expect(left).toHaveLength(1);
    expect(new Date(left[0]!.run_after).getTime()).toBe(now.getTime() + 10 * 60_000);
    t.clock.advance(10 * 60_000);
    await runInsightTasks(deps());
    expect((await openTasks(db())).filter((task) => task.media_id.startsWith('u-'))).toEqual([]);
  });
});

describe('stories', () => {
  it('a story bound to a live campaign is read 6, 12, 18 and 23 hours after it was published, then no more', async () => {
    const published = t.clock.now();
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-story', createdAt: published });
    await seedPosts(t, ana, 'cmp-story', published, [{ id: 's-1', mediaType: 'story', rank: null, publishedAt: published }]);
    const readAt: number[] = [];
    for (let hour = 0; hour <= 30; hour++) {
      t.clock.set(new Date(published.getTime() + hour * HOUR));
      await planStories(deps());
      const before = await snapshotCount(db(), 's-1');
      await runInsightTasks(deps());
      if ((await snapshotCount(db(), 's-1')) > before) readAt.push(hour);
    }
    expect(readAt).toEqual([6, 12, 18, 23]);
    const sources = await db().selectFrom('media_insights').select('source').distinct().where('media_id', '=', 's-1').execute();
    expect(sources).toEqual([{ source: 'story' }]);
  });
});

describe('failures', () => {
  it('a network that keeps failing is retried 5 times, backing off, then the task fails; fewer failures still end in a reading', async () => {
    const now = t.clock.now();
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-flaky', createdAt: now });
    await seedPosts(t, ana, 'cmp-flaky', now, [{ id: 'f-1' }]);
    const http500 = () => new ProviderError('transient', 'http 500', { providerCode: 'http_500' });
    fake.failures.set(await providerIdOf(db(), 'f-1'), Array.from({ length: 5 }, http500));
    await planInsights(deps());
    for (let i = 0; i < 6; i++) {
      await runInsightTasks(deps());
      t.clock.advance(30 * 60_000);
    }
    const task = await db().selectFrom('insight_tasks').select(['status', 'attempts', 'last_error']).where('media_id', '=', 'f-1').executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'failed', attempts: 5, last_error: 'no answer after 5 attempts' });

    await seedPosts(t, ana, 'cmp-flaky', now, [{ id: 'f-2' }]);
    fake.failures.set(await providerIdOf(db(), 'f-2'), Array.from({ length: 2 }, http500));
    await planInsights(deps());
    for (let i = 0; i < 3; i++) {
      await runInsightTasks(deps());
      t.clock.advance(30 * 60_000);
    }
    expect(await snapshotCount(db(), 'f-2')).toBe(1);
  });

  it('a post the network has no figures for is recorded as read, without a made-up snapshot', async () => {
    const now = t.clock.now();
    await seedCampaign(db(), { workspaceId: ana.workspaceId, id: 'cmp-gone', createdAt: now });
    await seedPosts(t, ana, 'cmp-gone', now, [{ id: 'g-1' }]);
    fake.unavailable.add(await providerIdOf(db(), 'g-1'));
    await planInsights(deps());
    await runInsightTasks(deps());
    expect(await snapshotCount(db(), 'g-1')).toBe(0);
    expect(await db().selectFrom('media').select('insights_status').where('id', '=', 'g-1').executeTakeFirstOrThrow()).toEqual({ insights_status: 'not_found' });
  });
});

describe('audience', () => {
  it('is read weekly for creators in a campaign and shows "not available" below the threshold, never zeros', async () => {
    fake.audiences.set(ana.accountId, { status: 'available', unit: 'followers', followers: 12_840, age: [{ key: '25-34', value: 5000 }], gender: [{ key: 'F', value: 7000 }], country: [{ key: 'PT', value: 9000 }], city: [{ key: 'Lisbon', value: 4000 }] });
    await db().insertInto('campaign_participants').values([
      { campaign_id: 'cmp-auto', workspace_id: ana.workspaceId, creator_id: 'ana', stage: 'confirmed', joined_at: t.clock.now(), created_at: t.clock.now(), updated_at: t.clock.now() },
      { campaign_id: 'cmp-auto', workspace_id: ben.workspaceId, creator_id: 'ben', stage: 'confirmed', joined_at: t.clock.now(), created_at: t.clock.now(), updated_at: t.clock.now() },
    ]).execute();
    expect(await refreshAudiences(deps())).toEqual({ read: 2, skipped: 0 });
    expect(await refreshAudiences(deps())).toEqual({ read: 0, skipped: 0 });
    const anaAudience = await t.api('GET', `/v1/connections/${ana.connectionId}/audience`);
    expect(anaAudience.json()).toMatchObject({ status: 'available', unit: 'followers', followers: 12_840, city: [{ key: 'Lisbon', value: 4000 }] });
    const benAudience = await t.api('GET', `/v1/connections/${ben.connectionId}/audience`);
    expect(benAudience.json()).toMatchObject({ status: 'unavailable', reason: 'not available (below_threshold)', age: [], followers: 42 });
    t.clock.advance(7 * DAY);
    expect((await refreshAudiences(deps())).read).toBe(2);
  });
});
