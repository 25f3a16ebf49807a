/**
 * One account, two logins: an Instagram professional account connected with Instagram Login and through
 * its Facebook Page is two connections of the same account, linked. Its bound posts are read through
 * whichever login works, and pause only when none does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planInsights } from '../../src/insights/insights-plan.ts';
import { pausedChannelsFor } from '../../src/insights/insights-read.repo.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { createCampaign, join, openTasks, snapshotCount } from '../support/insights-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-05-04T09:00:00Z' });
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const deps = () => t.system.deps;
const view = async (id: string) => (await t.api('GET', `/v1/connections/${id}`)).json();
const ana = { id: 'ana', email: 'ana@example.com', name: 'Ana' };
/** Media insights calls the sandbox answered through Instagram Login, or through Facebook Login. */
let viaInstagramId = '';
const insightCalls = (connectionId: string) => t.sandbox.world.calls.count(connectionId === viaInstagramId ? 'media_insights' : 'facebook.media_insights');

describe('one account, two logins', () => {
  let viaInstagram: string;
  let viaFacebook: string;
  let page: string;

  it('the same Instagram account through Instagram Login and its Facebook Page is two connections, linked to each other', async () => {
    const direct = await t.connect({ creator: ana, provider: 'instagram', account: 'ana.business', returnUrl: 'https://p.example/' });
    viaInstagram = new URL(direct.headers.location as string).searchParams.get('connection')!;
    viaInstagramId = viaInstagram;
    t.clock.advance(1000);
    const throughPage = await t.connect({ creator: ana, provider: 'facebook', account: 'ana.facebook', returnUrl: 'https://p.example/' });
    const ids = new URL(throughPage.headers.location as string).searchParams.get('connections')!.split(',');
    const views = await Promise.all(ids.map(view));
    viaFacebook = views.find((v) => v.network === 'instagram').id;
    page = views.find((v) => v.network === 'facebook').id;

    expect(await view(viaInstagram)).toMatchObject({ provider: 'instagram', network: 'instagram', accountName: '@ana.business', linkedConnectionIds: [viaFacebook] });
    expect(await view(viaFacebook)).toMatchObject({ provider: 'facebook', network: 'instagram', accountName: '@ana.business', linkedConnectionIds: [viaInstagram] });
    // The Page is another account: not linked.
    expect(await view(page)).toMatchObject({ accountName: 'Ana Business', linkedConnectionIds: [] });
    const listed = (await t.api('GET', '/v1/connections?creatorId=ana')).json().data as { id: string; linkedConnectionIds: string[] }[];
    expect(Object.fromEntries(listed.map((c) => [c.id, c.linkedConnectionIds]))).toEqual({ [viaInstagram]: [viaFacebook], [viaFacebook]: [viaInstagram], [page]: [] });
  });

  it('fallback between two logins: disconnect one, the posts keep refreshing through the other; disconnect both, they pause', async () => {
    const campaignId = await createCampaign(t, { hashtag: '#AcmeLinked', state: 'live', networks: ['instagram'] });
    await join(t, campaignId, 'ana');
    t.clock.advance(1000);
    const published = t.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'FEED', caption: 'Summer with #AcmeLinked' });
    // Figures from the start (a post minutes old has none yet): both logins read the Instagram world's.
    await t.sandbox.app.inject({ method: 'PUT', url: `/_sandbox/instagram/media/${published.id}/insights`, payload: { views: 900, reach: 700, likes: 40 } });
    for (const id of [viaInstagram, viaFacebook]) await t.api('POST', `/v1/connections/${id}/media-sync`);
    await runMediaSyncs(deps());
    // Both logins read the post; it binds once (one post per permalink), to the copy of the login that found it first.
    const bound = await db()
      .selectFrom('campaign_posts as p')
      .innerJoin('media as m', 'm.id', 'p.media_id')
      .select(['m.id', 'm.connection_id'])
      .where('p.campaign_id', '=', campaignId)
      .where('m.provider_media_id', '=', published.id)
      .execute();
    expect(bound).toHaveLength(1);
    const mediaId = bound[0]!.id;
    const owner = bound[0]!.connection_id;
    const other = owner === viaInstagram ? viaFacebook : viaInstagram;
    await runInsightTasks(deps());
    expect(await snapshotCount(db(), mediaId)).toBe(1);

    // The login the post was found through is disconnected: the next day's reading goes through the other.
    expect((await t.api('DELETE', `/v1/connections/${owner}`)).json()).toMatchObject({ status: 'disconnected' });
    t.clock.advance(DAY);
    const before = { owner: insightCalls(owner), other: insightCalls(other) };
    await planInsights(deps());
    await runInsightTasks(deps());
    expect(await snapshotCount(db(), mediaId)).toBe(2);
    expect({ owner: insightCalls(owner) - before.owner, other: insightCalls(other) - before.other }).toEqual({ owner: 0, other: 1 });
    expect(await pausedChannelsFor(db(), campaignId)).toEqual([]);
    expect((await t.api('GET', `/v1/campaigns/${campaignId}`)).json().refreshPaused).toEqual([]);

    // Both logins disconnected: nothing can read it, so it pauses, with the reason of its own login.
    expect((await t.api('DELETE', `/v1/connections/${other}`)).json()).toMatchObject({ status: 'disconnected' });
    t.clock.advance(DAY);
    await planInsights(deps());
    await runInsightTasks(deps());
    expect(await snapshotCount(db(), mediaId)).toBe(2);
    expect(await pausedChannelsFor(db(), campaignId)).toEqual([{ connectionId: owner, network: 'instagram', reason: 'disconnected_on_request', posts: 1 }]);

    // Either login coming back resumes it: here the other one.
    t.clock.advance(1000);
    if (other === viaInstagram) await t.connect({ creator: ana, provider: 'instagram', account: 'ana.business', returnUrl: 'https://p.example/' });
    else await t.connect({ creator: ana, provider: 'facebook', account: 'ana.facebook', returnUrl: 'https://p.example/' });
    await planInsights(deps());
    await runInsightTasks(deps());
    expect(await snapshotCount(db(), mediaId)).toBe(3);
    expect(await pausedChannelsFor(db(), campaignId)).toEqual([]);
    expect((await openTasks(db())).filter((task) => task.media_id === mediaId)).toEqual([]);
  });
});
