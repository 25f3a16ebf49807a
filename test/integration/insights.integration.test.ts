/**
 * Insights end to end on the real system (HTTP, media sync, plan, worker, database) and the real
 * adapters against the sandbox, with a manual clock: campaigns and participants through the API,
 * posts published on the sandbox and bound by the real media sync, figures read by the Instagram,
 * Facebook and Pinterest adapters (exact ones set through the sandbox's controls), and every failure
 * made by the sandbox: account events, fault injection (throttles, 500s, missing media) and its usage
 * headers. Which posts refresh automatically and when that stops, snapshots accumulating, the Refresh
 * Insights button's cooldown under concurrency and its progress, a disconnected channel pausing and
 * resuming, and throttles that delay work without losing it. Long: one context per file keeps it fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TikTokWorld } from '../../sandbox/tiktok/world.ts';
import { queueCampaignSyncs } from '../../src/campaigns/campaign-sync-sweep.ts';
import { refreshAudiences } from '../../src/insights/audience.ts';
import { budgetUse } from '../../src/insights/budget.repo.ts';
import { latestMetricsFor, metricsSeries, pausedChannelsFor, pausedPostsAmong } from '../../src/insights/index.ts';
import { planInsights, planStories } from '../../src/insights/insights-plan.ts';
import { autoRefreshDecision } from '../../src/insights/insights-recency.rules.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { pruneFinishedWork } from '../../src/ops/prune.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { runDailyJobs } from '../support/daily-jobs.ts';
import {
  type Channel,
  connectFacebookPage,
  connectInstagram,
  connectPinterest,
  createCampaign,
  join,
  mediaIdOf,
  openTasks,
  publish,
  setCampaignState,
  snapshotCount,
  snapshotsSince,
  syncNow,
} from '../support/insights-fixtures.ts';

let t: TestContext;
let ana: Channel;
let dora: Channel;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T00:00:00Z', logLevel: 'warn' });
  ana = await connectInstagram(t, 'ana');
  dora = await connectInstagram(t, 'dora');
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const deps = () => t.system.deps;
const insightCalls = () => t.sandbox.world.calls.count('media_insights');
const setFigures = (providerId: string, figures: Record<string, number>) =>
  t.sandbox.app.inject({ method: 'PUT', url: `/_sandbox/instagram/media/${providerId}/insights`, payload: figures });

/** Every bound post in the database, judged by the pure rules: the set the worker must refresh today. */
async function dueByTheRules(now: Date): Promise<string[]> {
  const rows = await db()
    .selectFrom('campaign_posts as p')
    .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
    .innerJoin('media as m', 'm.id', 'p.media_id')
    .innerJoin('connections as k', 'k.id', 'm.connection_id')
    .select(['m.id', 'c.state', 'c.started_at', 'c.created_at', 'c.due_date', 'm.recent_rank', 'p.bound_by', 'm.media_type', 'm.published_at', 'k.status', 'k.status_reason'])
    .where('p.status', '=', 'bound')
    .execute();
  const due = rows.filter(
    (r) =>
      autoRefreshDecision({
        campaign: { state: r.state, startedAt: r.started_at ?? r.created_at, dueDate: r.due_date },
        post: { recentRank: r.recent_rank, boundBy: r.bound_by, mediaType: r.media_type, publishedAt: r.published_at },
        connectionStatus: { status: r.status, reason: r.status_reason },
        now,
      }).due,
  );
  return [...new Set(due.map((r) => r.id))].sort();
}

/** The campaign's post row for one of our media ids (its id is what DELETE …/posts/:postId takes). */
async function campaignPostId(campaignId: string, mediaId: string): Promise<string> {
  const row = await db().selectFrom('campaign_posts').select('id').where('campaign_id', '=', campaignId).where('media_id', '=', mediaId).executeTakeFirstOrThrow();
  return row.id;
}

/** Live campaign with the creator taking part, `count` posts carrying its tag published and bound by a sync. */
async function liveCampaignWithPosts(channel: Channel, tag: string, count: number): Promise<{ campaignId: string; mediaIds: string[]; providerIds: string[] }> {
  const campaignId = await createCampaign(t, { hashtag: tag, state: 'live' });
  await join(t, campaignId, channel.creatorId);
  t.clock.advance(MINUTE);
  const providerIds = Array.from({ length: count }, (_, i) => publish(t, channel, `Post ${i} ${tag} #ad`));
  await syncNow(t, channel);
  // A post has figures a while after it was published (Graph answers an empty `data` before).
  t.clock.advance(HOUR);
  return { campaignId, providerIds, mediaIds: await Promise.all(providerIds.map((id) => mediaIdOf(db(), id))) };
}

