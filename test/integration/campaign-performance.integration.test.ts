/**
 * The brands' Campaign Performance page through HTTP on the real system and sandbox: a brand's portal
 * session lands on its campaign, which shows the post bound from a real sync with the figures the
 * sandbox reported; the Refresh Insights button queues a refresh, then shows itself disabled with the
 * time it was last used and when it is available again, and the progress; the two kinds of portal
 * session open only their own pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueCampaignSyncs } from '../../src/campaigns/campaign-sync-sweep.ts';
import { planInsights, planStories } from '../../src/insights/insights-plan.ts';
import { writeAudience } from '../../src/insights/insights-read.repo.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { HOUR } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { loadCampaignPerformance } from '../../src/portal/campaign-performance.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
let campaignId: string;
let mediaId: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z' });
  const connected = await t.connect({ creator: { id: 'ana', name: 'Ana Lima' }, account: 'ana.business', returnUrl: 'https://platform.example/' });
  expect(new URL(connected.headers.location as string).searchParams.get('status')).toBe('connected');
  const campaign = await t.api('POST', '/v1/campaigns', {
    brand: { id: 'acme', name: 'Acme' },
    name: 'Summer 26',
    hashtag: '#AcmeSummer26',
    networks: ['instagram'],
    state: 'live',
  });
  campaignId = campaign.json().id;
  await t.api('PUT', `/v1/campaigns/${campaignId}/participants/ana`, { stage: 'confirmed', joinedAt: '2026-06-01T08:00:00Z' });
  await t.api('POST', '/v1/campaigns', { brand: { id: 'globex', name: 'Globex' }, name: 'Other brand', hashtag: '#Globex' });
  t.clock.advance(HOUR);
  const published = t.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'FEED', caption: 'Beach day <3 #AcmeSummer26 #ad' });
  t.sandbox.world.instagram.metrics.set(published.id, { views: 1200, reach: 900, likes: 100, comments: 10, saved: 5, shares: 3, total_interactions: 118 });
  await t.api('POST', `/v1/connections/${new URL(connected.headers.location as string).searchParams.get('connection')}/media-sync`);
  await runMediaSyncs(t.system.deps);
  mediaId = (await t.system.deps.db.selectFrom('media').select('id').where('provider_media_id', '=', published.id).executeTakeFirstOrThrow()).id;
  await planInsights(t.system.deps);
  await runInsightTasks(t.system.deps);
});
afterAll(() => t.close());

async function open(body: object): Promise<{ cookie: string; landing: string }> {
  const created = await t.api('POST', '/v1/portal-sessions', body);
  expect(created.statusCode, created.body).toBe(201);
  const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
  expect(opened.statusCode).toBe(303);
  return { cookie: String(opened.headers['set-cookie']).split(';')[0]!, landing: String(opened.headers.location) };
}

const get = (url: string, cookie: string) => t.system.app.inject({ method: 'GET', url, headers: { cookie } });
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

describe('the Campaign Performance page', () => {
  it("lands a brand's session on its campaign and shows the bound post with the network's figures", async () => {
    const { cookie, landing } = await open({ brand: { id: 'acme' }, campaignId });
    expect(landing).toBe(`/portal/campaigns/${campaignId}`);
    const page = await get(landing, cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Summer 26</h1>');
    expect(page.body).toContain('Beach day &lt;3 #AcmeSummer26 #ad');
    expect(page.body).toMatch(/Ana Lima · <svg class="mark[^>]*>.*?<\/svg> Instagram @ana.business/);
    expect(page.body).toMatch(/<td class="num" data-label="Views"><span>1,200<\/span>/);
    expect(page.body).toContain('9.83%');
    expect(page.body).toMatch(/<button type="submit"[^>]*>Refresh Insights<\/button>/);
    const list = await get('/portal/campaigns', cookie);
    expect(list.body).toContain(`href="/portal/campaigns/${campaignId}"`);
    expect(list.body).not.toContain('Other brand');
  });

  it('Refresh Insights queues a refresh, then is disabled with its last use and when it is available again, with progress', async () => {
    const { cookie } = await open({ brand: { id: 'acme' }, campaignId });
    const before = await get(`/portal/campaigns/${campaignId}`, cookie);
    const pressedAt = t.clock.now();
    const pressed = await t.system.app.inject({
      method: 'POST',
      url: `/portal/campaigns/${campaignId}/refresh-insights`,
      headers: { cookie },
      payload: { csrf: csrfOf(before.body) },
    });
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe(`/portal/campaigns/${campaignId}?refresh=queued`);
    const queued = await get(String(pressed.headers.location), cookie);
    expect(queued.body).toContain('Insights refresh queued.');
    expect(queued.body).toMatch(/<button type="button" disabled[^>]*>Refresh Insights<\/button>/);
    const until = new Date(pressedAt.getTime() + 12 * HOUR);
    expect(queued.body).toContain(`Last used <time datetime="${pressedAt.toISOString()}">`);
    expect(queued.body).toContain(`available again at <time datetime="${until.toISOString()}">`);
    expect(queued.body).toContain('Queued: 0 of 1 posts done.');
    expect(queued.body).toContain('<meta http-equiv="refresh"');

    t.sandbox.world.instagram.metrics.set(
      (await t.system.deps.db.selectFrom('media').select('provider_media_id').where('id', '=', mediaId).executeTakeFirstOrThrow()).provider_media_id,
      { views: 2000 },
    );
    // Later than the first reading (a reading is one per instant), within the page's one-hour visit.
    t.clock.advance(30 * 60_000);
    await runInsightTasks(t.system.deps);
    const done = await get(`/portal/campaigns/${campaignId}`, cookie);
    expect(done.body).toContain('The last refresh is done: 1 of 1 posts updated.');
    expect(done.body).toMatch(/<td class="num" data-label="Views"><span>2,000<\/span>/);
    expect(done.body).toMatch(/<button type="button" disabled/);

    const again = await t.system.app.inject({
      method: 'POST',
      url: `/portal/campaigns/${campaignId}/refresh-insights`,
      headers: { cookie },
      payload: { csrf: csrfOf(before.body) },
    });
    expect(again.headers.location).toBe(`/portal/campaigns/${campaignId}?refresh=cooldown`);
    t.clock.set(until);
    const later = await open({ brand: { id: 'acme' }, campaignId });
    expect((await get(`/portal/campaigns/${campaignId}`, later.cookie)).body).toMatch(/<button type="submit"[^>]*>Refresh Insights<\/button>/);
  });

  it('refuses a form without the session’s CSRF token', async () => {
    const { cookie } = await open({ brand: { id: 'acme' } });
    const forged = await t.system.app.inject({ method: 'POST', url: `/portal/campaigns/${campaignId}/refresh-insights`, headers: { cookie }, payload: { csrf: 'forged' } });
    expect(forged.statusCode).toBe(403);
  });
});

describe('brand and creator sessions', () => {
  it('open only their own pages', async () => {
    const brand = await open({ brand: { id: 'acme' } });
    expect(brand.landing).toBe('/portal/campaigns');
    expect((await get('/portal', brand.cookie)).statusCode).toBe(401);
    const creator = await open({ creator: { id: 'ana' } });
    expect(creator.landing).toBe('/portal');
    expect((await get('/portal/campaigns', creator.cookie)).statusCode).toBe(401);
    expect((await get(`/portal/campaigns/${campaignId}`, creator.cookie)).statusCode).toBe(401);
  });

  it("a brand sees no other brand's campaign, and cannot be sent to one", async () => {
    const other = (await t.api('GET', '/v1/campaigns?brandId=globex')).json().data[0].id;
    const globex = await open({ brand: { id: 'globex' } });
    expect((await get(`/portal/campaigns/${campaignId}`, globex.cookie)).statusCode).toBe(404);
    expect((await get(`/portal/campaigns/${other}`, globex.cookie)).statusCode).toBe(200);
    const refused = await t.api('POST', '/v1/portal-sessions', { brand: { id: 'globex' }, campaignId });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('not_found');
  });

  it('a campaign address holding a NUL character is a not-found page, not a 500', async () => {
    const { cookie } = await open({ brand: { id: 'acme' } });
    const page = await get('/portal/campaigns/cmp_a%00b', cookie);
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const before = await get(`/portal/campaigns/${campaignId}`, cookie);
    const pressed = await t.system.app.inject({ method: 'POST', url: '/portal/campaigns/cmp_a%00b/refresh-insights', headers: { cookie }, payload: { csrf: csrfOf(before.body) } });
    expect(pressed.statusCode).toBe(404);
  });

  it('a session names a creator or a brand, not both', async () => {
    const both = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana' }, brand: { id: 'acme' } });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe('invalid_request');
  });
});

describe('stories of a live campaign', () => {
  it("keeps a participant's story's figures from its 24 hours, so a brand binding it by hand afterwards still has them", async () => {
    const story = t.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'STORY', caption: '' });
    t.sandbox.world.instagram.metrics.set(story.id, { views: 640, reach: 610, shares: 3, total_interactions: 9 });
    t.clock.advance(2 * HOUR);
    await queueCampaignSyncs(t.system.deps);
    await runMediaSyncs(t.system.deps);
    const captured = await t.system.deps.db.selectFrom('media').select(['id', 'permalink', 'media_type']).where('provider_media_id', '=', story.id).executeTakeFirstOrThrow();
    expect(captured.media_type).toBe('story');
    // Stories carry no caption in the API: it does not bind by itself.
    expect((await t.api('GET', `/v1/campaigns/${campaignId}/posts?limit=100`)).json().data.map((p: { mediaId: string }) => p.mediaId)).not.toContain(captured.id);

    t.clock.advance(5 * HOUR); // 7 hours old: its 6-hour reading is due
    await planStories(t.system.deps);
    await runInsightTasks(t.system.deps);
    t.clock.advance(2 * 24 * HOUR); // long gone from Instagram

    const bound = await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: captured.permalink });
    expect(bound.statusCode, bound.body).toBeLessThan(300);
    expect(bound.json()).toMatchObject({ mediaId: captured.id, mediaType: 'story', boundBy: 'manual', metrics: { views: 640, reach: 610, totalInteractions: 9 } });
  });
});

describe('the page at scale', () => {
  it('reads the participating creators’ audiences in a fixed number of queries, not one per channel', async () => {
    const deps = t.system.deps;
    const id = (await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Crowd', hashtag: '#AcmeCrowd', networks: ['instagram'], state: 'live' })).json()
      .id as string;
    let queries = 0;
    const counting = { ...deps, db: deps.db.withPlugin({ transformQuery: (args) => (queries++, args.node), transformResult: async (args) => args.result }) };
    const queriesWith = async (creators: number): Promise<number> => {
      for (let i = 0; i < creators; i++) {
        const creatorId = `crowd${(await deps.db.selectFrom('campaign_participants').select('creator_id').where('campaign_id', '=', id).execute()).length}`;
        t.sandbox.world.instagram.createAccount({ username: `${creatorId}.biz`, accountType: 'BUSINESS', mediaCount: 0 });
        const connected = await t.connect({ creator: { id: creatorId }, account: `${creatorId}.biz`, returnUrl: 'https://platform.example/' });
        const connectionId = new URL(connected.headers.location as string).searchParams.get('connection')!;
        await t.api('PUT', `/v1/campaigns/${id}/participants/${creatorId}`, { stage: 'confirmed' });
        const slices = [{ key: 'BR', value: 60 }];
        await writeAudience(deps.db, connectionId, t.clock.now(), {
          status: 'available',
          unit: 'followers',
          followers: 60,
          age: [{ key: '18-24', value: 60 }],
          gender: [],
          country: slices,
          city: [],
        });
      }
      queries = 0;
      const loaded = await loadCampaignPerformance(
        counting,
        { workspaceId: (await deps.db.selectFrom('campaigns').select('workspace_id').where('id', '=', id).executeTakeFirstOrThrow()).workspace_id, brandId: 'acme' },
        id,
      );
      expect(loaded.ok).toBe(true);
      return queries;
    };
    const withTwo = await queriesWith(2);
    const withSix = await queriesWith(4);
    expect(withSix).toBe(withTwo);
    const page = await loadCampaignPerformance(
      deps,
      { workspaceId: (await deps.db.selectFrom('campaigns').select('workspace_id').where('id', '=', id).executeTakeFirstOrThrow()).workspace_id, brandId: 'acme' },
      id,
    );
    expect(page.ok && page.value.view.audience.country).toEqual([{ key: 'BR', value: 360 }]);
  });
});

describe('a disconnected channel on the page', () => {
  it("marks the page's posts whose refresh is paused, with the channel's reason", async () => {
    const { cookie, landing } = await open({ brand: { id: 'acme' }, campaignId });
    expect((await get(landing, cookie)).body).not.toContain('class="paused"');
    // Ana changes her password: the next day's reading of her post is refused and the channel disconnects.
    t.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
    t.clock.advance(24 * HOUR);
    await planInsights(t.system.deps);
    await runInsightTasks(t.system.deps);
    // A portal session lasts less than the day that passed: the brand opens a new one.
    const again = await open({ brand: { id: 'acme' }, campaignId });
    const page = await get(again.landing, again.cookie);
    // Her feed post and the story bound by hand above: both on the page, both paused, one channel.
    expect(page.body.match(/<span class="paused">Paused: [^<]+<\/span>/g)).toHaveLength(2);
    expect((await t.api('GET', `/v1/campaigns/${campaignId}`)).json().refreshPaused).toEqual([
      expect.objectContaining({ network: 'instagram', reason: 'password_changed', posts: 2 }),
    ]);
  });
});

describe('the audience of a campaign', () => {
  it("adds up the participating channels' latest audiences, shares of viewers as counts, and names who is not available", async () => {
    const { refreshAudiences } = await import('../../src/insights/audience.ts');
    const { loadCampaignPerformance } = await import('../../src/portal/campaign-performance.ts');
    // Fresh channels: Zoe's large Instagram following, Tiny's 42 followers, Maya's YouTube (shares of viewers).
    t.sandbox.world.instagram.createAccount({ username: 'zoe.studio', accountType: 'BUSINESS', mediaCount: 1 });
    t.sandbox.world.instagram.account('zoe.studio')!.followersCount = 9_400;
    await t.connect({ creator: { id: 'zoe', name: 'Zoe' }, account: 'zoe.studio', returnUrl: 'https://platform.example/' });
    t.sandbox.world.instagram.createAccount({ username: 'tiny.shop', accountType: 'BUSINESS', mediaCount: 1 });
    t.sandbox.world.instagram.account('tiny.shop')!.followersCount = 42;
    await t.connect({ creator: { id: 'tiny', name: 'Tiny Shop' }, account: 'tiny.shop', returnUrl: 'https://platform.example/' });
    await t.connect({ creator: { id: 'maya', name: 'Maya' }, provider: 'youtube', account: 'maya.makes', returnUrl: 'https://platform.example/' });
    const both = (
      await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Audience', hashtag: '#AcmeAudience', networks: ['instagram', 'youtube'], state: 'live' })
    ).json().id;
    for (const creator of ['zoe', 'tiny', 'maya']) await t.api('PUT', `/v1/campaigns/${both}/participants/${creator}`, { stage: 'confirmed' });
    await refreshAudiences(t.system.deps);

    // What each channel's own audience says, added up the way the page promises.
    const expected = new Map<string, number>();
    let counted = 0;
    for (const c of (await t.api('GET', '/v1/connections?limit=100')).json().data as { id: string; creatorId: string }[]) {
      if (!['zoe', 'tiny', 'maya'].includes(c.creatorId)) continue;
      const a = (await t.api('GET', `/v1/connections/${c.id}/audience`)).json();
      if (a.status !== 'available') continue;
      counted++;
      const scale = a.unit === 'percent' ? a.followers / 100 : 1;
      for (const s of a.age as { key: string; value: number }[]) expected.set(s.key, (expected.get(s.key) ?? 0) + Math.round(s.value * scale));
    }
    const { workspace_id: workspaceId } = await t.system.deps.db.selectFrom('campaigns').select('workspace_id').where('id', '=', both).executeTakeFirstOrThrow();
    const loaded = await loadCampaignPerformance(t.system.deps, { workspaceId, brandId: 'acme' }, both);
    expect(loaded.ok).toBe(true);
    const audience = loaded.ok ? loaded.value.view.audience : undefined;
    expect(counted).toBe(2);
    expect(audience?.counted).toBe(2);
    expect(Object.fromEntries(audience!.age.map((s) => [s.key, s.value]))).toEqual(Object.fromEntries(expected));
    expect(audience?.unavailable).toEqual([{ creatorName: 'Tiny Shop', network: 'instagram', reason: 'below_threshold' }]);
    expect(audience?.unavailableTotal).toBe(1);
    expect(loaded.ok && loaded.value.view.campaign.participants).toBe(3);
  });
});
