/**
 * The client package against the running service over HTTP: what a platform's backend does with it
 * (connect a creator, read connections, hand out a token, run a campaign), so the client is proven
 * against the real server and not only type-checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelkeeperClient, ChannelkeeperError, createChannelkeeperClient, unwrap, verifyWebhook } from '../../clients/node/src/index.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { listeningTestContext } from '../support/browser.ts';
import { API_KEY, type TestContext } from '../support/context.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

describe('the client package, against the service', () => {
  let t: TestContext;
  let ck: ChannelkeeperClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    const served = await listeningTestContext();
    t = served.t;
    ck = createChannelkeeperClient({ baseUrl: served.base, apiKey: API_KEY, retry: { attempts: 2, baseDelayMs: 10 } });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('connects a creator from a connect link it asked for', async () => {
    const link = await unwrap(ck.POST('/v1/connect-sessions', { body: { creator: { id: 'c1', email: 'ana@example.com', name: 'Ana' }, provider: 'instagram' } }));
    expect(link.url).toMatch(/\/connect\//);
    // The creator's part: open the link, consent on the (simulated) network, come back.
    const opened = await t.system.app.inject({ url: new URL(link.url).pathname });
    const done = await t.consent(opened.headers.location as string, {});
    expect(done.statusCode).toBeLessThan(400);
  });

  it('reads connections page by page and one by one', async () => {
    const all = [];
    for await (const connection of ck.paginate('/v1/connections', { query: { creatorId: 'c1' } })) all.push(connection);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ creatorId: 'c1', network: 'instagram', status: 'active' });
    const one = await unwrap(ck.GET('/v1/connections/{id}', { params: { path: { id: all[0]!.id } } }));
    expect(one.id).toBe(all[0]!.id);
    const history = await unwrap(ck.GET('/v1/connections/{id}/events', { params: { path: { id: one.id } } }));
    expect(history.data.map((event) => event.type)).toContain('connected');
  });

  it('hands out an access token', async () => {
    const [connection] = (await unwrap(ck.GET('/v1/connections', { params: { query: { creatorId: 'c1' } } }))).data;
    const token = await unwrap(ck.POST('/v1/connections/{id}/access-token', { params: { path: { id: connection!.id } } }));
    expect(token.accessToken.length).toBeGreaterThan(10);
  });

  it('answers failures as ChannelkeeperError with the catalogued code and the request id', async () => {
    const failure = await unwrap(ck.GET('/v1/connections/{id}', { params: { path: { id: 'con_nope' } } })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelkeeperError);
    expect(failure).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('runs a campaign: create it, add a participant, bind a synced post, read its posts', async () => {
    const campaign = await unwrap(ck.POST('/v1/campaigns', { body: { brand: { id: 'acme', name: 'Acme' }, name: 'Summer', hashtag: '#AcmeSummer26', networks: ['instagram'] } }));
    expect(campaign.state).toBe('draft');
    await unwrap(ck.PUT('/v1/campaigns/{id}/participants/{creatorId}', { params: { path: { id: campaign.id, creatorId: 'c1' } }, body: { stage: 'confirmed' } }));
    const [connection] = (await unwrap(ck.GET('/v1/connections', { params: { query: { creatorId: 'c1' } } }))).data;
    await unwrap(ck.POST('/v1/connections/{id}/media-sync', { params: { path: { id: connection!.id } } })).catch(() => undefined);
    await runMediaSyncs(t.system.deps);
    const media = await unwrap(ck.GET('/v1/connections/{id}/media', { params: { path: { id: connection!.id }, query: { limit: 1 } } }));
    const permalink = media.data[0]?.permalink;
    expect(permalink).toBeTruthy();
    const bound = await unwrap(ck.POST('/v1/campaigns/{id}/posts', { params: { path: { id: campaign.id } }, body: { url: permalink! } }));
    expect(bound.status).toBe('bound');
    const posts = [];
    for await (const post of ck.paginate('/v1/campaigns/{id}/posts', { path: { id: campaign.id } })) posts.push(post);
    expect(posts.map((post) => post.id)).toContain(bound.id);
    const live = await unwrap(ck.PATCH('/v1/campaigns/{id}', { params: { path: { id: campaign.id } }, body: { state: 'live' } }));
    expect(live.state).toBe('live');
  });

  it('registers a webhook endpoint, and verifies what it receives with verifyWebhook', async () => {
    const endpoint = await unwrap(ck.POST('/v1/webhook-endpoints', { body: { url: receiver.url, eventTypes: ['connection.revoked'] } }));
    expect(endpoint.secret).toMatch(/^whsec_/);
    const [connection] = (await unwrap(ck.GET('/v1/connections', { params: { query: { creatorId: 'c1' } } }))).data;
    await unwrap(ck.DELETE('/v1/connections/{id}', { params: { path: { id: connection!.id } } }));
    await dispatchWebhooks(t.system.deps);
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    const event = verifyWebhook<{ type: string; data: { connection: { id: string } } }>(hook!.body, hook!.headers as Record<string, string>, endpoint.secret, {
      now: t.clock.now(),
    });
    expect(event).toMatchObject({ type: 'connection.revoked', data: { connection: { id: connection!.id } } });
    expect(() =>
      verifyWebhook(hook!.body, hook!.headers as Record<string, string>, `whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`, { now: t.clock.now() }),
    ).toThrow();
    const deliveries = [];
    for await (const delivery of ck.paginate('/v1/webhook-deliveries', { query: {} })) deliveries.push(delivery);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['delivered']);
  });
});
