/**
 * The media archive on the real system and sandbox: a post bound to a campaign has its files (a picture,
 * a reel and its cover, a carousel's items) copied once into our store, with sizes and sha256; the API
 * and our signed links serve the copy after the sandbox's CDN link has expired; a network that gives no
 * file says so; a copy that fails is retried with backoff, then marked failed; a big video is streamed,
 * never held in memory; and copies no campaign needs are pruned with RETENTION_DAYS.
 */
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4, padded } from '../../sandbox/core/media-files.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { pruneMediaArchive } from '../../src/media/archive-prune.ts';
import { runMediaArchives } from '../../src/media/archive-worker.ts';
import { fileLink } from '../../src/media/file-link.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { connectedIds } from '../support/daily-jobs.ts';

let t: TestContext;
let campaignId: string;
let connectionId: string;

interface ArchivedFile {
  position: number;
  role: string;
  status: string;
  contentType: string | null;
  bytes: number | null;
  sha256: string | null;
  url: string | null;
  reason: string | null;
}
interface Post {
  id: string;
  mediaId: string;
  caption: string;
  network: string;
  permalink: string;
  mediaUrl: string | null;
  thumbnailUrl: string | null;
  archive: { status: string; reason: string | null; files: ArchivedFile[]; archivedAt: string | null; urlExpiresAt: string | null } | null;
}

beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z', env: { RETENTION_DAYS: '30' } });
  const connected = await t.connect({ creator: { id: 'ana', name: 'Ana Lima' }, account: 'ana.business', returnUrl: 'https://platform.example/' });
  [connectionId] = connectedIds(connected.headers.location as string) as [string];
  await runMediaSyncs(t.system.deps);
  campaignId = (
    await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Summer 26', hashtag: '#AcmeSummer26', networks: ['instagram', 'tiktok'], state: 'live' })
  ).json().id;
  await t.api('PUT', `/v1/campaigns/${campaignId}/participants/ana`, { stage: 'confirmed', joinedAt: '2026-06-01T08:00:00Z' });
});
afterAll(() => t.close());

