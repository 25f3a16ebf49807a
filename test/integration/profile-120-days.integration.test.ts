/**
 * 120 days of creator profiles: a channel on every network connected through the real connect flow to
 * the sandbox (Instagram Login, a Facebook login with a large Page, a small Page and the large one's
 * Instagram account, TikTok, YouTube, Pinterest), then four months of the service's schedules on a
 * manual clock: the daily jobs (refresh sweep, expiry watch, verify) and the account insights run every
 * two hours; the Facebook creator logs in again when the 60-day login nears its end, as reminded. Every
 * usable channel gets one reading a day and, where its network reports one, an audience
 * a week; the followers climb as the sandbox's accounts grow; a Page below 100 followers reads "withheld";
 * and the sandbox's own rate limiters (set tight for Meta) never had to throttle: the call timeline proves
 * no limit was exceeded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import { readAccountInsights } from '../../src/insights/account-insights-run.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { defaultRateLimits, type RateLimits } from '../../src/providers/rate-limits.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { runDailyJobs } from '../support/daily-jobs.ts';
import { isFacebookGraph, isInstagramGraph } from '../support/refresh-campaign.ts';

const DAYS = 120;
const STEP = 2 * HOUR;
/** Meta's app limit in the sandbox (rolling hour), and our shared budget under it (fixed hours, so under half). */
const META_APP_PER_HOUR = 60;
const limits: RateLimits = {
  ...defaultRateLimits,
  instagram: [{ key: 'meta:app', scope: 'app', limit: 25, windowMs: HOUR }, ...defaultRateLimits.instagram!.filter((b) => b.scope === 'account')],
  facebook: [{ key: 'meta:app', scope: 'app', limit: 25, windowMs: HOUR }, ...defaultRateLimits.facebook!.filter((b) => b.scope === 'account')],
};

let t: TestContext;
let start: Date;
const channels = new Map<string, { connectionId: string; creatorId: string; network: string }>();

async function connectAll(): Promise<void> {
  const fb = t.sandbox.world.network<FacebookWorld>('facebook');
  fb.createUser({
    username: 'prof.fb',
    pages: [
      { name: 'Prof Kitchen', followersCount: 5_400, instagram: { username: 'prof.kitchen', followersCount: 12_300, mediaCount: 40 } },
      { name: 'Prof Tiny', followersCount: 60 },
    ],
  });
  t.sandbox.world.instagram.createAccount({ username: 'prof.ig', accountType: 'BUSINESS', followersCount: 8_200, mediaCount: 30 });
  const logins = [
    { creator: 'cr-ig', provider: 'instagram', account: 'prof.ig' },
    { creator: 'cr-fb', provider: 'facebook', account: 'prof.fb' },
    { creator: 'cr-tt', provider: 'tiktok', account: 'tess.tiktok' },
    { creator: 'cr-yt', provider: 'youtube', account: 'maya.makes' },
    { creator: 'cr-pin', provider: 'pinterest', account: 'pia.pins' },
  ];
  for (const login of logins) {
    const done = await t.connect({ creator: { id: login.creator, email: `${login.creator}@example.com`, name: login.creator }, provider: login.provider, account: login.account });
    expect([200, 302], `${login.provider}: ${done.body}`).toContain(done.statusCode);
  }
  const rows = await t.system.deps.db.selectFrom('connections').select(['id', 'creator_id', 'network', 'display_name', 'username']).execute();
  for (const row of rows) channels.set(`${row.network}:${row.username ?? row.display_name}`, { connectionId: row.id, creatorId: row.creator_id, network: row.network });
}

const readings = (connectionId: string) =>
  t.system.deps.db
    .selectFrom('account_readings')
    .select(['day', 'status', 'reason', 'followers', 'views', 'engagements'])
    .where('connection_id', '=', connectionId)
    .orderBy('day')
    .execute();

