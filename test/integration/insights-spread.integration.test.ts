/**
 * A large manual refresh completes within 24 hours of sandbox time and no network ever answers a
 * throttle: Instagram accounts, Facebook Pages and Pinterest accounts bound to one campaign through the
 * real media sync, their figures read by the real adapters from the sandbox, whose own rate limiters
 * are set tight (Meta's app limit per rolling hour, Instagram's per-account 24 hours, Pinterest's per
 * user) so that the refresh has to be spread over many hours. The worker runs on a manual clock, woken
 * when the earliest waiting task is due (as the minute schedule would). The sandbox's call timeline
 * counts what the networks saw per window. Scaled down to 460 posts to stay fast; the full 5,000 posts
 * are bench/insights-refresh-bench.ts (same scenario, same checks).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PinterestWorld } from '../../sandbox/pinterest/world.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  buildRefreshCampaign,
  configureSandbox,
  driveRefresh,
  isFacebookGraph,
  isInstagramGraph,
  isMetaInsights,
  isPinAnalytics,
  limitsUnder,
  type RefreshLimits,
} from '../support/refresh-campaign.ts';

let t: TestContext;
let campaignId: string;

// A small Meta app (100 calls per rolling hour); our shared budget takes 45 per fixed hour, below half
// of it, since two fixed windows can meet inside one rolling hour.
const limits: RefreshLimits = limitsUnder({ metaAppCallsPerHour: 100, igCallsPerDay: 250, ourMetaPerHour: 45 });

beforeAll(async () => {
  t = await createTestContext({ now: '2026-04-01T09:17:00Z', logLevel: 'warn' });
  const built = await buildRefreshCampaign(t, { instagramAccounts: 3, postsPerInstagram: 100, facebookPages: 5, pinterestAccounts: 2, pinsPerPinterest: 50 });
  campaignId = built.campaignId;
  expect(built.bound).toBe(300 + 60 + 100);
  // The syncs' calls leave Meta's rolling hour before the refresh starts; the limits apply from now on.
  t.clock.advance(2 * HOUR);
  configureSandbox(t, limits);
  t.sandbox.world.calls.timeline.clear();
}, 60_000);
afterAll(() => t.close());

it('a manual refresh (460 posts here, 5,000 in the benchmark) finishes within 24 hours and never exceeds a window’s limit', async () => {
  const result = await driveRefresh(t, campaignId, limits.ours, { step: 'wake', maxMs: 2 * DAY });
  expect(result.progress).toEqual({ total: 460, completed: 460, failed: 0, paused: 0 });
  expect(result.sandboxMs).toBeLessThan(DAY);
  const timeline = t.sandbox.world.calls.timeline;
  expect(timeline.throttles).toEqual([]);
  // What the networks saw: one request per post and pin, two per Page post.
  expect(timeline.perMinute(isMetaInsights).reduce((n, [, calls]) => n + calls, 0)).toBe(300 + 2 * 60);
  expect(timeline.perMinute(isPinAnalytics).reduce((n, [, calls]) => n + calls, 0)).toBe(100);
  // Each Meta app stayed under its limit in every rolling hour, and the two together under our budget per fixed hour.
  expect(timeline.peak(isInstagramGraph, HOUR, { rolling: true })).toBeLessThanOrEqual(limits.metaAppCallsPerHour);
  expect(timeline.peak(isFacebookGraph, HOUR, { rolling: true })).toBeLessThanOrEqual(limits.metaAppCallsPerHour);
  expect(timeline.peak((e) => isInstagramGraph(e) || isFacebookGraph(e), HOUR)).toBeLessThanOrEqual(45);
  for (let i = 0; i < 2; i++) {
    const account = t.sandbox.world.network<PinterestWorld>('pinterest').account(`pin${i}.pins`)!.id;
    expect(timeline.peak(isPinAnalytics, MINUTE, { account })).toBeLessThanOrEqual(limits.pinterestAnalyticsPerUserPerMinute);
  }
  // The budget was used, not wasted: 420 Meta requests at 45 an hour need 10 windows, and took about that.
  expect(result.sandboxMs).toBeGreaterThan(8 * HOUR);
  expect(result.sandboxMs).toBeLessThan(11 * HOUR);
  const snapshots = await t.system.deps.db
    .selectFrom('media_insights')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', 'manual')
    .executeTakeFirstOrThrow();
  expect(Number(snapshots.n)).toBeGreaterThan(0);
}, 120_000);