let autoCampaign: string;
let rank1: string;
const refreshedOn = new Map<string, number[]>();

describe('automatic refresh', () => {
  it('over 120 days, refreshes start and stop exactly when the pure rules say, for every bound post', async () => {
    const start = t.clock.now();
    const at = (day: number) => new Date(start.getTime() + day * DAY + 3 * HOUR);
    // Draft, live from day 5, due on day 60: refreshed from day 5 to day 105 (45 full days after the due date).
    autoCampaign = await createCampaign(t, { hashtag: '#AcmeAuto', dueDate: new Date(start.getTime() + 60 * DAY).toISOString() });
    // Live, no due date: refreshed while created at most 90 full days ago, days 0 to 90.
    const nodue = await createCampaign(t, { hashtag: '#AcmeNoDue', state: 'live' });
    // Never goes live: binds and refreshes nothing.
    const draft = await createCampaign(t, { hashtag: '#AcmeDraft' });
    for (const campaign of [autoCampaign, nodue, draft]) await join(t, campaign, 'ana');
    await join(t, nodue, 'dora');
    t.clock.advance(MINUTE);
    const tick = () => t.clock.advance(1000);
    // Ana's feed, oldest first: "pushed" ends up 100th of her newest posts, and 101st once she posts again on day 30.
    const ids: Record<string, string> = {};
    ids.pushed = publish(t, ana, 'First look #AcmeAuto #ad');
    tick();
    for (let i = 0; i < 94; i++, tick()) publish(t, ana, `Just life ${i}`);
    ids.unbound = publish(t, ana, 'Oops #AcmeAuto');
    tick();
    ids.nodue = publish(t, ana, 'Spring #AcmeNoDue #ad');
    tick();
    ids.self = publish(t, ana, 'Made with Acme, no tag');
    tick();
    ids.draft = publish(t, ana, 'Soon #AcmeDraft #ad');
    tick();
    ids.rank1 = publish(t, ana, 'Out now #AcmeAuto #ad');
    ids.dora = publish(t, dora, 'Spring with Dora #AcmeNoDue #ad');
    await syncNow(t, ana);
    await syncNow(t, dora);
    const media: Record<string, string> = {};
    for (const [key, providerId] of Object.entries(ids)) media[key] = await mediaIdOf(db(), providerId);
    rank1 = media.rank1!;
    expect(await db().selectFrom('media').select('recent_rank').where('id', '=', media.pushed!).executeTakeFirstOrThrow()).toEqual({ recent_rank: 100 });

    for (let day = 0; day <= 120; day++) {
      t.clock.set(at(day));
      if (day === 5) {
        await setCampaignState(t, autoCampaign, 'live');
        expect((await t.api('DELETE', `/v1/campaigns/${autoCampaign}/posts/${await campaignPostId(autoCampaign, media.unbound!)}`)).statusCode).toBe(200);
        const permalink = (await db().selectFrom('media').select('permalink').where('id', '=', media.self!).executeTakeFirstOrThrow()).permalink!;
        expect((await t.api('POST', `/v1/campaigns/${autoCampaign}/participants/ana/posts`, { url: permalink })).statusCode).toBe(201);
      }
      if (day === 30) publish(t, ana, 'A newer post');
      // Dora changes her password: the network refuses the grant, the channel is disconnected until she reconnects.
      if (day === 40) t.sandbox.world.instagram.applyEvent('dora.biz', 'password-change');
      if (day === 50) await connectInstagram(t, 'dora');
      // What the schedule runs in a day: token upkeep, the live campaigns' media syncs, the insights plan, the worker.
      await runDailyJobs(t);
      await queueCampaignSyncs(deps());
      await runMediaSyncs(deps());
      await planInsights(deps());
      const due = await dueByTheRules(t.clock.now());
      await runInsightTasks(deps());
      const refreshed = [...(await snapshotsSince(db(), t.clock.now())).keys()].sort();
      expect(refreshed, `day ${day}`).toEqual(due);
      for (const id of refreshed) refreshedOn.set(id, [...(refreshedOn.get(id) ?? []), day]);
    }
    const span = (key: string) => [refreshedOn.get(media[key]!)?.[0], refreshedOn.get(media[key]!)?.at(-1), refreshedOn.get(media[key]!)?.length];
    expect(span('rank1')).toEqual([5, 105, 101]);
    expect(span('pushed')).toEqual([5, 29, 25]);
    expect(span('nodue')).toEqual([0, 90, 91]);
    // Dora: refreshed until her password change (day 40), paused while disconnected, resumed after she reconnected (day 50).
    const doraDays = refreshedOn.get(media.dora!) ?? [];
    expect([doraDays[0], doraDays.includes(39), doraDays.includes(40), doraDays.includes(49), doraDays.includes(50), doraDays.at(-1)]).toEqual([0, true, false, false, true, 90]);
    for (const key of ['unbound', 'self', 'draft']) expect(refreshedOn.has(media[key]!), key).toBe(false);
    expect(await snapshotCount(db(), media.rank1!)).toBe(101);
    expect(await snapshotCount(db(), media.self!)).toBe(0);
  }, 60_000);

  it('snapshots accumulate and the latest figures, the engagement rate and the daily series are readable', async () => {
    const providerId = (await db().selectFrom('media').select('provider_media_id').where('id', '=', rank1).executeTakeFirstOrThrow()).provider_media_id;
    const before = await latestMetricsFor(db(), [rank1]);
    // The sandbox's generated figures rise with the post's age: the last snapshot is the largest.
    const first = await db().selectFrom('media_insights').select('views').where('media_id', '=', rank1).orderBy('captured_at').executeTakeFirstOrThrow();
    expect(before.get(rank1)!.views!).toBeGreaterThan(first.views!);
    // Exact figures set on the network, read by the button's refresh (the campaign is past its recency window).
    await setFigures(providerId, { views: 200_000, reach: 150_000, likes: 8_000, comments: 1_000, saved: 600, shares: 400, total_interactions: 10_000 });
    expect((await t.api('POST', `/v1/campaigns/${autoCampaign}/refresh-insights`)).statusCode).toBe(202);
    await runInsightTasks(deps());
    const latest = (await latestMetricsFor(db(), [rank1])).get(rank1)!;
    expect(latest).toMatchObject({ views: 200_000, reach: 150_000, likes: 8_000, comments: 1_000, saves: 600, shares: 400, totalInteractions: 10_000 });
    expect(latest.engagementRate).toBeCloseTo((8_000 + 1_000 + 600 + 400) / 200_000);
    const series = await metricsSeries(db(), autoCampaign);
    // Days 5 to 105, and today's manual reading.
    expect(series).toHaveLength(102);
    expect(series.at(-1)).toMatchObject({ views: expect.any(Number) });
    expect(series.at(-1)!.views).toBeGreaterThanOrEqual(200_000);
  });
});