/** Publishes posts with the campaign's hashtag and lets the sync bind them (which queues their copies). */
async function publishAndBind(posts: { mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM'; caption: string }[]): Promise<void> {
  t.clock.advance(MINUTE);
  for (const post of posts) {
    t.sandbox.world.instagram.publishMedia('ana.business', {
      mediaType: post.mediaType,
      productType: post.mediaType === 'VIDEO' ? 'REELS' : 'FEED',
      caption: `${post.caption} #AcmeSummer26 #ad`,
    });
  }
  expect([202, 409]).toContain((await t.api('POST', `/v1/connections/${connectionId}/media-sync`)).statusCode);
  await runMediaSyncs(t.system.deps);
}

async function posts(): Promise<Post[]> {
  const res = await t.api('GET', `/v1/campaigns/${campaignId}/posts?limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

const post = async (caption: string) => (await posts()).find((p) => p.caption.startsWith(caption))!;

/** One of our signed links, fetched as a browser would (the system's PUBLIC_URL is not listening). */
const fetchOurs = (url: string) => t.system.app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length) });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('a bound post’s media are copied into our storage', () => {
  it('copies a picture, a reel and its cover, and each item of a carousel once, with their sizes and sha256', async () => {
    await publishAndBind([
      { mediaType: 'IMAGE', caption: 'Beach day' },
      { mediaType: 'VIDEO', caption: 'Sunset run' },
      { mediaType: 'CAROUSEL_ALBUM', caption: 'Packing list' },
    ]);
    const pending = await post('Beach day');
    expect(pending.archive).toMatchObject({ status: 'pending', files: [] });
    expect(pending.mediaUrl).toMatch(/^https:\/\/scontent\.cdninstagram\.com\//);
    const cdnBefore = t.sandbox.world.calls.count('cdn');

    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 3, archived: 3, failed: 0, retrying: 0 });
    // One request per file: 1 picture, a reel and its cover, a carousel's two pictures and a video with its cover.
    expect(t.sandbox.world.calls.count('cdn') - cdnBefore).toBe(1 + 2 + 4);

    const photo = await post('Beach day');
    expect(photo.archive).toMatchObject({ status: 'archived', reason: null, archivedAt: t.clock.now().toISOString() });
    expect(photo.archive!.files).toEqual([
      {
        position: 0,
        role: 'media',
        status: 'stored',
        contentType: 'image/jpeg',
        bytes: expect.any(Number),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        url: expect.any(String),
        reason: null,
      },
    ]);
    expect(photo.mediaUrl).toBe(photo.archive!.files[0]!.url);
    expect(photo.thumbnailUrl).toBe(photo.mediaUrl);
    expect(photo.mediaUrl!.startsWith(`${PUBLIC_URL}/media-files/`)).toBe(true);

    const reel = await post('Sunset run');
    expect(reel.archive!.files.map((f) => [f.position, f.role, f.contentType])).toEqual([
      [0, 'media', 'video/mp4'],
      [0, 'thumbnail', 'image/jpeg'],
    ]);
    const carousel = await post('Packing list');
    // An album's own media_url is its first item's file: kept once, as item 1.
    expect(carousel.archive!.files.map((f) => [f.position, f.role, f.contentType])).toEqual([
      [1, 'media', 'image/jpeg'],
      [2, 'media', 'image/jpeg'],
      [3, 'media', 'video/mp4'],
      [3, 'thumbnail', 'image/jpeg'],
    ]);
    expect(carousel.mediaUrl).toBe(carousel.archive!.files[0]!.url);

    for (const file of [...photo.archive!.files, ...reel.archive!.files, ...carousel.archive!.files]) {
      const served = await fetchOurs(file.url!);
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe(file.contentType);
      expect(served.rawPayload.length).toBe(file.bytes);
      expect(sha256(served.rawPayload)).toBe(file.sha256);
    }
    // Copied once: nothing is left to copy, and binding the same posts to a second campaign copies nothing.
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 0 });
    const created = await t.api('POST', '/v1/campaigns', {
      brand: { id: 'acme', name: 'Acme' },
      name: 'Summer 26 (EU)',
      hashtag: '#AcmeSummer26',
      networks: ['instagram'],
      state: 'live',
    });
    expect(created.statusCode, created.body).toBe(201);
    const second = created.json().id;
    await t.api('PUT', `/v1/campaigns/${second}/participants/ana`, { stage: 'confirmed', joinedAt: '2026-06-01T08:00:00Z' });
    const listed = await t.api('GET', `/v1/campaigns/${second}/posts`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().data.map((p: Post) => p.archive?.status)).toEqual(['archived', 'archived', 'archived']);
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 0 });
    expect((await t.api('PATCH', `/v1/campaigns/${second}`, { state: 'archived' })).statusCode).toBe(200);
  });

  it('serves our copy after the network’s CDN link has expired', async () => {
    const photo = await post('Beach day');
    const stored = await t.system.deps.db.selectFrom('media').select('media_url').where('id', '=', photo.mediaId).executeTakeFirstOrThrow();
    const cdn = new URL(stored.media_url!);
    const network = () => fetch(`${t.sandbox.url}/${cdn.host}${cdn.pathname}${cdn.search}`);
    expect((await network()).status).toBe(200);

    // Instagram's CDN links stop working within days (docs/networks.md#media-files).
    t.clock.advance(5 * DAY);
    const expired = await network();
    expect(expired.status).toBe(403);
    await expect(expired.text()).resolves.toBe('URL signature expired');

    const again = await post('Beach day');
    const served = await fetchOurs(again.mediaUrl!);
    expect(served.statusCode).toBe(200);
    expect(sha256(served.rawPayload)).toBe(again.archive!.files[0]!.sha256);
    expect(served.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8'); // a JPEG

    // A video player seeks by byte ranges.
    const video = (await post('Sunset run')).archive!.files.find((f) => f.role === 'media')!;
    const whole = (await fetchOurs(video.url!)).rawPayload;
    expect((await fetchOurs(video.url!)).headers['accept-ranges']).toBe('bytes');
    const ranged = (range: string) => t.system.app.inject({ method: 'GET', url: video.url!.slice(PUBLIC_URL.length), headers: { range } });
    const head = await ranged('bytes=0-99');
    expect(head.statusCode).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-99/${video.bytes}`);
    expect(head.rawPayload.equals(whole.subarray(0, 100))).toBe(true);
    expect((await ranged('bytes=-10')).rawPayload.equals(whole.subarray(-10))).toBe(true);
    const past = await ranged(`bytes=${video.bytes}-`);
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${video.bytes}`);
  });

  it('refuses an edited or expired link, and a new read gives a working one', async () => {
    const photo = await post('Beach day');
    const url = new URL(photo.mediaUrl!);
    const other = (await post('Sunset run')).archive!.files[0]!;
    // The signature covers the file: it does not open another one.
    const swapped = `${PUBLIC_URL}/media-files/${new URL(other.url!).pathname.split('/').pop()}${url.search}`;
    expect((await fetchOurs(swapped)).json().error.code).toBe('media_file_not_found');
    const later = new URL(url);
    later.searchParams.set('e', String(Number(url.searchParams.get('e')) + 86_400));
    expect((await fetchOurs(later.toString())).statusCode).toBe(404);

    expect(new Date(photo.archive!.urlExpiresAt!).getTime() - t.clock.now().getTime()).toBeGreaterThanOrEqual(7 * DAY);
    t.clock.set(new Date(photo.archive!.urlExpiresAt!));
    const expired = await fetchOurs(photo.mediaUrl!);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('media_link_expired');
    const fresh = await post('Beach day');
    expect(fresh.mediaUrl).not.toBe(photo.mediaUrl);
    expect((await fetchOurs(fresh.mediaUrl!)).statusCode).toBe(200);
  });

  it('a network that gives no file keeps its embed link, and the API says why', async () => {
    const connected = await t.connect({ creator: { id: 'ana', name: 'Ana Lima' }, provider: 'tiktok', account: 'tess.tiktok', returnUrl: 'https://platform.example/' });
    const [tiktok] = connectedIds(connected.headers.location as string);
    await runMediaSyncs(t.system.deps);
    const video = (await t.api('GET', `/v1/connections/${tiktok}/media?limit=1`)).json().data[0];
    const bound = await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: video.permalink });
    expect(bound.statusCode, bound.body).toBe(201);
    expect(bound.json()).toMatchObject({
      network: 'tiktok',
      permalink: video.permalink,
      mediaUrl: null,
      archive: { status: 'not_offered', reason: expect.stringContaining('embed link'), files: [] },
    });
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 0 });
  });
});

describe('through Facebook Login', () => {
  it('an Instagram carousel and a Page photo are copied from links the network signs at copy time', async () => {
    const connected = await t.connect({ creator: { id: 'ana', name: 'Ana Lima' }, provider: 'facebook', account: 'dana.fb', returnUrl: 'https://platform.example/' });
    const ids = connectedIds(connected.headers.location as string);
    await runMediaSyncs(t.system.deps);
    const media = (await Promise.all(ids.map(async (id) => (await t.api('GET', `/v1/connections/${id}/media?limit=20`)).json().data))).flat() as {
      network: string;
      mediaType: string;
      permalink: string;
    }[];
    const carousel = media.find((m) => m.network === 'instagram' && m.mediaType === 'carousel')!;
    const photo = media.find((m) => m.network === 'facebook' && m.mediaType === 'image')!;
    for (const post of [carousel, photo]) expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: post.permalink })).statusCode).toBe(201);
    // A week on, the links the sync stored are dead: the archive asks for the posts' nodes again.
    t.clock.advance(7 * DAY);
    const nodes = t.sandbox.world.calls.count('facebook.media_node') + t.sandbox.world.calls.count('facebook.post');
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 2, archived: 2 });
    expect(t.sandbox.world.calls.count('facebook.media_node') + t.sandbox.world.calls.count('facebook.post') - nodes).toBe(2);
    const bound = await posts();
    const files = (permalink: string) => bound.find((p) => p.permalink === permalink)!.archive!.files.map((f) => [f.position, f.role, f.status]);
    expect(files(carousel.permalink)).toEqual([
      [1, 'media', 'stored'],
      [2, 'media', 'stored'],
      [3, 'media', 'stored'],
      [3, 'thumbnail', 'stored'],
    ]);
    expect(files(photo.permalink)).toEqual([[0, 'media', 'stored']]);
  });
});

describe('a copy that fails', () => {
  it('is tried again with a growing delay and then kept', async () => {
    t.sandbox.world.faults.add({ endpoint: 'cdn', fault: 'http_500', count: 1 });
    await publishAndBind([{ mediaType: 'IMAGE', caption: 'Retry me' }]);
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 1, retrying: 1 });
    expect((await post('Retry me')).archive).toMatchObject({ status: 'pending', reason: expect.stringContaining('answered 500') });
    // Not before its delay (5 minutes after a first attempt).
    t.clock.advance(4 * MINUTE);
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 0 });
    t.clock.advance(MINUTE);
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 1, archived: 1 });
    expect((await post('Retry me')).archive).toMatchObject({ status: 'archived', reason: null, files: [{ status: 'stored' }] });
  });

  it('is marked failed, with the reason, when every attempt failed', async () => {
    const fault = t.sandbox.world.faults.add({ endpoint: 'cdn', fault: 'http_500', count: -1 });
    await publishAndBind([{ mediaType: 'IMAGE', caption: 'Never there' }]);
    for (let attempt = 1; attempt <= 6; attempt++) {
      expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 1 });
      t.clock.advance(6 * HOUR);
    }
    t.sandbox.world.faults.clear();
    expect(fault.id).toBeGreaterThan(0);
    const failed = await post('Never there');
    expect(failed.archive).toMatchObject({ status: 'failed', reason: expect.stringMatching(/could not be copied in 6 attempts: .*answered 500/) });
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 0 });
    // Bound again (unbound, then bound by its URL): a new reason to try, and now the CDN answers.
    await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${failed.id}`);
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: failed.permalink })).statusCode).toBe(200);
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 1, archived: 1 });
    expect((await post('Never there')).archive).toMatchObject({ status: 'archived', files: [{ status: 'stored' }] });
  });
});

