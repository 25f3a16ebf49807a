/**
 * A large manual refresh against the sandbox with its real rate limits, shared by the spread test
 * (scaled down) and bench/insights-refresh-bench.ts (5,000 posts): creators connected through the real
 * connect flow (Instagram accounts, Facebook Pages, Pinterest accounts), one live campaign through the
 * API, posts published on the sandbox with its hashtag and bound by the real media sync, then the
 * Refresh Insights button and the worker driven in sandbox time. What the networks saw is read from
 * the sandbox's own call timeline, never from our side.
 */

import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import type { PinterestWorld } from '../../sandbox/pinterest/world.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { defaultRateLimits, type RateLimits } from '../../src/providers/rate-limits.ts';
import type { TestContext } from './context.ts';
import { type Channel, connectFacebookPage, connectInstagram, connectPinterest, createCampaign, join, publish, syncNow } from './insights-fixtures.ts';

export const TAG = '#AcmeBig';

export interface RefreshCampaignSize {
  instagramAccounts: number;
  postsPerInstagram: number;
  /** Each Page has the sandbox's 12 posts. */
  facebookPages: number;
  pinterestAccounts: number;
  pinsPerPinterest: number;
}

/** The sandbox's limits (what the networks enforce) and ours (what the worker budgets). */
export interface RefreshLimits {
  /** Meta's platform limit per app per rolling hour, on both Meta apps (Instagram Login and Facebook Login). */
  metaAppCallsPerHour: number;
  /** Instagram's business-use-case limit per account per rolling 24 hours. */
  igCallsPerDay: number;
  pinterestPerUserPerSecond: number;
  pinterestAnalyticsPerUserPerMinute: number;
  ours: RateLimits;
}

/**
 * The networks' limits as given, and ours under them: Meta's app budget a little under half its rolling
 * hour (two of our fixed hours can meet inside one rolling hour, and syncs need room too), Instagram's
 * per-account budget half its 24 hours. Pinterest: standard access, and our defaults.
 */
export function limitsUnder(networks: { metaAppCallsPerHour: number; igCallsPerDay: number; ourMetaPerHour: number }): RefreshLimits {
  const meta = { key: 'meta:app', scope: 'app', limit: networks.ourMetaPerHour, windowMs: HOUR } as const;
  const perAccount = Math.floor(networks.igCallsPerDay / 2);
  return {
    metaAppCallsPerHour: networks.metaAppCallsPerHour,
    igCallsPerDay: networks.igCallsPerDay,
    pinterestPerUserPerSecond: 100,
    pinterestAnalyticsPerUserPerMinute: 300,
    ours: {
      instagram: [meta, { key: 'instagram:buc', scope: 'account', limit: perAccount, windowMs: DAY }],
      facebook: [meta, { key: 'facebook:buc', scope: 'account', limit: perAccount, windowMs: DAY }],
      pinterest: defaultRateLimits.pinterest!,
    },
  };
}

/** Sets the networks' limits on the sandbox. */
export function configureSandbox(t: TestContext, limits: RefreshLimits): void {
  const fb = t.sandbox.world.network<FacebookWorld>('facebook');
  for (const config of [t.sandbox.world.config, fb.config]) {
    config.appCallsPerHour = limits.metaAppCallsPerHour;
    config.igCallsPerDay = limits.igCallsPerDay;
  }
  const pinterest = t.sandbox.world.network<PinterestWorld>('pinterest');
  pinterest.config.perUserPerSecond = limits.pinterestPerUserPerSecond;
  pinterest.config.analyticsPerUserPerMinute = limits.pinterestAnalyticsPerUserPerMinute;
}

