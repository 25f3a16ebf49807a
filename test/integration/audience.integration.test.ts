/**
 * The weekly audience refresh at scale: real Instagram channels connected to the sandbox, the real
 * adapter, the audience job's schedule in the database, a manual clock. Failing channels back off
 * instead of coming first in every run, concurrent runs share the work without reading a channel
 * twice, a run goes on batch after batch, and a spent budget defers without counting a failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshAudiences } from '../../src/insights/audience.ts';
import { audienceState } from '../../src/insights/audience-state.repo.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { defaultRateLimits, type RateLimits } from '../../src/providers/rate-limits.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type Channel, connectInstagram, createCampaign, join } from '../support/insights-fixtures.ts';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext({ now: '2026-03-01T00:00:00Z', logLevel: 'warn' });
});
afterEach(() => t.close());

const deps = () => t.system.deps;
const userIdOf = (channel: Channel) => t.sandbox.world.instagram.account(channel.username)!.userId;
/** Audience reads of a channel so far: each starts with the account's follower count. */
const reads = (channel: Channel) => t.sandbox.world.calls.count('me', userIdOf(channel));
const snapshots = async (channel: Channel) =>
  Number(
    (
      await deps()
        .db.selectFrom('audience_insights')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('connection_id', '=', channel.connectionId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** `count` Instagram channels of creators taking part in one campaign. */
async function participatingChannels(prefix: string, count: number): Promise<Channel[]> {
  const campaignId = await createCampaign(t, { hashtag: `#Aud${prefix}`, state: 'live' });
  const channels: Channel[] = [];
  for (let i = 0; i < count; i++) {
    const channel = await connectInstagram(t, `${prefix}${i}`);
    await join(t, campaignId, channel.creatorId);
    channels.push(channel);
  }
  return channels;
}

/** The network answers this channel's follower demographics with an error until cleared. */
function failAudienceOf(channel: Channel): void {
  t.sandbox.world.faults.add({ endpoint: 'user_insights', fault: 'meta_error', code: 1, count: -1, accountUserId: userIdOf(channel) });
}

describe('the audience refresh', () => {
  it('a failing channel does not starve the others: it backs off while runs go on to the rest', async () => {
    // The failing two are the first by id: the order the old query read in.
    const channels = (await participatingChannels('starve', 6)).sort((a, b) => a.connectionId.localeCompare(b.connectionId));
    for (const channel of channels.slice(0, 2)) failAudienceOf(channel);
    const before = new Map(channels.map((c) => [c.connectionId, reads(c)]));
    // Two channels per run, runs a minute apart: the old order (by id, failing ones due first) read only the failing two.
    for (let run = 0; run < 3; run++) {
      await refreshAudiences(deps(), { batch: 2, batches: 1 });
      t.clock.advance(MINUTE);
    }
    for (const channel of channels) expect(reads(channel) - before.get(channel.connectionId)!, channel.creatorId).toBe(1);
    for (const channel of channels.slice(2)) expect(await snapshots(channel)).toBe(1);
    expect(await refreshAudiences(deps(), { batch: 2, batches: 1 })).toMatchObject({ claimed: 0 });
  });

  it('two concurrent runs read each channel once', async () => {
    const channels = await participatingChannels('pair', 6);
    const before = new Map(channels.map((c) => [c.connectionId, reads(c)]));
    const other = { ...deps(), instanceId: 'another-process' };
    const [a, b] = await Promise.all([refreshAudiences(deps(), { batch: 2 }), refreshAudiences(other, { batch: 2 })]);
    expect(a.read + b.read).toBe(6);
    for (const channel of channels) {
      expect(reads(channel) - before.get(channel.connectionId)!, channel.creatorId).toBe(1);
      expect(await snapshots(channel)).toBe(1);
    }
  });

  it('a channel that failed is retried after 1 hour, 6 hours and a day, then weekly, and weekly again once it reads', async () => {
    const [failing] = await participatingChannels('backoff', 1);
    failAudienceOf(failing!);
    const start = reads(failing!);
    const run = async () => (await refreshAudiences(deps())).claimed;
    expect(await run()).toBe(1);
    for (const wait of [HOUR, 6 * HOUR, DAY, 7 * DAY]) {
      t.clock.advance(wait - MINUTE);
      expect(await run(), `not before ${wait / HOUR} h`).toBe(0);
      t.clock.advance(MINUTE);
      expect(await run(), `after ${wait / HOUR} h`).toBe(1);
    }
    expect(reads(failing!) - start).toBe(5);
    expect(await audienceState(deps().db, failing!.connectionId)).toMatchObject({ attempts: 5, last_error: 'transient (1)' });

    t.sandbox.world.faults.clear();
    t.clock.advance(7 * DAY);
    expect(await run()).toBe(1);
    expect(await snapshots(failing!)).toBe(1);
    expect(await audienceState(deps().db, failing!.connectionId)).toMatchObject({ attempts: 0, last_error: null });
    t.clock.advance(7 * DAY - MINUTE);
    expect(await run()).toBe(0);
    t.clock.advance(MINUTE);
    expect(await run()).toBe(1);
    expect(await snapshots(failing!)).toBe(2);
  });

  it('a creator who leaves every campaign is no longer read, and keeps the weekly cadence on coming back', async () => {
    const [channel] = await participatingChannels('leave', 1);
    const campaignId = (await deps().db.selectFrom('campaign_participants').select('campaign_id').where('creator_id', '=', channel!.creatorId).executeTakeFirstOrThrow())
      .campaign_id;
    expect((await refreshAudiences(deps())).read).toBe(1);
    await t.api('PUT', `/v1/campaigns/${campaignId}/participants/${channel!.creatorId}`, { stage: 'declined' });
    t.clock.advance(8 * DAY);
    expect((await refreshAudiences(deps())).claimed).toBe(0);
    expect(await audienceState(deps().db, channel!.connectionId)).toBeUndefined();
    await join(t, campaignId, channel!.creatorId);
    // Its last read was 8 days ago: due at once.
    expect((await refreshAudiences(deps())).read).toBe(1);
    expect(await snapshots(channel!)).toBe(2);
  });

  it('one run goes on batch after batch until nothing is due', async () => {
    const channels = await participatingChannels('batches', 5);
    const report = await refreshAudiences(deps(), { batch: 2 });
    expect(report).toEqual({ batches: 3, claimed: 5, read: 5, failed: 0, deferred: 0 });
    for (const channel of channels) expect(await snapshots(channel)).toBe(1);
  });

  it('a spent shared budget defers the rest of the network to its next window without counting a failure', async () => {
    const channels = await participatingChannels('budget', 4);
    // Room for two Instagram audiences (five Graph requests each) in Meta's hourly app budget.
    const limits: RateLimits = { ...defaultRateLimits, instagram: [{ key: 'meta:app', scope: 'app', limit: 10, windowMs: HOUR }] };
    const first = await refreshAudiences(deps(), { limits, batch: 1 });
    expect(first).toMatchObject({ read: 2, deferred: 1, failed: 0 });
    // After the refusal the run claims no more Instagram channels: the fourth is left due, untouched.
    expect(first.claimed).toBe(3);
    const states = await Promise.all(channels.map((c) => audienceState(deps().db, c.connectionId)));
    expect(states.every((s) => s!.attempts === 0)).toBe(true);
    expect(await refreshAudiences(deps(), { limits })).toMatchObject({ claimed: 1, read: 0, deferred: 1 });
    t.clock.advance(HOUR);
    expect(await refreshAudiences(deps(), { limits })).toMatchObject({ read: 2, failed: 0 });
    for (const channel of channels) expect(await snapshots(channel)).toBe(1);
  });
});