describe('a large video', () => {
  it('is streamed to the store: the memory it holds stays within a budget far below the file’s size', async () => {
    const size = 128 * 1024 * 1024;
    t.sandbox.world.config.cdnVideoBytes = size;
    try {
      await publishAndBind([{ mediaType: 'VIDEO', caption: 'Long take' }]);
      // What the copy holds, not what it has thrown away: collect garbage before each sample.
      v8.setFlagsFromString('--expose-gc');
      // Young-generation collections: where a download's spent chunks die, and quick enough to run every 20 ms.
      const collect = vm.runInNewContext('gc') as (options: object) => void;
      const gc = () => collect({ type: 'minor', execution: 'sync' });
      gc();
      const before = process.memoryUsage();
      let peakBuffers = before.arrayBuffers;
      let samples = 0;
      const sampler = setInterval(() => {
        gc();
        peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers);
        samples++;
      }, 20);
      const report = await runMediaArchives(t.system.deps).finally(() => clearInterval(sampler));
      expect(report).toMatchObject({ claimed: 1, archived: 1 });
      const video = (await post('Long take')).archive!.files.find((f) => f.role === 'media')!;
      expect(video.bytes).toBe(size);
      // What the sandbox sent, hashed here as a stream too.
      const hash = createHash('sha256');
      const { mediaId } = await post('Long take');
      const id = (await t.system.deps.db.selectFrom('media').select('provider_media_id').where('id', '=', mediaId).executeTakeFirstOrThrow()).provider_media_id;
      for await (const chunk of padded(mp4(id), size).stream) hash.update(chunk as Buffer);
      expect(video.sha256).toBe(hash.digest('hex'));
      // While the 128 MB went through, the buffers still held never grew past a 40 MB budget (a copy held in memory would hold all of it).
      expect(samples).toBeGreaterThan(5);
      expect(peakBuffers - before.arrayBuffers).toBeLessThan(40 * 1024 * 1024);
    } finally {
      t.sandbox.world.config.cdnVideoBytes = 0;
    }
  });
});

