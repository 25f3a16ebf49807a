import { describe, expect, it } from 'vitest';
import { connect, setup } from '../core/test-support.ts';

const FIELDS = 'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp';

function get(app: Parameters<typeof connect>[0], path: string, token: string) {
  return app.inject({ url: path, headers: { authorization: `Bearer ${token}` } });
}

describe('graph.instagram.com /me/media', () => {
  it('pages the feed newest first with cursors, and no next link on the last page', async () => {
    const { app, world } = setup();
    const { long } = await connect(app, 'ana.business');
    const first = (await get(app, `/graph.instagram.com/v25.0/me/media?fields=${FIELDS}&limit=100`, long)).json();
    expect(first.data).toHaveLength(100);
    expect(first.data[0]).toMatchObject({ media_type: 'IMAGE', media_product_type: 'FEED', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/) });
    expect(first.data[1]).toMatchObject({ media_type: 'VIDEO', media_product_type: 'REELS', permalink: expect.stringContaining('/reel/'), thumbnail_url: expect.any(String) });
    const times = first.data.map((m: { timestamp: string }) => m.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
    expect(first.paging.next).toMatch(/^https:\/\/graph\.instagram\.com\/v25\.0\/me\/media\?/);
    const second = (await get(app, `/v25.0/me/media?fields=id&limit=100&after=${first.paging.cursors.after}`, long)).json();
    expect(second.data).toHaveLength(world.instagram.account('ana.business')!.mediaCount - 100);
    expect(second.paging.next).toBeUndefined();
  });

  it('leaves out media_url for copyrighted media, and answers only id without fields', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    const page = (await get(app, `/me/media?fields=${FIELDS}&limit=10`, long)).json();
    expect(page.data.filter((m: { media_url?: string }) => m.media_url === undefined)).toHaveLength(1);
    expect(Object.keys((await get(app, '/me/media', long)).json().data[0])).toEqual(['id']);
  });

  it('lists what the account publishes later first, and stories only on /me/stories for 24 hours', async () => {
    const { app, world, clock } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(3_600_000);
    const post = world.instagram.publishMedia('ana.business', { mediaType: 'CAROUSEL_ALBUM', productType: 'FEED', caption: 'new' });
    const story = world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'STORY', caption: '' });
    const feed = (await get(app, `/me/media?fields=${FIELDS}&limit=3`, long)).json();
    expect(feed.data[0]).toMatchObject({ id: post.id, caption: 'new', media_type: 'CAROUSEL_ALBUM' });
    expect(feed.data.map((m: { id: string }) => m.id)).not.toContain(story.id);
    const stories = (await get(app, `/me/stories?fields=${FIELDS}`, long)).json();
    expect(stories.data.map((m: { media_product_type: string }) => m.media_product_type)).toEqual(['STORY', 'STORY', 'STORY']);
    expect(stories.data[0]).toMatchObject({ id: story.id, permalink: `https://www.instagram.com/stories/ana.business/${story.id}/` });
    clock.advance(24 * 3_600_000);
    expect((await get(app, '/me/stories', long)).json().data).toEqual([]);
  });

  it('refuses a token without instagram_business_basic with (#10), and answers faults before any work', async () => {
    const { app, world } = setup();
    const token = world.instagram.mintToken({ username: 'ana.business', scopes: ['instagram_business_manage_insights'] });
    expect((await get(app, '/me/media', token.value)).json().error).toMatchObject({ code: 10 });
    const ok = world.instagram.mintToken({ username: 'ana.business' });
    world.faults.add({ endpoint: 'media', fault: 'throttle', code: 80002 });
    expect((await get(app, '/me/media', ok.value)).statusCode).toBe(400);
    expect((await get(app, '/me/media', ok.value)).statusCode).toBe(200);
  });

  it('refuses an unknown field on the media node', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    expect((await get(app, '/me/media?fields=id,nope', long)).json().error.message).toContain('(nope)');
  });

  it('the control route publishes a story for a known account and refuses an unknown one', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ben.creator');
    const res = await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ben.creator/media', payload: { productType: 'STORY', mediaType: 'VIDEO' } });
    expect(res.statusCode).toBe(201);
    expect((await get(app, '/me/stories', long)).json().data[0].id).toBe(res.json().id);
    expect((await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/nobody/media', payload: {} })).statusCode).toBe(404);
  });
});
