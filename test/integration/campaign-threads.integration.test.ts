/**
 * Threads in a campaign, through the real system and sandbox: a creator's Threads post whose text carries
 * the campaign's hashtag (Threads topics are written with `#`) binds by itself after a sync, its figures are
 * read on the same recency rules as Instagram's, and the brand's Campaign Performance page shows its views,
 * likes, replies, reposts and quotes; the Refresh Insights button reads it again; and the audience of a
 * Threads profile counts, or is named as withheld below the follower threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadsWorld } from '../../sandbox/threads/world.ts';
import { refreshAudiences } from '../../src/insights/audience.ts';
import { planInsights } from '../../src/insights/insights-plan.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { runMediaArchives } from '../../src/media/archive-worker.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { loadCampaignPerformance } from '../../src/portal/campaign-performance.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds } from '../support/daily-jobs.ts';

let t: TestContext;
let threads: ThreadsWorld;
let campaignId: string;
let postId: string;
let connectionId: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z' });
  threads = t.sandbox.world.network<ThreadsWorld>('threads');
  const connected = await t.connect({ creator: { id: 'tara', name: 'Tara Reis' }, provider: 'threads', account: 'tara.threads', returnUrl: 'https://platform.example/' });
  [connectionId] = connectedIds(connected.headers.location as string) as [string];
  const campaign = await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Summer 26', hashtag: '#AcmeSummer26', state: 'live' });
  expect(campaign.statusCode, campaign.body).toBe(201);
  campaignId = campaign.json().id;
  expect(campaign.json().networks).toContain('threads');
  await t.api('PUT', `/v1/campaigns/${campaignId}/participants/tara`, { stage: 'confirmed', joinedAt: '2026-06-01T08:00:00Z' });
  // The first sync (queued by the connect) sees the profile's older posts, none with the hashtag.
  await runMediaSyncs(t.system.deps);
  t.clock.advance(HOUR);
  const post = threads.publish('tara.threads', { text: 'Sunset swim with @acme #AcmeSummer26 #ad', mediaType: 'IMAGE' });
  postId = post.id;
  threads.metrics.set(post.id, { views: 1200, likes: 90, replies: 12, reposts: 7, quotes: 3, shares: 5 });
  await t.api('POST', `/v1/connections/${connectionId}/media-sync`);
  await runMediaSyncs(t.system.deps);
  await planInsights(t.system.deps);
  await runInsightTasks(t.system.deps);
});
afterAll(() => t.close());

async function portal(): Promise<string> {
  const created = await t.api('POST', '/v1/portal-sessions', { brand: { id: 'acme' }, campaignId });
  const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
  return String(opened.headers['set-cookie']).split(';')[0]!;
}

const page = async (cookie: string) => (await t.system.app.inject({ method: 'GET', url: `/portal/campaigns/${campaignId}`, headers: { cookie } })).body;

describe('a Threads post in a campaign', () => {
  it('binds by the hashtag in its text, automatically, and only that post', async () => {
    const posts = (await t.api('GET', `/v1/campaigns/${campaignId}/posts`)).json().data;
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ network: 'threads', boundBy: 'auto', caption: 'Sunset swim with @acme #AcmeSummer26 #ad', mediaType: 'image' });
    expect(posts[0].permalink).toMatch(/^https:\/\/www\.threads\.com\/@tara\.threads\/post\//);
  });

  it("keeps a copy of its picture, fetched from a fresh link of Threads' expiring CDN, served after that link has died", async () => {
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ archived: 1, failed: 0 });
    const [post] = (await t.api('GET', `/v1/campaigns/${campaignId}/posts`)).json().data;
    expect(post.archive).toMatchObject({ status: 'archived', files: [{ position: 0, role: 'media', status: 'stored', contentType: 'image/jpeg' }] });
    expect(post.mediaUrl).toBe(post.archive.files[0].url);
    t.clock.advance(5 * DAY);
    const served = await t.system.app.inject({ method: 'GET', url: new URL(post.mediaUrl).pathname + new URL(post.mediaUrl).search });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    t.clock.advance(-5 * DAY);
  });

  it('gets its first figures on the recency rules: views, likes, replies as comments, reposts and quotes as extras', async () => {
    const [post] = (await t.api('GET', `/v1/campaigns/${campaignId}/posts`)).json().data;
    expect(post.metrics).toMatchObject({ views: 1200, likes: 90, comments: 12, shares: 5, saves: null, reach: null, totalInteractions: 117, extra: { reposts: 7, quotes: 3 } });
    expect(post.metrics.engagementRate).toBeCloseTo(117 / 1200);
  });

  it("shows on the Campaign Performance page with Threads' own words: replies, reposts, quotes", async () => {
    const body = await page(await portal());
    expect(body).toMatch(/Tara Reis · <svg class="mark[^>]*>.*?<\/svg> Threads @tara.threads/);
    expect(body).toMatch(/<td class="num" data-label="Views"><span>1,200<\/span>/);
    expect(body).toContain('<span class="muted small" data-figures>Likes 90 · Replies 12 · Shares 5 · Reposts 7 · Quotes 3</span>');
    expect(body).toContain('9.75%');
    expect(body).toMatch(/Refreshes every [^<]*Threads post bound automatically/);
  });

  it('the Refresh Insights button reads the Threads post again', async () => {
    const cookie = await portal();
    const before = await page(cookie);
    const csrf = /name="csrf" value="([^"]+)"/.exec(before)![1];
    const pressed = await t.system.app.inject({ method: 'POST', url: `/portal/campaigns/${campaignId}/refresh-insights`, headers: { cookie }, payload: { csrf } });
    expect(pressed.headers.location).toBe(`/portal/campaigns/${campaignId}?refresh=queued`);
    expect(await page(cookie)).toContain('Queued: 0 of 1 posts done.');
    threads.metrics.set(postId, { views: 2500, quotes: 9 });
    t.clock.advance(30 * 60_000);
    await runInsightTasks(t.system.deps);
    const done = await page(cookie);
    expect(done).toContain('The last refresh is done: 1 of 1 posts updated.');
    expect(done).toMatch(/<td class="num" data-label="Views"><span>2,500<\/span>/);
    expect(done).toContain('Reposts 7 · Quotes 9');
  });

  it("counts the Threads profile's audience, and names a small profile's as withheld", async () => {
    await t.connect({ creator: { id: 'nina', name: 'Nina' }, provider: 'threads', account: 'nina.new', returnUrl: 'https://platform.example/' });
    await t.api('PUT', `/v1/campaigns/${campaignId}/participants/nina`, { stage: 'confirmed' });
    await refreshAudiences(t.system.deps);
    const { workspace_id: workspaceId } = await t.system.deps.db.selectFrom('campaigns').select('workspace_id').where('id', '=', campaignId).executeTakeFirstOrThrow();
    const loaded = await loadCampaignPerformance(t.system.deps, { workspaceId, brandId: 'acme' }, campaignId);
    if (!loaded.ok) throw new Error('the campaign did not load');
    const { audience } = loaded.value.view;
    expect(audience.counted).toBe(1);
    expect(audience.country.map((s) => s.key).sort()).toEqual(['BR', 'GB', 'PT', 'US']);
    expect(audience.unavailable).toEqual([{ creatorName: 'Nina', network: 'threads', reason: 'below_threshold' }]);
  });
});
