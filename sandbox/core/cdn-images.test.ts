/**
 * Every picture link a simulated network hands out opens: each profile picture, cover and post image its
 * API answers with is a real PNG or JPEG of a sensible size on the simulated CDN (a video's link an MP4),
 * so the demo and the browser tests show pictures where a page shows them.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { connect, setup } from './test-support.ts';

const CDN_HOSTS = ['scontent.cdninstagram.com', 'scontent.xx.fbcdn.net', 'p16-sign-va.tiktokcdn.com', 'i.ytimg.com', 'yt3.ggpht.com', 'i.pinimg.com', 'v1.pinimg.com'];

interface Link {
  /** Where it was in the answer, array positions left out (`data.media.images.150x150.url`). */
  path: string;
  /** The field that carried it (`profile_picture_url`, `url`…). */
  field: string;
  url: string;
}

/** Every CDN link anywhere in an API answer, with where it came. */
function cdnLinks(value: unknown, path = ''): Link[] {
  if (typeof value === 'string') {
    return /^https:\/\//.test(value) && CDN_HOSTS.includes(new URL(value).host) ? [{ path, field: path.split('.').at(-1)!, url: value }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item) => cdnLinks(item, path));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => cdnLinks(inner, path ? `${path}.${key}` : key));
  return [];
}

type Decoded = { format: 'png' | 'jpeg'; width: number; height: number } | { format: 'mp4' } | { format: 'unknown' };

/** Reads the format and size a decoder would: PNG's IHDR, JPEG's start-of-frame, MP4's ftyp. */
function decode(bytes: Buffer): Decoded {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && bytes.subarray(12, 16).toString() === 'IHDR') {
    return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes.subarray(-2).toString('hex') === 'ffd9') {
    for (let at = 2; at + 9 < bytes.length; at += 2 + bytes.readUInt16BE(at + 2)) {
      if (bytes[at] !== 0xff) break;
      if (bytes[at + 1] === 0xc0) return { format: 'jpeg', height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
  }
  if (bytes.subarray(4, 8).toString() === 'ftyp') return { format: 'mp4' };
  return { format: 'unknown' };
}

/** Fetches every link from the sandbox as a browser would (through its host prefix) and checks the file. */
async function expectPictures(app: FastifyInstance, links: Link[], isAvatar: (link: Link) => boolean): Promise<void> {
  expect(links.length, 'the API handed out picture links').toBeGreaterThan(0);
  for (const link of links) {
    const { path: field, url } = link;
    const u = new URL(url);
    const res = await app.inject({ url: `/${u.host}${u.pathname}${u.search}` });
    expect(res.statusCode, `${field} ${url}`).toBe(200);
    const file = decode(res.rawPayload);
    if (/\.mp4$/.test(u.pathname)) {
      expect(file.format, `${field} is a video`).toBe('mp4');
      continue;
    }
    expect(['png', 'jpeg'], `${field} ${url} is a picture`).toContain(file.format);
    if (file.format !== 'png' && file.format !== 'jpeg') continue;
    expect(res.headers['content-type']).toBe(`image/${file.format}`);
    const longest = Math.max(file.width, file.height);
    if (isAvatar(link)) expect(file.width, `${field} is square`).toBe(file.height);
    expect(longest, `${field} is large enough to show`).toBeGreaterThanOrEqual(88);
    expect(longest, `${field} is no larger than a page needs`).toBeLessThanOrEqual(1280);
  }
}

const json = async (res: Promise<{ json(): unknown; statusCode: number }>) => {
  const answer = await res;
  expect(answer.statusCode).toBe(200);
  return answer.json();
};

async function mint(app: FastifyInstance, network: string, payload: Record<string, unknown>): Promise<string> {
  const res = await app.inject({ method: 'POST', url: `/_sandbox/${network}/tokens`, payload });
  expect(res.statusCode).toBe(201);
  return res.json().access_token as string;
}

describe('every picture link a simulated network hands out is a real image', () => {
  it('Instagram: the profile picture (128 px square), post pictures and video covers', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    const bearer = { authorization: `Bearer ${long}` };
    const me = await json(app.inject({ url: '/graph.instagram.com/me?fields=id,username,profile_picture_url', headers: bearer }));
    const media = await json(app.inject({ url: '/graph.instagram.com/me/media?fields=id,media_type,media_url,thumbnail_url&limit=10', headers: bearer }));
    const links = [...cdnLinks(me), ...cdnLinks(media)];
    expect(links.map((l) => l.field)).toEqual(expect.arrayContaining(['profile_picture_url', 'media_url', 'thumbnail_url']));
    await expectPictures(app, links, (l) => l.field === 'profile_picture_url');
    const avatar = await app.inject({ url: `/scontent.cdninstagram.com${new URL(links[0]!.url).pathname}${new URL(links[0]!.url).search}` });
    expect(decode(avatar.rawPayload)).toEqual({ format: 'jpeg', width: 128, height: 128 });
  });

  it('Facebook: the person’s and the Pages’ pictures, the linked Instagram account’s, and posts’ full pictures', async () => {
    const { app } = setup();
    const user = await mint(app, 'facebook', { username: 'dana.fb' });
    const me = await json(app.inject({ url: `/graph.facebook.com/v25.0/me?fields=id,name,picture&access_token=${user}` }));
    const pages = (await json(
      app.inject({ url: `/graph.facebook.com/v25.0/me/accounts?fields=id,name,picture,access_token,instagram_business_account{id,profile_picture_url}&access_token=${user}` }),
    )) as { data: { id: string; access_token: string }[] };
    const page = pages.data[0]!;
    const posts = await json(app.inject({ url: `/graph.facebook.com/v25.0/${page.id}/posts?fields=id,full_picture&access_token=${page.access_token}` }));
    const links = [...cdnLinks(me), ...cdnLinks(pages), ...cdnLinks(posts)];
    expect(links.map((l) => l.path)).toEqual(
      expect.arrayContaining(['picture.data.url', 'data.picture.data.url', 'data.instagram_business_account.profile_picture_url', 'data.full_picture']),
    );
    await expectPictures(app, links, (l) => l.field !== 'full_picture');
  });

  it('TikTok: the avatars at the sizes their links name, and the videos’ 9:16 covers', async () => {
    const { app } = setup();
    const token = await mint(app, 'tiktok', { username: 'tess.tiktok' });
    const bearer = { authorization: `Bearer ${token}` };
    const user = await json(app.inject({ url: '/open.tiktokapis.com/v2/user/info/?fields=open_id,avatar_url,avatar_url_100,avatar_large_url', headers: bearer }));
    const videos = await json(app.inject({ method: 'POST', url: '/open.tiktokapis.com/v2/video/list/?fields=id,cover_image_url', headers: bearer, payload: { max_count: 10 } }));
    const links = [...cdnLinks(user), ...cdnLinks(videos)];
    expect(links.map((l) => l.field)).toEqual(expect.arrayContaining(['avatar_url', 'avatar_url_100', 'cover_image_url']));
    await expectPictures(app, links, (l) => l.field.startsWith('avatar'));
    const avatar = links.find((l) => l.field === 'avatar_url')!;
    expect(decode((await app.inject({ url: `/p16-sign-va.tiktokcdn.com${new URL(avatar.url).pathname}` })).rawPayload)).toEqual({ format: 'jpeg', width: 168, height: 168 });
  });

  it('TikTok: a cover link past its x-expires is refused, as the real CDN does', async () => {
    const { app, clock } = setup();
    const token = await mint(app, 'tiktok', { username: 'tess.tiktok' });
    const videos = (await json(
      app.inject({ method: 'POST', url: '/open.tiktokapis.com/v2/video/list/?fields=id,cover_image_url', headers: { authorization: `Bearer ${token}` }, payload: {} }),
    )) as { data: { videos: { cover_image_url: string }[] } };
    const cover = new URL(videos.data.videos[0]!.cover_image_url);
    clock.advance(7 * 3_600_000);
    expect((await app.inject({ url: `/${cover.host}${cover.pathname}${cover.search}` })).statusCode).toBe(403);
  });

  it('YouTube: the channel’s art at each size and every video’s stills', async () => {
    const { app } = setup();
    const token = await mint(app, 'google', { username: 'maya.makes' });
    const bearer = { authorization: `Bearer ${token}` };
    const channels = (await json(app.inject({ url: '/www.googleapis.com/youtube/v3/channels?part=snippet,contentDetails&mine=true', headers: bearer }))) as {
      items: { contentDetails: { relatedPlaylists: { uploads: string } } }[];
    };
    const uploads = channels.items[0]!.contentDetails.relatedPlaylists.uploads;
    const items = await json(app.inject({ url: `/www.googleapis.com/youtube/v3/playlistItems?part=snippet&playlistId=${uploads}&maxResults=5`, headers: bearer }));
    const links = [...cdnLinks(channels), ...cdnLinks(items)];
    expect(links.some((l) => l.url.includes('yt3.ggpht.com')) && links.some((l) => l.url.includes('i.ytimg.com'))).toBe(true);
    await expectPictures(app, links, (l) => l.url.includes('yt3.ggpht.com'));
    const still = links.find((l) => l.url.endsWith('/mqdefault.jpg'))!;
    expect(decode((await app.inject({ url: `/i.ytimg.com${new URL(still.url).pathname}` })).rawPayload)).toEqual({ format: 'jpeg', width: 320, height: 180 });
    const art = links.find((l) => l.url.includes('=s88-'))!;
    expect(decode((await app.inject({ url: `/yt3.ggpht.com${new URL(art.url).pathname}` })).rawPayload)).toEqual({ format: 'jpeg', width: 88, height: 88 });
  });

  it('Pinterest: the profile image and every pin’s images, video pins’ covers and videos', async () => {
    const { app } = setup();
    const token = await mint(app, 'pinterest', { username: 'pia.pins' });
    const bearer = { authorization: `Bearer ${token}` };
    const account = await json(app.inject({ url: '/api.pinterest.com/v5/user_account', headers: bearer }));
    const pins = await json(app.inject({ url: '/api.pinterest.com/v5/pins?page_size=6', headers: bearer }));
    const links = [...cdnLinks(account), ...cdnLinks(pins)];
    expect(links.map((l) => l.field)).toEqual(expect.arrayContaining(['profile_image', 'cover_image_url', 'video_url']));
    await expectPictures(app, links, (l) => l.field === 'profile_image' || l.path.includes('150x150'));
  });

  it('Threads: the profile picture, and posts’ pictures and video covers', async () => {
    const { app } = setup();
    const token = await mint(app, 'threads', { username: 'tara.threads' });
    const bearer = { authorization: `Bearer ${token}` };
    const me = await json(app.inject({ url: '/graph.threads.net/v1.0/me?fields=id,threads_profile_picture_url', headers: bearer }));
    const posts = await json(app.inject({ url: '/graph.threads.net/v1.0/me/threads?fields=id,media_type,media_url,thumbnail_url&limit=25', headers: bearer }));
    const links = [...cdnLinks(me), ...cdnLinks(posts)];
    expect(links.map((l) => l.field)).toEqual(expect.arrayContaining(['threads_profile_picture_url', 'media_url']));
    await expectPictures(app, links, (l) => l.field === 'threads_profile_picture_url');
  });
});
