/**
 * TikTok through 400 simulated days. Access tokens live 2 hours and are refreshed when handed out;
 * every refresh rotates the refresh token, and the newest one is always the one stored. With the
 * refresh token's end fixed (180 days from consent) nothing can extend the grant: the creator is
 * reminded 14, 3 and 1 days before it ends and the connection expires on day 180. Where TikTok slides
 * the end with every refresh, the connection lives on with no reminder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TikTokWorld } from '../../sandbox/tiktok/world.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { spreadOffsetMs } from '../../src/providers/token-policy.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds, emailsTo, eventsOf, runDailyJobs, travelTo } from '../support/daily-jobs.ts';

let t: TestContext;
let tiktok: TikTokWorld;
const start = new Date('2026-01-01T02:00:00Z');
beforeAll(async () => {
  t = await createTestContext({ now: start.toISOString() });
  tiktok = t.sandbox.world.network<TikTokWorld>('tiktok');
});
afterAll(() => t.close());

/** The refresh token Channelkeeper holds is the newest one TikTok issued: it works and nothing replaced it. */
async function storedRefreshIsNewest(id: string): Promise<boolean> {
  const row = await t.system.deps.db.selectFrom('connection_tokens').select('refresh_token_sealed').where('connection_id', '=', id).executeTakeFirstOrThrow();
  const check = tiktok.checkRefresh(t.system.deps.keyRing.open(row.refresh_token_sealed!, `${id}:refresh`));
  return check.ok && check.token.supersededAtMs === undefined;
}

interface Day {
  day: number;
  status: string;
  refreshCalls: number;
  /** Refreshes the daily sweep made (the rest happen at hand-out or verification). */
  sweepRefreshed: number;
}

/** Runs the daily jobs and one hand-out a day, checking the token at TikTok; what each day looked like. */
async function liveThrough(id: string, openId: string, from: Date, firstDay: number, lastDay: number): Promise<Day[]> {
  const log: Day[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    travelTo(t, from, day);
    const before = t.sandbox.world.calls.count('tiktok.token', openId);
    const { sweep } = await runDailyJobs(t);
    const status = (await t.api('GET', `/v1/connections/${id}`)).json().status as string;
    const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
    if (status === 'disconnected') expect(handed.statusCode, `day ${day}`).toBe(409);
    else {
      expect(handed.statusCode, `day ${day}: ${handed.body}`).toBe(200);
      expect(tiktok.checkAccess(handed.json().accessToken), `token works on day ${day}`).toBeDefined();
      expect(await storedRefreshIsNewest(id), `newest refresh token stored on day ${day}`).toBe(true);
    }
    log.push({ day, status, refreshCalls: t.sandbox.world.calls.count('tiktok.token', openId) - before, sweepRefreshed: sweep.refreshed });
  }
  return log;
}

const daysWhere = (log: Day[], test: (d: Day) => boolean) => log.filter(test).map((d) => d.day);

it('with a fixed refresh-token end, the creator is reminded on days 166, 177 and 179 and the connection expires on day 180', async () => {
  const creator = { id: 'tess', email: 'tess@example.com', name: 'Tess' };
  const [id] = connectedIds((await t.connect({ provider: 'tiktok', account: 'tess.tiktok', creator, returnUrl: 'https://p.example/' })).headers.location as string);
  const openId = tiktok.account('tess.tiktok')!.openId;
  const log = await liveThrough(id!, openId, start, 1, 200);

  expect(daysWhere(log, (d) => d.status === 'active')).toEqual(range(1, 165));
  expect(daysWhere(log, (d) => d.status === 'expiring')).toEqual(range(166, 179));
  expect(daysWhere(log, (d) => d.status === 'disconnected')).toEqual(range(180, 200));
  // The access token (2 h) is stale every morning: one refresh a day while alive, none after.
  expect(daysWhere(log, (d) => d.refreshCalls !== 1)).toEqual(range(180, 200));
  expect(t.sandbox.world.calls.count('tiktok.token', openId)).toBe(1 + 179);
  // The sweep tries once, 30 days before the end (less this connection's fixed spread), in case TikTok
  // slides it; it did not move, so never again.
  const sweepDay = Math.ceil(150 - spreadOffsetMs(t.system.deps.policies.tiktok!, id!) / DAY);
  expect(sweepDay).toBeGreaterThanOrEqual(147);
  expect(daysWhere(log, (d) => d.sweepRefreshed > 0)).toEqual([sweepDay]);
  // Refreshes after day 166 do not move the end: the connection stays expiring (one transition, not one a day).
  expect(await eventsOf(t, id!, 'expiring')).toHaveLength(1);
  const view = (await t.api('GET', `/v1/connections/${id}`)).json();
  expect(view.statusReason).toBe('expired');
  expect(await eventsOf(t, id!, 'refresh_failed')).toEqual([]);
  const emails = await emailsTo(t, creator.email, start);
  expect(emails.map((e) => `${e.day}:${e.kind}`)).toEqual(['166:connection_expiring', '177:connection_expiring', '179:connection_expiring', '180:connection_disconnected']);
});

describe('with a sliding refresh-token end (two steps of 200 days, so each test stays short on a busy machine)', () => {
  const from = new Date(start.getTime() + 210 * DAY);
  const creator = { id: 'milo', email: 'milo@example.com', name: 'Milo' };
  let id: string;
  let openId: string;

  it('refreshes once a day for 200 days and stays active, the sweep never needing to', async () => {
    tiktok.config.refreshExpiry = 'sliding';
    travelTo(t, from, 0);
    [id] = connectedIds((await t.connect({ provider: 'tiktok', account: 'milo.tiktok', creator, returnUrl: 'https://p.example/' })).headers.location as string) as [string];
    openId = tiktok.account('milo.tiktok')!.openId;
    const log = await liveThrough(id, openId, from, 1, 200);
    expect(daysWhere(log, (d) => d.status !== 'active' || d.refreshCalls !== 1)).toEqual([]);
    // Each refresh slides the end, so the sweep's own refresh (30 days before it) never comes due.
    expect(daysWhere(log, (d) => d.sweepRefreshed > 0)).toEqual([]);
  });

  it('is still alive on day 400, its end 180 days ahead, with no reminder and no failure', async () => {
    const log = await liveThrough(id, openId, from, 201, 400);
    expect(daysWhere(log, (d) => d.status !== 'active' || d.refreshCalls !== 1 || d.sweepRefreshed > 0)).toEqual([]);
    expect(t.sandbox.world.calls.count('tiktok.token', openId)).toBe(1 + 400);
    const view = (await t.api('GET', `/v1/connections/${id}`)).json();
    expect(view.expiresAt).toBe(new Date(from.getTime() + 580 * DAY).toISOString());
    expect(await eventsOf(t, id, 'refresh_failed')).toEqual([]);
    expect(await eventsOf(t, id, 'expiring')).toEqual([]);
    expect(await emailsTo(t, creator.email, from)).toEqual([]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