describe('Refresh Insights button', () => {
  let campaignId: string;
  let pressedAt: Date;
  const bound: Record<string, string[]> = {};
  beforeAll(async () => {
    // TikTok's sandbox videos carry "#sandbox": the campaign's tag, so every network binds by it.
    const tag = '#sandbox';
    const ben = await connectInstagram(t, 'ben');
    const benPage = await connectFacebookPage(t, 'ben', `Ben Bakes ${tag}`);
    const benPins = await connectPinterest(t, 'ben', tag, 2);
    t.sandbox.world.network<TikTokWorld>('tiktok').createAccount({ username: 'ben.tok', videoCount: 2 });
    await t.connect({ creator: { id: 'ben', email: 'ben@example.com' }, provider: 'tiktok', account: 'ben.tok' });
    campaignId = await createCampaign(t, { hashtag: tag, state: 'live' });
    await join(t, campaignId, 'ben', new Date(t.clock.now().getTime() - 60 * DAY));
    t.clock.advance(MINUTE);
    const igPost = publish(t, ben, `Baking ${tag} #ad`);
    t.clock.advance(1000);
    const untagged = publish(t, ben, 'A post the brand binds by hand');
    for (const channel of [ben, benPage, benPins]) await syncNow(t, channel);
    await runMediaSyncs(deps());
    // A hundred newer posts: the bound one is 101st (unranked), out of the recency rules, and the button still refreshes it.
    for (let i = 0; i < 100; i++, t.clock.advance(1000)) publish(t, ben, `Later ${i}`);
    t.clock.advance(1000);
    await syncNow(t, ben);
    const permalink = (await db().selectFrom('media').select('permalink').where('provider_media_id', '=', untagged).executeTakeFirstOrThrow()).permalink!;
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: permalink })).statusCode).toBe(201);
    // Completed: the button ignores the campaign's state.
    await setCampaignState(t, campaignId, 'completed');
    const rows = await db().selectFrom('campaign_posts').select(['media_id', 'network', 'bound_by']).where('campaign_id', '=', campaignId).execute();
    for (const row of rows) bound[`${row.network}:${row.bound_by}`] = [...(bound[`${row.network}:${row.bound_by}`] ?? []), row.media_id!];
    expect(Object.fromEntries(Object.entries(bound).map(([k, v]) => [k, v.length]))).toEqual({
      'instagram:auto': 1,
      'instagram:manual': 1,
      'facebook:auto': 12,
      'pinterest:auto': 2,
      'tiktok:auto': 2,
    });
    expect(
      await db()
        .selectFrom('media')
        .select('recent_rank')
        .where('id', '=', await mediaIdOf(db(), igPost))
        .executeTakeFirstOrThrow(),
    ).toEqual({ recent_rank: null });
    // Each post got its first reading when it was bound; the button's refresh comes on top.
    await runInsightTasks(deps());
    expect((await openTasks(db())).filter((task) => task.reason === 'auto')).toEqual([]);
  });

  it('queues every Instagram, Facebook and Pinterest post auto-bound to the campaign, whatever its state', async () => {
    const before = await t.api('GET', `/v1/campaigns/${campaignId}/insights-refresh`);
    expect(before.json()).toMatchObject({ status: 'available', lastRequestedAt: null });
    pressedAt = t.clock.now();
    const pressed = await t.api('POST', `/v1/campaigns/${campaignId}/refresh-insights`);
    expect(pressed.statusCode).toBe(202);
    expect(pressed.json().insightsRefresh).toMatchObject({ status: 'queued', progress: { total: 15, completed: 0, failed: 0, paused: 0 } });
    const queued = (await openTasks(db()))
      .filter((task) => task.reason === 'manual')
      .map((task) => task.media_id)
      .sort();
    expect(queued).toEqual([...bound['instagram:auto']!, ...bound['facebook:auto']!, ...bound['pinterest:auto']!].sort());
  });

  it('during the 12-hour cooldown answers 429 with the time it is available again', async () => {
    t.clock.advance(11 * HOUR);
    const again = await t.api('POST', `/v1/campaigns/${campaignId}/refresh-insights`);
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe('insights_refresh_cooldown');
    expect(again.json().error.details.retryAt).toBe(new Date(pressedAt.getTime() + 12 * HOUR).toISOString());
    expect(again.headers['retry-after']).toBe(String(HOUR / 1000));
  });

  it('reports progress as the worker goes, then done', async () => {
    const calls = t.sandbox.world.calls.snapshot();
    const metaBudget = async () => (await budgetUse(db(), 'meta:app')).reduce((sum, w) => sum + w.used, 0);
    const spentBefore = await metaBudget();
    await runInsightTasks(deps());
    const state = await t.api('GET', `/v1/campaigns/${campaignId}/insights-refresh`);
    expect(state.json()).toMatchObject({ status: 'done', lastRequestedAt: pressedAt.toISOString(), progress: { total: 15, completed: 15, failed: 0, paused: 0 } });
    // What the real adapters asked the networks: per Instagram post and pin one call; per Page post its insights and its node.
    const after = t.sandbox.world.calls.snapshot();
    const made = Object.fromEntries(
      Object.entries(after.byEndpoint)
        .map(([e, n]) => [e, n - (calls.byEndpoint[e] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
    expect(made).toEqual({ media_insights: 1, 'facebook.post_insights': 12, 'facebook.post': 12, 'pinterest.pin_analytics': 2 });
    // Meta's app budget was spent per request the networks saw, Page posts' two included.
    expect((await metaBudget()) - spentBefore).toBe(1 + 12 + 12);
    // The first reading at bind time, then the button's. TikTok posts had only the first; the post bound
    // by hand as 101st none (out of the recency rules, and the button takes auto-bound posts only).
    expect(await snapshotCount(db(), bound['instagram:auto']![0]!)).toBe(2);
    for (const id of bound['tiktok:auto']!) expect(await snapshotCount(db(), id)).toBe(1);
    expect(await snapshotCount(db(), bound['instagram:manual']![0]!)).toBe(0);
  });

  it('two concurrent presses after the cooldown queue exactly one refresh', async () => {
    t.clock.set(new Date(pressedAt.getTime() + 12 * HOUR));
    const [one, two] = await Promise.all([t.api('POST', `/v1/campaigns/${campaignId}/refresh-insights`), t.api('POST', `/v1/campaigns/${campaignId}/refresh-insights`)]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([202, 429]);
    const refreshes = await db().selectFrom('insights_refreshes').select('id').where('campaign_id', '=', campaignId).execute();
    expect(refreshes).toHaveLength(2);
    await runInsightTasks(deps());
  });

  it('a press that joins a post the worker is reading right now ends done when that reading does', async () => {
    const eve = await connectInstagram(t, 'eve');
    const { campaignId: eveCampaign, mediaIds } = await liveCampaignWithPosts(eve, '#AcmeJoin', 1);
    // The post's first reading is queued (bound just now); the brand presses while the worker reads it.
    expect((await openTasks(db())).filter((task) => task.media_id === mediaIds[0]).map((task) => task.reason)).toEqual(['auto']);
    const instagram = deps().providers.get('instagram')!;
    let pressed: number | undefined;
    const pressing = Object.assign(Object.create(instagram) as typeof instagram, {
      fetchMediaInsights: async (...args: Parameters<typeof instagram.fetchMediaInsights>) => {
        pressed ??= (await t.api('POST', `/v1/campaigns/${eveCampaign}/refresh-insights`)).statusCode;
        return instagram.fetchMediaInsights(...args);
      },
    });
    const providers = { get: (id: string) => (id === 'instagram' ? pressing : deps().providers.get(id)), all: () => deps().providers.all() };
    await runInsightTasks({ ...deps(), providers });
    expect(pressed).toBe(202);
    expect(await snapshotCount(db(), mediaIds[0]!)).toBe(1);
    const state = (await t.api('GET', `/v1/campaigns/${eveCampaign}/insights-refresh`)).json();
    expect(state).toMatchObject({ status: 'done', progress: { total: 1, completed: 1, failed: 0, paused: 0 } });
  });

  it('an unknown campaign is 404', async () => {
    expect((await t.api('POST', '/v1/campaigns/nope/refresh-insights')).statusCode).toBe(404);
    expect((await t.api('GET', '/v1/campaigns/nope/insights-refresh')).statusCode).toBe(404);
  });
});

describe('a disconnected channel', () => {
  it('pauses its posts’ refresh with the reason and resumes after the creator reconnects', async () => {
    const cara = await connectInstagram(t, 'cara');
    const { campaignId, mediaIds } = await liveCampaignWithPosts(cara, '#AcmePause', 2);
    // Cara changes her password on the network: the next insights call is refused (190/460).
    t.sandbox.world.instagram.applyEvent('cara.biz', 'password-change');
    await planInsights(deps());
    await runInsightTasks(deps());
    const paused = (await openTasks(db())).filter((task) => mediaIds.includes(task.media_id));
    expect(paused.map((task) => [task.status, task.last_error])).toEqual([
      ['paused', 'password_changed'],
      ['paused', 'password_changed'],
    ]);
    expect((await t.api('GET', `/v1/connections/${cara.connectionId}`)).json()).toMatchObject({ status: 'disconnected', statusReason: 'password_changed' });
    expect(await pausedChannelsFor(db(), campaignId)).toEqual([{ connectionId: cara.connectionId, network: 'instagram', reason: 'password_changed', posts: 2 }]);
    expect((await t.api('GET', `/v1/campaigns/${campaignId}`)).json().refreshPaused).toEqual([
      { connectionId: cara.connectionId, network: 'instagram', reason: 'password_changed', posts: 2 },
    ]);
    expect(await pausedPostsAmong(db(), campaignId, mediaIds.slice(0, 1))).toEqual([
      { mediaId: mediaIds[0], connectionId: cara.connectionId, network: 'instagram', reason: 'password_changed' },
    ]);
    // Paused, not retried in a loop: another run calls nothing.
    const calls = insightCalls();
    await runInsightTasks(deps());
    expect(insightCalls()).toBe(calls);

    await connectInstagram(t, 'cara');
    await runInsightTasks(deps());
    for (const id of mediaIds) expect(await snapshotCount(db(), id)).toBe(1);
    expect(await pausedChannelsFor(db(), campaignId)).toEqual([]);
    expect(await pausedPostsAmong(db(), campaignId, mediaIds)).toEqual([]);
  });
});

describe('throttling', () => {
  it('an app-wide throttle pauses the network for everyone and the work is done after it, none lost', async () => {
    const { mediaIds } = await liveCampaignWithPosts(ana, '#AcmeThrottle', 3);
    const now = t.clock.now();
    // Meta's app limit (code 4) on the next insights call, whatever the account.
    t.sandbox.world.faults.add({ endpoint: 'media_insights', fault: 'throttle', code: 4 });
    await planInsights(deps());
    const report = await runInsightTasks(deps());
    expect(report.failed).toBe(0);
    const waiting = (await openTasks(db())).filter((task) => mediaIds.includes(task.media_id));
    expect(waiting).toHaveLength(3);
    const runAfter = new Date(waiting[0]!.run_after).getTime();
    expect(waiting.every((task) => task.status === 'queued' && new Date(task.run_after).getTime() === runAfter)).toBe(true);
    expect(runAfter).toBeGreaterThan(now.getTime());
    expect(runAfter).toBeLessThanOrEqual(now.getTime() + HOUR);
    expect(await db().selectFrom('provider_pauses').select('until').where('provider', '=', 'instagram').executeTakeFirstOrThrow()).toEqual({ until: new Date(runAfter) });
    // Nobody's Instagram insights are asked for while the app is throttled.
    const calls = insightCalls();
    t.clock.set(new Date(runAfter - MINUTE));
    await runInsightTasks(deps());
    expect(insightCalls()).toBe(calls);
    t.clock.set(new Date(runAfter));
    await runInsightTasks(deps());
    for (const id of mediaIds) expect(await snapshotCount(db(), id)).toBe(1);
  });

  it('a throttle of one account (BUC 80002) delays that account only', async () => {
    const { mediaIds: anas } = await liveCampaignWithPosts(ana, '#AcmeBuc', 2);
    const { mediaIds: doras } = await liveCampaignWithPosts(dora, '#AcmeBuc2', 2);
    const anaUserId = t.sandbox.world.instagram.account('ana.biz')!.userId;
    t.sandbox.world.faults.add({ endpoint: 'media_insights', fault: 'throttle', code: 80002, accountUserId: anaUserId, regainMinutes: 30 });
    await planInsights(deps());
    await runInsightTasks(deps());
    for (const id of doras) expect(await snapshotCount(db(), id)).toBe(1);
    const waiting = (await openTasks(db())).filter((task) => anas.includes(task.media_id));
    expect(waiting.map((task) => new Date(task.run_after).getTime())).toEqual(anas.map(() => t.clock.now().getTime() + 30 * MINUTE));
    t.clock.advance(30 * MINUTE);
    await runInsightTasks(deps());
    for (const id of anas) expect(await snapshotCount(db(), id)).toBe(1);
  });

  it('a usage header above 90 % slows the account down without failing anything', async () => {
    const { mediaIds } = await liveCampaignWithPosts(ana, '#AcmeUsage', 2);
    const now = t.clock.now();
    // Other traffic of the app already uses 95 % of its hourly limit: X-App-Usage says so on every answer.
    t.sandbox.world.config.appUsagePercent = 95;
    await planInsights(deps());
    await runInsightTasks(deps());
    t.sandbox.world.config.appUsagePercent = 1;
    const left = (await openTasks(db())).filter((task) => mediaIds.includes(task.media_id));
    expect(left).toHaveLength(1);
    expect(new Date(left[0]!.run_after).getTime()).toBe(now.getTime() + 10 * MINUTE);
    t.clock.advance(10 * MINUTE);
    await runInsightTasks(deps());
    expect((await openTasks(db())).filter((task) => mediaIds.includes(task.media_id))).toEqual([]);
  });
});

describe('stories', () => {
  it('a story bound to a live campaign is read 6, 12, 18 and 23 hours after it was published, then no more', async () => {
    const campaignId = await createCampaign(t, { hashtag: '#AcmeStory', state: 'live' });
    await join(t, campaignId, 'ana');
    t.clock.advance(MINUTE);
    const published = t.clock.now();
    const providerId = publish(t, ana, '', 'STORY');
    // Enough viewers from the start (Instagram withholds a story's figures below 5).
    await setFigures(providerId, { views: 120, reach: 90 });
    await syncNow(t, ana);
    const storyId = await mediaIdOf(db(), providerId);
    const readAt: number[] = [];
    // Graph gives a story no caption, so no hashtag binds it: the brand binds the story it saw by its URL.
    const permalink = (await db().selectFrom('media').select('permalink').where('id', '=', storyId).executeTakeFirstOrThrow()).permalink!;
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: permalink })).statusCode).toBe(201);
    for (let hour = 0; hour <= 30; hour++) {
      t.clock.set(new Date(published.getTime() + hour * HOUR));
      await planStories(deps());
      const before = await snapshotCount(db(), storyId);
      await runInsightTasks(deps());
      if ((await snapshotCount(db(), storyId)) > before) readAt.push(hour);
    }
    expect(readAt).toEqual([6, 12, 18, 23]);
    const sources = await db().selectFrom('media_insights').select('source').distinct().where('media_id', '=', storyId).execute();
    expect(sources).toEqual([{ source: 'story' }]);
  });
});

