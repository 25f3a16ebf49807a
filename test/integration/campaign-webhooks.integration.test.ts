/**
 * Campaign webhooks end to end: posts bound by the real media sync, by a brand and by a creator's
 * self-report, unbound by a brand, and a Refresh Insights press read by two workers at once, each
 * heard by a local receiver through the real dispatcher, signed like connection events. A change that
 * changes nothing (a second sync, the same URL bound twice, a second unbind) sends nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type Channel, connectInstagram, createCampaign, join, mediaIdOf, openTasks, publish, syncNow } from '../support/insights-fixtures.ts';
import { type ReceivedWebhook, signedWith, startWebhookReceiver, unverified, type WebhookReceiver } from '../support/webhook-receiver.ts';

let t: TestContext;
let receiver: WebhookReceiver;
/** An endpoint that takes unbindings and finished refreshes only; never emptied, so the file's last test sees all it got. */
let filtered: WebhookReceiver;
let secret: string;
let ana: Channel;
let campaignId: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T00:00:00Z', logLevel: 'warn' });
  [receiver, filtered] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
  const set = await t.api('PUT', '/v1/webhook', { url: receiver.url });
  expect(set.statusCode).toBe(201);
  secret = set.json().secret;
  receiver.secrets.push(secret);
  const filter = await t.api('POST', '/v1/webhook-endpoints', { url: filtered.url, eventTypes: ['campaign_post.unbound', 'insights_refresh.completed'] });
  filtered.secrets.push(filter.json().secret);
  ana = await connectInstagram(t, 'ana');
  campaignId = await createCampaign(t, { hashtag: '#AcmeHooks', state: 'live' });
  await join(t, campaignId, 'ana');
  t.clock.advance(MINUTE);
});
afterAll(async () => {
  await t.close();
  await Promise.all([receiver.close(), filtered.close()]);
});
beforeEach(() => {
  t.clock.advance(1000);
  receiver.received.length = 0;
});
afterEach(() => {
  for (const r of [receiver, filtered]) expect(unverified(r), 'deliveries the standardwebhooks library does not verify').toEqual([]);
});

const deps = () => t.system.deps;
const db = () => deps().db;

/** Sends what is due and returns the campaign webhooks the receiver got (connection events left out). */
async function campaignHooks(): Promise<ReceivedWebhook[]> {
  await dispatchWebhooks(deps());
  return receiver.received.filter((r) => !r.json.type.startsWith('connection.'));
}

const permalinkOf = async (providerId: string) =>
  (await db().selectFrom('media').select('permalink').where('provider_media_id', '=', providerId).executeTakeFirstOrThrow()).permalink!;
const postOf = (mediaId: string) =>
  db().selectFrom('campaign_posts').select(['id', 'permalink']).where('campaign_id', '=', campaignId).where('media_id', '=', mediaId).executeTakeFirstOrThrow();

describe('campaign_post webhooks', () => {
  it('a post bound by the media sync sends one campaign_post.bound, signed, and a second sync of it sends none', async () => {
    const providerId = publish(t, ana, 'Launch day #AcmeHooks #ad');
    await syncNow(t, ana);
    const hooks = await campaignHooks();
    expect(hooks.map((h) => h.json.type)).toEqual(['campaign_post.bound']);
    const mediaId = await mediaIdOf(db(), providerId);
    const hook = hooks[0]!;
    const post = await postOf(mediaId);
    expect(post.permalink).toBe(new URL(await permalinkOf(providerId)).href.replace('www.', '').replace(/\/$/, ''));
    expect(hook.json.data.post).toEqual({
      campaignId,
      postId: post.id,
      creatorId: 'ana',
      connectionId: ana.connectionId,
      mediaId,
      network: 'instagram',
      permalink: post.permalink,
      boundBy: 'auto',
      flags: [],
      boundAt: t.clock.now().toISOString(),
      unboundAt: null,
    });
    expect(hook.headers['channelkeeper-event-type']).toBe('campaign_post.bound');
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(signedWith(hook, secret, now)).toBe(true);
    expect(signedWith(hook, `${secret.slice(0, -8)}AAAAAAA=`, now)).toBe(false);

    receiver.received.length = 0;
    t.clock.advance(HOUR);
    await syncNow(t, ana);
    expect(await campaignHooks()).toEqual([]);

    const log = (await t.api('GET', '/v1/webhook-deliveries?limit=50')).json().data as { id: string; type: string; connectionId: string | null; campaignId?: string }[];
    expect(log.filter((d) => d.type === 'campaign_post.bound')).toEqual([
      expect.objectContaining({ id: hook.headers['webhook-id'], eventId: hook.json.id, connectionId: ana.connectionId, campaignId }),
    ]);
    expect(log.filter((d) => d.type.startsWith('connection.')).every((d) => !('campaignId' in d))).toBe(true);
  });

  it('a brand binding a post by URL sends one (manual), binding it again none; unbinding sends one campaign_post.unbound, again none', async () => {
    const providerId = publish(t, ana, 'An untagged post');
    await syncNow(t, ana);
    const url = await permalinkOf(providerId);
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url })).statusCode).toBe(201);
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url })).statusCode).toBe(200);
    const bound = await campaignHooks();
    expect(bound.map((h) => [h.json.type, h.json.data.post?.boundBy])).toEqual([['campaign_post.bound', 'manual']]);

    const postId = bound[0]!.json.data.post!.postId as string;
    receiver.received.length = 0;
    t.clock.advance(1000);
    expect((await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${postId}`)).statusCode).toBe(200);
    expect((await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${postId}`)).statusCode).toBe(200);
    const unbound = await campaignHooks();
    expect(unbound.map((h) => h.json.type)).toEqual(['campaign_post.unbound']);
    expect(unbound[0]!.json.data.post).toMatchObject({ postId, campaignId, creatorId: 'ana', unboundAt: t.clock.now().toISOString() });

    // The brand changes its mind: bound again, one more campaign_post.bound.
    receiver.received.length = 0;
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url })).statusCode).toBe(200);
    expect((await campaignHooks()).map((h) => [h.json.type, h.json.data.post?.postId])).toEqual([['campaign_post.bound', postId]]);
  });

  it('a self-reported post sends one, which says it was self-reported', async () => {
    const url = 'https://www.instagram.com/p/NotSyncedYet123/';
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/participants/ana/posts`, { url })).statusCode).toBe(201);
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/participants/ana/posts`, { url })).statusCode).toBe(200);
    const hooks = await campaignHooks();
    expect(hooks.map((h) => h.json.type)).toEqual(['campaign_post.bound']);
    expect(hooks[0]!.json.data.post).toMatchObject({ boundBy: 'self_reported', connectionId: null, mediaId: null, flags: ['no_auto_refresh'] });
  });
});