/** Connects the creators, publishes and binds their posts; the campaign's id and how many posts were bound. */
export async function buildRefreshCampaign(t: TestContext, size: RefreshCampaignSize): Promise<{ campaignId: string; bound: number }> {
  const campaignId = await createCampaign(t, { hashtag: TAG, state: 'live' });
  const channels: Channel[] = [];
  // Joined long ago: the sandbox dates Pages' posts and pins back from their accounts' creation.
  const joinedAt = new Date(t.clock.now().getTime() - 400 * 24 * HOUR);
  for (let i = 0; i < size.instagramAccounts; i++) {
    const channel = await connectInstagram(t, `ig${i}`);
    await join(t, campaignId, channel.creatorId, joinedAt);
    for (let n = 0; n < size.postsPerInstagram; n++, t.clock.advance(1000)) publish(t, channel, `Post ${n} ${TAG} #ad`);
    channels.push(channel);
  }
  for (let i = 0; i < size.facebookPages; i++) {
    const channel = await connectFacebookPage(t, `fb${i}`, `Page ${i} ${TAG}`);
    await join(t, campaignId, channel.creatorId, joinedAt);
    channels.push(channel);
  }
  for (let i = 0; i < size.pinterestAccounts; i++) {
    const channel = await connectPinterest(t, `pin${i}`, `${TAG} #ad`, size.pinsPerPinterest);
    await join(t, campaignId, channel.creatorId, joinedAt);
    channels.push(channel);
  }
  for (const channel of channels) await syncNow(t, channel);
  const row = await t.system.deps.db
    .selectFrom('campaign_posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('bound_by', '=', 'auto')
    .executeTakeFirstOrThrow();
  return { campaignId, bound: Number(row.n) };
}

export interface DriveResult {
  /** Sandbox time from the press to the refresh's last task ending. */
  sandboxMs: number;
  /** Worker runs (one per simulated minute with work due, or per wake-up). */
  runs: number;
  progress: { total: number; completed: number; failed: number; paused: number };
}

/**
 * Presses the button and runs the worker as the minute schedule would, until the refresh is done or
 * `maxMs` of sandbox time passed. `step: 'minute'` runs it every simulated minute; 'wake' jumps to the
 * earliest waiting task (the same runs, without the idle minutes in between).
 */
export async function driveRefresh(t: TestContext, campaignId: string, limits: RateLimits, options: { step: 'minute' | 'wake'; maxMs: number }): Promise<DriveResult> {
  const db = t.system.deps.db;
  const pressedAt = t.clock.now().getTime();
  const pressed = await t.api('POST', `/v1/campaigns/${campaignId}/refresh-insights`);
  if (pressed.statusCode !== 202) throw new Error(`refresh not queued: ${pressed.body}`);
  let runs = 0;
  for (;;) {
    await runInsightTasks(t.system.deps, { limits });
    runs++;
    const next = await db
      .selectFrom('insight_tasks')
      .select((eb) => eb.fn.min('run_after').as('at'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (!next?.at || t.clock.now().getTime() - pressedAt > options.maxMs) break;
    const step = t.clock.now().getTime() + MINUTE;
    t.clock.set(new Date(options.step === 'minute' ? step : Math.max(new Date(next.at).getTime(), step)));
  }
  const state = (await t.api('GET', `/v1/campaigns/${campaignId}/insights-refresh`)).json();
  const last = await db
    .selectFrom('insight_tasks')
    .select((eb) => eb.fn.max('finished_at').as('at'))
    .where('reason', '=', 'manual')
    .executeTakeFirst();
  return { sandboxMs: new Date(last?.at ?? pressedAt).getTime() - pressedAt, runs, progress: state.progress };
}

/** Instagram Login's Graph endpoints are named bare in the sandbox's call log; the other networks' carry a prefix. */
export const isInstagramGraph = (endpoint: string): boolean =>
  !endpoint.includes('.') && !['authorize', 'access_token', 'oauth_access_token', 'refresh_access_token'].includes(endpoint);
export const isFacebookGraph = (endpoint: string): boolean =>
  endpoint.startsWith('facebook.') && !['facebook.authorize', 'facebook.authorize_decision', 'facebook.oauth_access_token'].includes(endpoint);
export const isMetaInsights = (endpoint: string): boolean =>
  endpoint === 'media_insights' || endpoint === 'facebook.post_insights' || endpoint === 'facebook.post' || endpoint === 'facebook.insights';
export const isPinAnalytics = (endpoint: string): boolean => endpoint === 'pinterest.pin_analytics';