describe('failures', () => {
  it('a network that keeps failing is retried 5 times, backing off, then the task fails; fewer failures still end in a reading', async () => {
    // A creator of her own, so that only this post's calls meet the failures armed for her account.
    const flo = await connectInstagram(t, 'flo');
    const {
      mediaIds: [first],
    } = await liveCampaignWithPosts(flo, '#AcmeFlaky', 1);
    const floUserId = t.sandbox.world.instagram.account('flo.biz')!.userId;
    t.sandbox.world.faults.add({ endpoint: 'media_insights', fault: 'http_500', count: 5, accountUserId: floUserId });
    await planInsights(deps());
    for (let i = 0; i < 6; i++) {
      await runInsightTasks(deps());
      t.clock.advance(30 * MINUTE);
    }
    const task = await db().selectFrom('insight_tasks').select(['status', 'attempts', 'last_error']).where('media_id', '=', first!).executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'failed', attempts: 5, last_error: 'no answer after 5 attempts' });

    const {
      mediaIds: [second],
    } = await liveCampaignWithPosts(flo, '#AcmeFlaky2', 1);
    t.sandbox.world.faults.add({ endpoint: 'media_insights', fault: 'http_500', count: 2, accountUserId: floUserId });
    await planInsights(deps());
    for (let i = 0; i < 3; i++) {
      await runInsightTasks(deps());
      t.clock.advance(30 * MINUTE);
    }
    expect(await snapshotCount(db(), second!)).toBe(1);
  });

  it('a claim whose lease lapses during a slow call is not read again by its first worker once another took it over', async () => {
    const gus = await connectInstagram(t, 'gus');
    const { mediaIds } = await liveCampaignWithPosts(gus, '#AcmeSlow', 3);
    const instagram = deps().providers.get('instagram')!;
    let tookOver: Awaited<ReturnType<typeof runInsightTasks>> | undefined;
    // The first call is slow: its worker's leases lapse (backdated, as the wall clock would) and a second worker takes the tasks over.
    const slow = Object.assign(Object.create(instagram) as typeof instagram, {
      fetchMediaInsights: async (...args: Parameters<typeof instagram.fetchMediaInsights>) => {
        if (!tookOver) {
          await db()
            .updateTable('insight_tasks')
            .set({ lease_expires_at: new Date('2000-01-01T00:00:00Z') })
            .where('media_id', 'in', mediaIds)
            .where('status', '=', 'running')
            .execute();
          tookOver = await runInsightTasks({ ...deps(), instanceId: 'another-worker' });
        }
        return instagram.fetchMediaInsights(...args);
      },
    });
    const calls = insightCalls();
    await runInsightTasks({ ...deps(), providers: { get: (id: string) => (id === 'instagram' ? slow : deps().providers.get(id)), all: () => deps().providers.all() } });
    expect(tookOver).toMatchObject({ claimed: 3, done: 3 });
    // The second worker read all three; the first finished only the call it was in, not the two it no longer held.
    expect(insightCalls() - calls).toBe(3 + 1);
    for (const id of mediaIds) expect(await snapshotCount(db(), id)).toBe(1);
  });

  it('a post the network has no figures for is recorded as read, without a made-up snapshot', async () => {
    const {
      mediaIds: [gone],
    } = await liveCampaignWithPosts(ana, '#AcmeGone', 1);
    // Graph's answer for a media deleted since (or never the account's): 100/33 "Unsupported get request".
    t.sandbox.world.faults.add({ endpoint: 'media_insights', fault: 'meta_error', code: 100, subcode: 33 });
    await planInsights(deps());
    await runInsightTasks(deps());
    expect(await snapshotCount(db(), gone!)).toBe(0);
    expect(await db().selectFrom('media').select('insights_status').where('id', '=', gone!).executeTakeFirstOrThrow()).toEqual({ insights_status: 'not_found' });
  });
});

