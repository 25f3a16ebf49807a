/**
 * The Refresh Insights button on a 5,000-post campaign, against the sandbox with realistic
 * rate limits. 30 Instagram accounts × 100 posts, 50 Facebook Pages × 12 posts, 14 Pinterest accounts
 * × 100 pins, connected through the real connect flow, bound by the real media sync to one live
 * campaign created through the API; then `POST /v1/campaigns/:id/refresh-insights` and the insights
 * worker run every simulated minute on a manual clock. Prints the sandbox time to completion (target:
 * < 24 h), the requests per network, the peak requests per window against each limit (from the
 * sandbox's own call timeline), the throttles the sandbox answered (target: 0), the wall time, and a
 * baseline in the same run: the same refresh with no budgets (how soon it runs into Meta's limit, how
 * many requests it wastes, how long it takes). The test harness (test/support) provides the system
 * and the sandbox, as in the integration tests; PGlite by default, PostgreSQL with DATABASE_URL.
 *
 *   npm run bench:refresh-insights
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:refresh-insights
 *   BENCH_SCALE=0.2 …   # a fifth of the accounts
 */

import type { FacebookWorld } from '../sandbox/facebook/world.ts';
import type { PinterestWorld } from '../sandbox/pinterest/world.ts';
import { DAY, HOUR, MINUTE } from '../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../test/support/context.ts';
import {
  buildRefreshCampaign,
  configureSandbox,
  type DriveResult,
  driveRefresh,
  isFacebookGraph,
  isInstagramGraph,
  isMetaInsights,
  isPinAnalytics,
  limitsUnder,
  type RefreshLimits,
} from '../test/support/refresh-campaign.ts';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const size = {
  instagramAccounts: Math.max(1, Math.round(30 * scale)),
  postsPerInstagram: 100,
  facebookPages: Math.max(1, Math.round(50 * scale)),
  pinterestAccounts: Math.max(1, Math.round(14 * scale)),
  pinsPerPinterest: 100,
};

/**
 * Meta: 200 calls per hour × daily active users; an app whose 10 creators a day open it has 2,000 per
 * rolling hour. Our shared budget takes 900 per fixed hour (two fixed windows can meet in one rolling
 * hour, and the media syncs need room too). Instagram BUC: 4,800 per account per 24 h (the floor), ours
 * half. Pinterest standard access: 100/s per user, org_analytics 300/min per user (the sandbox's figure).
 */
const limits: RefreshLimits = limitsUnder({ metaAppCallsPerHour: 2_000, igCallsPerDay: 4_800, ourMetaPerHour: 900 });

const hours = (ms: number) => `${(ms / HOUR).toFixed(2)} h`;
const n = (x: number) => x.toLocaleString('en');

function report(t: TestContext, label: string, result: DriveResult, wallMs: number, pressedAtMs: number): void {
  const timeline = t.sandbox.world.calls.timeline;
  const total = (match: (e: string) => boolean) => timeline.perMinute(match).reduce((sum, [, calls]) => sum + calls, 0);
  console.log(`\n${label}`);
  console.log(`  progress: ${JSON.stringify(result.progress)}; worker runs: ${n(result.runs)}`);
  console.log(`  sandbox time to completion: ${hours(result.sandboxMs)} (target < 24 h); wall time: ${(wallMs / 1000).toFixed(1)} s`);
  console.log(
    `  requests: Instagram insights ${n(total((e) => e === 'media_insights'))}, Facebook Page posts ${n(total((e) => e.startsWith('facebook.post')))}, Pinterest pin analytics ${n(total(isPinAnalytics))}`,
  );
  const igPeak = timeline.peak(isInstagramGraph, HOUR, { rolling: true });
  const fbPeak = timeline.peak(isFacebookGraph, HOUR, { rolling: true });
  const metaFixed = timeline.peak((e) => isInstagramGraph(e) || isFacebookGraph(e), HOUR);
  console.log(
    `  peak per rolling hour: Instagram app ${n(igPeak)}, Facebook app ${n(fbPeak)} (limit ${n(limits.metaAppCallsPerHour)} each); Meta per fixed hour ${n(metaFixed)} (our budget 900)`,
  );
  const pinterest = t.sandbox.world.network<PinterestWorld>('pinterest');
  let pinPeak = 0;
  for (let i = 0; i < size.pinterestAccounts; i++) pinPeak = Math.max(pinPeak, timeline.peak(isPinAnalytics, MINUTE, { account: pinterest.account(`pin${i}.pins`)!.id }));
  console.log(`  peak Pinterest analytics per user per minute: ${n(pinPeak)} (limit ${limits.pinterestAnalyticsPerUserPerMinute})`);
  const throttles = timeline.throttles;
  const first = throttles[0];
  console.log(
    `  throttle answers from the sandbox: ${n(throttles.length)}${first ? ` (first after ${((first.atMs - pressedAtMs) / MINUTE).toFixed(0)} min, codes ${[...new Set(throttles.map((x) => x.code))].join(', ')})` : ''}`,
  );
  console.log(`  requests wasted on throttles: ${n(throttles.length)} of ${n(total(isMetaInsights) + total(isPinAnalytics) + throttles.length)}`);
}

const wallStart = performance.now();
const t = await createTestContext({ now: '2026-04-01T09:17:00Z', logLevel: 'error' });
try {
  const built = await buildRefreshCampaign(t, size);
  console.log(
    `seeded: ${size.instagramAccounts} Instagram accounts × ${size.postsPerInstagram}, ${size.facebookPages} Facebook Pages × 12, ${size.pinterestAccounts} Pinterest accounts × ${size.pinsPerPinterest}; ${n(built.bound)} posts bound by the media sync in ${((performance.now() - wallStart) / 1000).toFixed(1)} s`,
  );
  t.clock.advance(2 * HOUR);
  configureSandbox(t, limits);
  t.sandbox.world.calls.timeline.clear();

  let started = performance.now();
  let pressedAt = t.clock.now().getTime();
  const budgeted = await driveRefresh(t, built.campaignId, limits.ours, { step: 'minute', maxMs: 2 * DAY });
  report(t, 'with the shared budgets (the service as configured):', budgeted, performance.now() - started, pressedAt);

  // Baseline: the same refresh after the cooldown, the networks' counters back to zero, and no budgets.
  t.clock.advance(13 * HOUR);
  t.sandbox.world.instagram.usage.clear();
  t.sandbox.world.network<FacebookWorld>('facebook').usage.clear();
  t.sandbox.world.calls.timeline.clear();
  started = performance.now();
  pressedAt = t.clock.now().getTime();
  const unbudgeted = await driveRefresh(t, built.campaignId, {}, { step: 'minute', maxMs: 2 * DAY });
  report(t, 'baseline, no budgets (calls until the network refuses, then its usage headers):', unbudgeted, performance.now() - started, pressedAt);
} finally {
  await t.close();
}
console.log(`\ntotal wall time: ${((performance.now() - wallStart) / 1000).toFixed(1)} s`);
