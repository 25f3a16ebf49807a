/**
 * A post bound to a live campaign gets its first insights reading at once, not at the next daily
 * plan: the bind queues it (and wakes the insights worker) when the plan's rules would read it and it
 * was never read; a post too fresh to have figures is asked again minutes later. Through the real
 * sync, binding and worker against the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planInsights } from '../../src/insights/insights-plan.ts';
import { MAX_INSIGHT_ATTEMPTS, NOT_READY_RETRY_MS, runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY, MINUTE } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
let kicks = 0;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z', logLevel: 'warn' });
  t.system.deps.onInsightsQueued = () => kicks++;
  t.sandbox.world.instagram.createAccount({ username: 'first.reads', accountType: 'BUSINESS', mediaCount: 1 });
  await t.connect({ creator: { id: 'fr', email: 'fr@example.com' }, account: 'first.reads' });
  await runMediaSyncs(t.system.deps);
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const brand = { id: 'acme', name: 'Acme' };

async function liveCampaign(hashtag: string): Promise<string> {
  const res = await t.api('POST', '/v1/campaigns', { brand, name: hashtag, hashtag, networks: ['instagram'], state: 'live' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const join = (campaignId: string, joinedAt: string) => t.api('PUT', `/v1/campaigns/${campaignId}/participants/fr`, { stage: 'confirmed', joinedAt });

/** Publishes on the sandbox and syncs; returns our media id. */
async function publishAndSync(caption: string): Promise<string> {
  t.clock.advance(MINUTE);
  const made = t.sandbox.world.instagram.publishMedia('first.reads', { mediaType: 'IMAGE', productType: 'FEED', caption });
  const [connection] = (await t.api('GET', '/v1/connections?creatorId=fr')).json().data;
  expect((await t.api('POST', `/v1/connections/${connection.id}/media-sync`)).statusCode).toBe(202);
  await runMediaSyncs(t.system.deps);
  return (await db().selectFrom('media').select('id').where('provider_media_id', '=', made.id).executeTakeFirstOrThrow()).id;
}

const tasksOf = (mediaId: string) => db().selectFrom('insight_tasks').select(['reason', 'status']).where('media_id', '=', mediaId).orderBy('created_at').execute();
const readings = async (mediaId: string) => (await db().selectFrom('media_insights').select('media_id').where('media_id', '=', mediaId).execute()).length;