describe('pruning', () => {
  const storeDir = () => (t.system.deps.mediaArchive!.store as unknown as { kind: string }).kind;
  const keysOf = async (mediaId: string) =>
    (await t.system.deps.db.selectFrom('media_archive_files').select('storage_key').where('media_id', '=', mediaId).execute()).map((r) => r.storage_key!);
  const exists = async (key: string) => await t.system.deps.mediaArchive!.store.open(key).then((f) => (f?.body.destroy(), f !== undefined));

  it('keeps a copy while its campaign is live, and RETENTION_DAYS after the post is unbound', async () => {
    expect(storeDir()).toBe('folder');
    const photo = await post('Retry me');
    const keys = await keysOf(photo.mediaId);
    const fileId = (await t.system.deps.db.selectFrom('media_archive_files').select('id').where('media_id', '=', photo.mediaId).executeTakeFirstOrThrow()).id;
    expect(keys.length).toBe(1);
    expect(await pruneMediaArchive(t.system.deps, { retentionDays: 30 })).toEqual({ archives: 0, files: 0 });
    expect((await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${photo.id}`)).statusCode).toBe(200);
    t.clock.advance(29 * DAY);
    expect(await pruneMediaArchive(t.system.deps, { retentionDays: 30 })).toMatchObject({ archives: 0 });
    expect(await exists(keys[0]!)).toBe(true);
    t.clock.advance(2 * DAY);
    expect(await pruneMediaArchive(t.system.deps, { retentionDays: 30 })).toMatchObject({ archives: 1, files: 1 });
    expect(await exists(keys[0]!)).toBe(false);
    expect(await t.system.deps.db.selectFrom('media_archives').select('media_id').where('media_id', '=', photo.mediaId).execute()).toEqual([]);
    // A link signed now, to the pruned file: gone.
    expect((await fetchOurs(fileLink(t.system.deps.keyRing, PUBLIC_URL, fileId, new Date(t.clock.now().getTime() + DAY)))).statusCode).toBe(404);
  });

  it('deletes a deleted post’s copies at the next prune, and an archived campaign’s after RETENTION_DAYS', async () => {
    const reel = await post('Sunset run');
    const reelKeys = await keysOf(reel.mediaId);
    // As a data deletion request does (callbacks/data-deletion.repo.ts): the post goes, its bindings with it.
    await t.system.deps.db.deleteFrom('media').where('id', '=', reel.mediaId).execute();
    expect((await fetchOurs(reel.archive!.files[0]!.url!)).statusCode).toBe(404);
    expect(await pruneMediaArchive(t.system.deps, { retentionDays: 30 })).toMatchObject({ archives: 1, files: 2 });
    for (const key of reelKeys) expect(await exists(key)).toBe(false);

    const all = (await t.system.deps.db.selectFrom('media_archive_files').select('storage_key').where('storage_key', 'is not', null).execute()).map((r) => r.storage_key!);
    expect(all.length).toBeGreaterThan(0);
    expect((await t.api('PATCH', `/v1/campaigns/${campaignId}`, { state: 'archived' })).statusCode).toBe(200);
    t.clock.advance(29 * DAY);
    expect(await pruneMediaArchive(t.system.deps, { retentionDays: 30 })).toMatchObject({ archives: 0 });
    t.clock.advance(2 * DAY);
    expect((await pruneMediaArchive(t.system.deps, { retentionDays: 30 })).files).toBe(all.length);
    for (const key of all) expect(await exists(key)).toBe(false);
    expect(await t.system.deps.db.selectFrom('media_archives').select('media_id').execute()).toEqual([]);
  });
});