describe('audience', () => {
  it('is read weekly for creators in a campaign and shows "not available" below the threshold, never zeros', async () => {
    // Ana has a following Instagram breaks down; Dora is below its threshold of 100 followers.
    // The counts as of today: the sandbox's followers grow from the day an account's count was set.
    const today = t.clock.now().getTime();
    Object.assign(t.sandbox.world.instagram.account('ana.biz')!, { followersCount: 12_840, createdAtMs: today });
    Object.assign(t.sandbox.world.instagram.account('dora.biz')!, { followersCount: 42, createdAtMs: today });
    const anaBudget = async () => (await budgetUse(db(), `instagram:buc:${ana.connectionId}`)).reduce((sum, w) => sum + w.used, 0);
    const spentBefore = await anaBudget();
    const first = await refreshAudiences(deps());
    expect(first.read).toBeGreaterThanOrEqual(2);
    // An Instagram audience is five Graph requests (followers, then four breakdowns), and is budgeted so.
    expect((await anaBudget()) - spentBefore).toBe(5);
    expect((await refreshAudiences(deps())).claimed).toBe(0);
    const anaAudience = (await t.api('GET', `/v1/connections/${ana.connectionId}/audience`)).json();
    expect(anaAudience).toMatchObject({ status: 'available', unit: 'followers', followers: 12_840 });
    for (const breakdown of ['age', 'gender', 'country', 'city']) expect(anaAudience[breakdown].length, breakdown).toBeGreaterThan(0);
    const doraAudience = (await t.api('GET', `/v1/connections/${dora.connectionId}/audience`)).json();
    expect(doraAudience).toMatchObject({ status: 'unavailable', reason: 'not available (below_threshold)', age: [], followers: 42 });
    t.clock.advance(7 * DAY);
    expect((await refreshAudiences(deps())).read).toBe(first.read);
  });
});

describe('housekeeping', () => {
  it('finished tasks go with the retention job, and a done refresh still shows its progress', async () => {
    const hal = await connectInstagram(t, 'hal');
    const { campaignId } = await liveCampaignWithPosts(hal, '#AcmePrune', 2);
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/refresh-insights`)).statusCode).toBe(202);
    await runInsightTasks(deps());
    const done = (await t.api('GET', `/v1/campaigns/${campaignId}/insights-refresh`)).json();
    expect(done).toMatchObject({ status: 'done', progress: { total: 2, completed: 2, failed: 0 } });
    const finished = () =>
      db()
        .selectFrom('insight_tasks')
        .select('id')
        .where('status', 'in', ['done', 'failed'])
        .where('finished_at', '<', new Date(t.clock.now().getTime() - 7 * DAY))
        .execute();
    t.clock.advance(7 * DAY + HOUR);
    expect((await finished()).length).toBeGreaterThan(0);
    await pruneFinishedWork(deps(), { retentionDays: 7 });
    expect(await finished()).toEqual([]);
    expect((await t.api('GET', `/v1/campaigns/${campaignId}/insights-refresh`)).json().progress).toEqual(done.progress);
  });
});
