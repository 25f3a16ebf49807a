/**
 * The account insights schedule and its API, end to end: Instagram channels connected through the real
 * flow to the sandbox, the real adapter, the schedule's rows kept by the connections trigger, a manual
 * clock. A new channel is read at once and then at its slot every day; concurrent runs share the work; a
 * disconnected channel leaves the plan and comes back with its reconnection; a failing one backs off; a
 * spent budget defers without counting a failure; the API validates its days; the profile link opens a
 * page with the verified figures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAccountInsights } from '../../src/insights/account-insights-run.ts';
import { accountSchedule, countDueAccountReadings } from '../../src/insights/account-schedule.repo.ts';
import { slotOf } from '../../src/insights/account-schedule.rules.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { defaultRateLimits, type RateLimits } from '../../src/providers/rate-limits.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type Channel, connectInstagram } from '../support/insights-fixtures.ts';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext({ now: '2026-03-01T00:30:00Z', logLevel: 'warn' });
});
afterEach(() => t.close());

const deps = () => t.system.deps;
const userIdOf = (channel: Channel) => t.sandbox.world.instagram.account(channel.username)!.userId;
const audienceCount = async (channel: Channel) =>
  Number(
    (
      await deps()
        .db.selectFrom('audience_insights')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('connection_id', '=', channel.connectionId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const figuresRow = async (channel: Channel) => (await accountSchedule(deps().db, channel.connectionId)).find((r) => r.kind === 'figures')!;
const readingCount = async (channel: Channel) =>
  Number(
    (
      await deps()
        .db.selectFrom('account_readings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('connection_id', '=', channel.connectionId)
        .executeTakeFirstOrThrow()
    ).n,
  );

async function channels(prefix: string, count: number): Promise<Channel[]> {
  const out: Channel[] = [];
  for (let i = 0; i < count; i++) out.push(await connectInstagram(t, `${prefix}${i}`));
  return out;
}

describe('the account insights schedule', () => {
  it('a new channel is read at once, then once a day at its own slot', async () => {
    const [channel] = await channels('slot', 1);
    expect((await readAccountInsights(deps())).read).toBe(2); // its figures and its audience
    expect(await readingCount(channel!)).toBe(1);
    const next = (await figuresRow(channel!)).next_due_at!;
    expect(next.getTime()).toBe(Date.parse('2026-03-02T00:00:00Z') + slotOf(channel!.connectionId));
    t.clock.set(new Date(next.getTime() - MINUTE));
    expect((await readAccountInsights(deps())).claimed).toBe(0);
    t.clock.set(next);
    expect((await readAccountInsights(deps())).read).toBe(1);
    expect(await readingCount(channel!)).toBe(2);
  });

  it('two concurrent runs read each channel once', async () => {
    const list = await channels('pair', 5);
    const other = { ...deps(), instanceId: 'another-process' };
    const [a, b] = await Promise.all([readAccountInsights(deps(), { batch: 2 }), readAccountInsights(other, { batch: 2 })]);
    expect(a.read + b.read).toBe(10);
    for (const channel of list) {
      expect(await readingCount(channel), channel.creatorId).toBe(1);
      expect(await audienceCount(channel), channel.creatorId).toBe(1);
    }
  });

  it('a disconnected channel leaves the plan, and its reconnection brings it back at once', async () => {
    const [channel] = await channels('gone', 1);
    await readAccountInsights(deps());
    const revoked = await t.api('DELETE', `/v1/connections/${channel!.connectionId}`);
    expect(revoked.statusCode).toBeLessThan(300);
    expect((await accountSchedule(deps().db, channel!.connectionId)).map((r) => r.next_due_at)).toEqual([null, null]);
    // A week later, so the audience is due again too (one read within six days is fresh enough).
    t.clock.advance(7 * DAY);
    expect(await countDueAccountReadings(deps().db, t.clock.now())).toBe(0);
    await connectInstagram(t, channel!.creatorId, channel!.username);
    expect(await countDueAccountReadings(deps().db, t.clock.now())).toBe(2);
    expect((await readAccountInsights(deps())).read).toBe(2);
  });

  it('a failing reading is tried again after 1 hour and 6 hours, then at the regular time, and forgets its failures once it reads', async () => {
    const [channel] = await channels('fail', 1);
    t.sandbox.world.faults.add({ endpoint: 'user_insights', fault: 'meta_error', code: 1, count: -1, accountUserId: userIdOf(channel!) });
    await readAccountInsights(deps());
    const first = await figuresRow(channel!);
    expect(first).toMatchObject({ attempts: 1, last_error: 'transient (1)' });
    expect(first.next_due_at!.getTime()).toBe(t.clock.now().getTime() + HOUR);
    t.clock.set(first.next_due_at!);
    await readAccountInsights(deps());
    expect((await figuresRow(channel!)).next_due_at!.getTime()).toBe(t.clock.now().getTime() + 6 * HOUR);
    t.sandbox.world.faults.clear();
    t.clock.advance(6 * HOUR);
    await readAccountInsights(deps());
    expect(await figuresRow(channel!)).toMatchObject({ attempts: 0, last_error: null });
    expect(await readingCount(channel!)).toBe(1);
  });

  it('a spent budget defers the reading to the budget’s next window without counting a failure', async () => {
    const [channel] = await channels('budget', 1);
    const tight: RateLimits = { ...defaultRateLimits, instagram: [{ key: 'meta:app', scope: 'app', limit: 1, windowMs: HOUR }] };
    const report = await readAccountInsights(deps(), { limits: tight });
    expect(report).toMatchObject({ read: 0, deferred: 2 });
    const row = await figuresRow(channel!);
    expect(row).toMatchObject({ attempts: 0 });
    expect(row.next_due_at!.getTime()).toBe(Date.parse('2026-03-01T01:00:00Z'));
  });
});

describe('the account insights API', () => {
  it('answers a channel’s readings between two days, and refuses days the wrong way round or too far apart', async () => {
    const [channel] = await channels('api', 1);
    await readAccountInsights(deps());
    const ok = await t.api('GET', `/v1/connections/${channel!.connectionId}/insights`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ from: '2026-01-31', to: '2026-03-01', readings: [{ day: '2026-03-01', status: 'available', rangeDays: 28 }] });
    const reading = ok.json().readings[0];
    expect(reading.followers).toBeGreaterThan(0);
    expect(reading.engagementRate).toBeCloseTo(reading.engagements / reading.views, 10);
    const backwards = await t.api('GET', `/v1/connections/${channel!.connectionId}/insights?from=2026-03-02&to=2026-03-01`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({ code: 'invalid_request', message: '`from` must be on or before `to`.' });
    expect((await t.api('GET', `/v1/connections/${channel!.connectionId}/insights?from=2024-01-01&to=2026-03-01`)).statusCode).toBe(400);
    expect((await t.api('GET', `/v1/connections/${channel!.connectionId}/insights?from=2026-02-30`)).statusCode).toBe(400);
    expect((await t.api('GET', '/v1/connections/nope/insights')).statusCode).toBe(404);
    expect((await t.api('GET', '/v1/creators/nobody/profile')).statusCode).toBe(404);
  });

  it('a profile link opens the verified profile page any number of times until it expires', async () => {
    const [channel] = await channels('kit', 1);
    await readAccountInsights(deps());
    const made = await t.api('POST', `/v1/creators/${channel!.creatorId}/profile-links`, { expiresInDays: 2 });
    expect(made.statusCode).toBe(201);
    const link = new URL(made.json().url);
    const path = `${link.pathname}${link.search}`;
    for (let i = 0; i < 2; i++) {
      const page = await t.system.app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Verified from Instagram on');
      expect(page.body).toContain(`@${channel!.username}`);
      expect(page.headers).toMatchObject({ 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex, nofollow' });
    }
    const tampered = await t.system.app.inject({ method: 'GET', url: `${path.slice(0, -3)}abc` });
    expect(tampered.statusCode).toBe(404);
    t.clock.advance(2 * DAY + MINUTE);
    expect((await t.system.app.inject({ method: 'GET', url: path })).statusCode).toBe(410);
    // Whoever opens a spent link reads why in their browser's language.
    const expired = await t.system.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'ja' } });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('<html lang="ja">');
    expect(expired.body).toContain('このクリエイタープロフィールのリンクは期限切れです');
    expect((await t.api('POST', '/v1/creators/nobody/profile-links', {})).statusCode).toBe(404);
    expect((await t.api('POST', `/v1/creators/${channel!.creatorId}/profile-links`, { expiresInDays: 91 })).statusCode).toBe(400);
  });
});