describe('the first insights reading of a newly bound post', () => {
  it('a post a sync binds is queued for reading at once and the worker is woken; the daily plan adds nothing', async () => {
    const campaign = await liveCampaign('#FirstRead');
    await join(campaign, t.clock.now().toISOString());
    const before = kicks;
    const media = await publishAndSync('Morning #FirstRead #ad');
    expect(await tasksOf(media)).toEqual([{ reason: 'auto', status: 'queued' }]);
    expect(kicks).toBe(before + 1);
    expect((await planInsights(t.system.deps)).queued).toBe(0);
    // Seconds old, the post has no figures yet (Graph answers an empty `data`): asked again 2 minutes later, not tomorrow.
    await runInsightTasks(t.system.deps);
    expect(await readings(media)).toBe(0);
    const retry = await db().selectFrom('insight_tasks').select(['status', 'run_after', 'last_error']).where('media_id', '=', media).executeTakeFirstOrThrow();
    expect(retry).toEqual({ status: 'queued', run_after: new Date(t.clock.now().getTime() + 2 * MINUTE), last_error: 'no figures yet' });
    t.clock.advance(2 * MINUTE);
    await runInsightTasks(t.system.deps);
    expect(await readings(media)).toBe(1);
  });

  it('a post already read is not read again when it binds to another campaign; the daily plan reads it next', async () => {
    const media = (await db().selectFrom('media').select('id').where('caption', '=', 'Morning #FirstRead #ad').executeTakeFirstOrThrow()).id;
    const second = await liveCampaign('#ad');
    const added = await join(second, '2026-05-01T00:00:00Z');
    expect(added.statusCode).toBe(201);
    expect((await db().selectFrom('campaign_posts').select('media_id').where('campaign_id', '=', second).execute()).map((p) => p.media_id)).toContain(media);
    expect(await tasksOf(media)).toEqual([{ reason: 'auto', status: 'done' }]);
    t.clock.advance(DAY);
    expect((await planInsights(t.system.deps)).queued).toBeGreaterThan(0);
    expect((await tasksOf(media)).at(-1)).toEqual({ reason: 'auto', status: 'queued' });
  });

  it('a post bound to a campaign past the recency window waits: the rules would not refresh it', async () => {
    const media = await publishAndSync('Old friends #LongAgo');
    const old = await liveCampaign('#LongAgo');
    // Created 91 full days ago, no due date: outside the automatic refresh rules.
    await db()
      .updateTable('campaigns')
      .set({ created_at: new Date(t.clock.now().getTime() - 91 * DAY) })
      .where('id', '=', old)
      .execute();
    await join(old, '2026-01-01T00:00:00Z');
    expect((await db().selectFrom('campaign_posts').select('media_id').where('campaign_id', '=', old).execute()).map((p) => p.media_id)).toEqual([media]);
    expect(await tasksOf(media)).toEqual([]);
  });

  it('a post bound when a participant is added is queued too, not only one bound by a sync', async () => {
    const media = await publishAndSync('Later #JoinedLate');
    const campaign = await liveCampaign('#JoinedLate');
    await join(campaign, '2026-01-01T00:00:00Z');
    expect(await tasksOf(media)).toEqual([{ reason: 'auto', status: 'queued' }]);
  });

  it('a post a brand binds by hand is queued too', async () => {
    const campaign = await liveCampaign('#ByHand');
    await join(campaign, '2026-01-01T00:00:00Z');
    const media = await publishAndSync('Forgot the tag');
    expect(await tasksOf(media)).toEqual([]);
    const permalink = (await db().selectFrom('media').select('permalink').where('id', '=', media).executeTakeFirstOrThrow()).permalink;
    const bound = await t.api('POST', `/v1/campaigns/${campaign}/posts`, { url: permalink });
    expect(bound.statusCode, bound.body).toBe(201);
    expect(await tasksOf(media)).toEqual([{ reason: 'auto', status: 'queued' }]);
  });

  it('a post the brand unbinds before its first reading is not read', async () => {
    const campaign = await liveCampaign('#TakenOut');
    await join(campaign, '2026-01-01T00:00:00Z');
    const media = await publishAndSync('Wrong one #TakenOut');
    expect(await tasksOf(media)).toEqual([{ reason: 'auto', status: 'queued' }]);
    const post = (await db().selectFrom('campaign_posts').select('id').where('campaign_id', '=', campaign).where('media_id', '=', media).executeTakeFirstOrThrow()).id;
    expect((await t.api('DELETE', `/v1/campaigns/${campaign}/posts/${post}`)).statusCode).toBe(200);
    expect(await tasksOf(media)).toEqual([]);
  });

  it('a post that still has no figures is asked again 2, 5, 15 and 30 minutes later, then recorded as not ready and left to the daily plan', async () => {
    const campaign = await liveCampaign('#NoFigures');
    await join(campaign, t.clock.now().toISOString());
    t.clock.advance(MINUTE);
    const made = t.sandbox.world.instagram.publishMedia('first.reads', { mediaType: 'IMAGE', productType: 'FEED', caption: 'Quiet #NoFigures' });
    const zero = Object.fromEntries(['views', 'reach', 'likes', 'comments', 'saved', 'shares', 'total_interactions', 'follows', 'profile_visits'].map((m) => [m, 0]));
    t.sandbox.world.instagram.metrics.set(made.id, zero);
    const [connection] = (await t.api('GET', '/v1/connections?creatorId=fr')).json().data;
    await t.api('POST', `/v1/connections/${connection.id}/media-sync`);
    await runMediaSyncs(t.system.deps);
    const media = (await db().selectFrom('media').select('id').where('provider_media_id', '=', made.id).executeTakeFirstOrThrow()).id;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_INSIGHT_ATTEMPTS; attempt++) {
      expect((await tasksOf(media)).at(-1), `attempt ${attempt}`).toEqual({ reason: 'auto', status: 'queued' });
      const before = t.clock.now().getTime();
      await runInsightTasks(t.system.deps);
      const task = await db().selectFrom('insight_tasks').select(['status', 'run_after']).where('media_id', '=', media).executeTakeFirstOrThrow();
      if (task.status === 'queued') waits.push((task.run_after.getTime() - before) / MINUTE);
      t.clock.set(task.run_after);
    }
    expect(waits).toEqual([2, 5, 15, 30]);
    expect(MAX_INSIGHT_ATTEMPTS).toBe(NOT_READY_RETRY_MS.length + 1);
    expect(await tasksOf(media)).toEqual([{ reason: 'auto', status: 'done' }]);
    expect(await db().selectFrom('media').select('insights_status').where('id', '=', media).executeTakeFirstOrThrow()).toEqual({ insights_status: 'not_ready' });
    expect(await readings(media)).toBe(0);
  });
});
