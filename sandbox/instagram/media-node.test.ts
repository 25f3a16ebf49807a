import { describe, expect, it } from 'vitest';
import { connect, setup } from '../core/test-support.ts';

const get = (app: Parameters<typeof connect>[0], path: string, token: string) => app.inject({ url: path, headers: { authorization: `Bearer ${token}` } });
const FILES = 'media_type,media_url,thumbnail_url,children{media_type,media_url,thumbnail_url}';

describe('graph.instagram.com /{ig-media-id}', () => {
  it('answers a carousel with its children, whose media_url the album’s repeats, with links signed now', async () => {
    const { app, world, clock } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(3_600_000);
    const album = world.instagram.publishMedia('ana.business', { mediaType: 'CAROUSEL_ALBUM', productType: 'FEED', caption: 'three' });
    const first = (await get(app, `/graph.instagram.com/v25.0/${album.id}?fields=${FILES}`, long)).json();
    expect(first).toMatchObject({ id: album.id, media_type: 'CAROUSEL_ALBUM' });
    expect(first.children.data.map((c: { media_type: string }) => c.media_type)).toEqual(['IMAGE', 'IMAGE', 'VIDEO']);
    expect(first.media_url).toBe(first.children.data[0].media_url);
    expect(first.children.data[2].thumbnail_url).toMatch(/-c3-thumb\.jpg\?/);
    clock.advance(5 * 86_400_000);
    const later = (await get(app, `/graph.instagram.com/${album.id}?fields=media_url`, long)).json();
    expect(later.media_url).not.toBe(first.media_url);
    const url = new URL(later.media_url);
    expect((await app.inject({ url: `/${url.host}${url.pathname}${url.search}` })).statusCode).toBe(200);
  });

  it('answers only the token’s own media, and names an unknown field', async () => {
    const { app, world } = setup();
    const ana = await connect(app, 'ana.business');
    const ben = await connect(app, 'ben.creator');
    const post = world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'FEED', caption: 'mine' });
    expect((await get(app, `/graph.instagram.com/${post.id}?fields=media_url`, ana.long)).json()).toMatchObject({ id: post.id, media_url: expect.any(String) });
    const other = await get(app, `/graph.instagram.com/${post.id}?fields=media_url`, ben.long);
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 100, error_subcode: 33 });
    const unknown = (await get(app, `/graph.instagram.com/${post.id}?fields=children{likes}`, ana.long)).json();
    expect(unknown.error.message).toContain('(likes)');
  });
});