describe('insights_refresh.completed', () => {
  it('a press whose refresh two workers finish at once sends exactly one, with the final counts', async () => {
    for (let i = 0; i < 3; i++) publish(t, ana, `More ${i} #AcmeHooks`);
    await syncNow(t, ana);
    t.clock.advance(HOUR);
    await runInsightTasks(deps());
    expect(await openTasks(db())).toEqual([]);
    await dispatchWebhooks(deps());
    receiver.received.length = 0;

    const pressed = await t.api('POST', `/v1/campaigns/${campaignId}/refresh-insights`);
    expect(pressed.statusCode).toBe(202);
    const { id: refreshId } = await db().selectFrom('insights_refreshes').select('id').where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
    expect(await campaignHooks()).toEqual([]);
    await Promise.all(['worker-a', 'worker-b'].map((instanceId) => runInsightTasks({ ...deps(), instanceId }, { claim: 1 })));
    const state = (await t.api('GET', `/v1/campaigns/${campaignId}/insights-refresh`)).json();
    expect(state).toMatchObject({ status: 'done', progress: { total: 4, completed: 4, failed: 0 } });

    const hooks = await campaignHooks();
    expect(hooks.map((h) => h.json.type)).toEqual(['insights_refresh.completed']);
    expect(hooks[0]!.json.data.refresh).toEqual({
      campaignId,
      refreshId,
      total: 4,
      completed: 4,
      failed: 0,
      requestedAt: expect.any(String),
      finishedAt: t.clock.now().toISOString(),
    });
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(signedWith(hooks[0]!, secret, now)).toBe(true);

    // Later worker runs (nothing left, or other work) send nothing more.
    await runInsightTasks(deps());
    expect(await campaignHooks()).toHaveLength(1);
    const log = (await t.api('GET', '/v1/webhook-deliveries?limit=5')).json().data as { type: string; connectionId: string | null; campaignId?: string }[];
    expect(log.find((d) => d.type === 'insights_refresh.completed')).toMatchObject({ connectionId: null, campaignId });
  });

  it('a press with no posts to read is done at once and sends it at once', async () => {
    const empty = await createCampaign(t, { hashtag: '#AcmeNothing', state: 'live' });
    expect((await t.api('POST', `/v1/campaigns/${empty}/refresh-insights`)).statusCode).toBe(202);
    const hooks = await campaignHooks();
    expect(hooks.map((h) => h.json.data.refresh)).toEqual([
      expect.objectContaining({ campaignId: empty, total: 0, completed: 0, failed: 0, finishedAt: t.clock.now().toISOString() }),
    ]);
  });
});

describe('endpoint filters', () => {
  it('an endpoint filtered to campaign_post.unbound and insights_refresh.completed heard only those, once each', async () => {
    await dispatchWebhooks(deps());
    expect(filtered.received.map((r) => r.json.type).toSorted()).toEqual(['campaign_post.unbound', 'insights_refresh.completed', 'insights_refresh.completed']);
    expect(new Set(filtered.received.map((r) => r.json.id)).size).toBe(3);
  });
});
