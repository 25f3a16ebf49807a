import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connect, setup } from './test-support.ts';

const DAY_MS = 86_400_000;

/** The path a link's host is served under in the sandbox. */
const local = (link: string) => {
  const url = new URL(link);
  return `/${url.host}${url.pathname}${url.search}`;
};

async function firstLinks(app: Parameters<typeof connect>[0]) {
  const { long } = await connect(app, 'ana.business');
  const page = (await app.inject({ url: '/me/media?fields=id,media_type,media_url,thumbnail_url&limit=5', headers: { authorization: `Bearer ${long}` } })).json();
  const image = page.data.find((m: { media_type: string; media_url?: string }) => m.media_type === 'IMAGE' && m.media_url);
  const video = page.data.find((m: { media_type: string }) => m.media_type === 'VIDEO');
  return { image: image.media_url as string, video: video.media_url as string, cover: video.thumbnail_url as string };
}

describe('the simulated media CDNs', () => {
  it('serve real files: a JPEG picture, and an H.264 MP4 video with a JPEG cover', async () => {
    const { app } = setup();
    const links = await firstLinks(app);
    const image = await app.inject({ url: local(links.image) });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(image.rawPayload.subarray(-2).toString('hex')).toBe('ffd9');
    const video = await app.inject({ url: local(links.video) });
    expect(video.headers['content-type']).toBe('video/mp4');
    expect(video.rawPayload.subarray(4, 8).toString()).toBe('ftyp');
    expect(video.rawPayload.includes(Buffer.from('avcC'))).toBe(true);
    expect((await app.inject({ url: local(links.cover) })).headers['content-type']).toBe('image/jpeg');
    // The same post draws the same file each time; another post another one.
    const again = await app.inject({ url: local(links.image) });
    expect(createHash('sha256').update(again.rawPayload).digest('hex')).toBe(createHash('sha256').update(image.rawPayload).digest('hex'));
    expect(again.rawPayload.equals((await app.inject({ url: local(links.cover) })).rawPayload)).toBe(false);
  });

  it('sign Meta’s links to expire 4 days after the API handed them out, on the sandbox clock', async () => {
    const { app, clock } = setup();
    const { image } = await firstLinks(app);
    const oe = Number.parseInt(new URL(image).searchParams.get('oe')!, 16) * 1000;
    expect(oe - clock.now().getTime()).toBe(4 * DAY_MS);
    clock.advance(4 * DAY_MS - 1000);
    expect((await app.inject({ url: local(image) })).statusCode).toBe(200);
    clock.advance(1000);
    const expired = await app.inject({ url: local(image) });
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toBe('URL signature expired');
  });

  it('refuse an edited link', async () => {
    const { app } = setup();
    const { image } = await firstLinks(app);
    const later = new URL(image);
    later.searchParams.set('oe', (Number.parseInt(later.searchParams.get('oe')!, 16) + 86_400).toString(16).toUpperCase());
    const res = await app.inject({ url: local(later.toString()) });
    expect(res.statusCode).toBe(403);
    expect(res.body).toBe('URL signature mismatch');
    expect((await app.inject({ url: local(image.replace(/\.jpg\?/, '-thumb.jpg?')) })).body).toBe('URL signature mismatch');
  });

  it('pad videos to cdnVideoBytes, streamed, and answer faults armed on `cdn`', async () => {
    const { app, world } = setup({ cdnVideoBytes: 3_000_000 });
    const { video } = await firstLinks(app);
    const res = await app.inject({ url: local(video) });
    expect(res.headers['content-length']).toBe('3000000');
    expect(res.rawPayload.length).toBe(3_000_000);
    world.faults.add({ endpoint: 'cdn', fault: 'http_500', count: 1 });
    expect((await app.inject({ url: local(video) })).statusCode).toBe(500);
    expect((await app.inject({ url: local(video) })).statusCode).toBe(200);
    expect(world.calls.count('cdn')).toBe(3);
  });
});