const audiences = async (connectionId: string) =>
  Number(
    (
      await t.system.deps.db
        .selectFrom('audience_insights')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('connection_id', '=', connectionId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const channel = (key: string) => {
  const found = channels.get(key);
  if (!found) throw new Error(`no channel ${key} among ${[...channels.keys()].join(', ')}`);
  return found;
};

beforeAll(async () => {
  t = await createTestContext({ now: '2026-02-02T03:00:00Z', logLevel: 'warn' });
  await connectAll();
  t.sandbox.world.config.appCallsPerHour = META_APP_PER_HOUR;
  t.sandbox.world.network<FacebookWorld>('facebook').config.appCallsPerHour = META_APP_PER_HOUR;
  t.sandbox.world.calls.timeline.clear();
  start = t.clock.now();
  for (let day = 0; day < DAYS; day++) {
    // A Facebook login lasts 60 days and no server can extend it: the creator logs in again when reminded.
    if (day === 45 || day === 90) await t.connect({ creator: { id: 'cr-fb', email: 'cr-fb@example.com', name: 'cr-fb' }, provider: 'facebook', account: 'prof.fb' });
    await runDailyJobs(t);
    for (let at = 0; at < DAY; at += STEP) {
      await readAccountInsights(t.system.deps, { limits });
      t.clock.advance(STEP);
    }
  }
}, 600_000);
afterAll(() => t.close());

describe('120 days of account insights on every network', () => {
  it('every channel stayed connected and was read once a day, every day', async () => {
    const statuses = await t.system.deps.db.selectFrom('connections').select(['network', 'status', 'status_reason']).execute();
    expect(statuses.filter((s) => s.status === 'disconnected')).toEqual([]);
    expect(channels.size).toBe(7);
    for (const [key, { connectionId }] of channels) {
      const days = (await readings(connectionId)).map((r) => String(r.day));
      // Day 0 to 119, and day 120 too when the channel's slot falls before the last run (01:00).
      expect(days.length, key).toBeGreaterThanOrEqual(DAYS);
      expect(days.length, key).toBeLessThanOrEqual(DAYS + 1);
      expect(new Set(days).size, `${key}: one reading a day`).toBe(days.length);
    }
  });

  it('followers climb as the accounts grow, and each network reports the figures it has', async () => {
    for (const key of ['instagram:prof.ig', 'instagram:prof.kitchen', 'tiktok:tess.tiktok', 'youtube:mayamakes', 'pinterest:pia.pins', 'facebook:Prof Kitchen']) {
      const list = await readings(channel(key).connectionId);
      expect(
        list.every((r) => r.status === 'available'),
        key,
      ).toBe(true);
      expect(Number(list.at(-1)!.followers), key).toBeGreaterThan(Number(list[0]!.followers));
    }
    const ig = await readings(channel('instagram:prof.ig').connectionId);
    expect(ig.at(-1)).toMatchObject({ views: expect.any(Number), engagements: expect.any(Number) });
    // TikTok's Display API has counts only: no views or engagements over a range, never a made-up 0.
    const tiktok = await readings(channel('tiktok:tess.tiktok').connectionId);
    expect(tiktok.at(-1)).toMatchObject({ views: null, engagements: null });
  });

  it('a Page under 100 followers reads as withheld below the threshold, with its follower count', async () => {
    const tiny = await readings(channel('facebook:Prof Tiny').connectionId);
    expect(tiny.every((r) => r.status === 'unavailable' && r.reason === 'below_threshold')).toBe(true);
    expect(Number(tiny.at(-1)!.followers)).toBeGreaterThan(0);
  });

  it('audiences are read weekly where the network reports them, and not at all where it does not', async () => {
    for (const key of ['instagram:prof.ig', 'instagram:prof.kitchen', 'youtube:mayamakes', 'facebook:Prof Kitchen']) {
      const n = await audiences(channel(key).connectionId);
      expect(n, key).toBeGreaterThanOrEqual(Math.floor(DAYS / 7));
      expect(n, key).toBeLessThanOrEqual(Math.ceil(DAYS / 7) + 1);
    }
    for (const key of ['tiktok:tess.tiktok', 'pinterest:pia.pins']) expect(await audiences(channel(key).connectionId), key).toBe(0);
  });

  it('the sandbox never had to throttle, and Meta saw fewer calls per rolling hour than its limit', () => {
    const timeline = t.sandbox.world.calls.timeline;
    expect(timeline.throttles).toEqual([]);
    expect(timeline.peak(isInstagramGraph, HOUR, { rolling: true })).toBeLessThanOrEqual(META_APP_PER_HOUR);
    expect(timeline.peak(isFacebookGraph, HOUR, { rolling: true })).toBeLessThanOrEqual(META_APP_PER_HOUR);
  });

  it('the API answers a channel’s series and the creator’s profile, verified on the last reading’s day', async () => {
    const ig = channel('instagram:prof.ig');
    const from = new Date(start.getTime() + 90 * DAY).toISOString().slice(0, 10);
    const to = new Date(start.getTime() + 99 * DAY).toISOString().slice(0, 10);
    const series = await t.api('GET', `/v1/connections/${ig.connectionId}/insights?from=${from}&to=${to}`);
    expect(series.statusCode).toBe(200);
    expect(series.json().readings).toHaveLength(10);
    expect(series.json().readings[0]).toMatchObject({ day: from, status: 'available', rangeDays: 28 });
    const profile = await t.api('GET', `/v1/creators/${ig.creatorId}/profile`);
    expect(profile.statusCode).toBe(200);
    const [only] = profile.json().channels;
    expect(only).toMatchObject({ network: 'instagram', networkName: 'Instagram', status: 'active', audience: { status: 'available' } });
    expect(only.verifiedAt.slice(0, 10)).toBe(only.latest.day);
    // The last 30 days: 29 or 30 readings, as today's slot may not have come yet.
    expect(only.trend.length).toBeGreaterThanOrEqual(29);
    expect(only.trend.length).toBeLessThanOrEqual(30);
  });
});
