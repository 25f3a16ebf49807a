/**
 * The media archive against an S3-compatible server (s3rver, on a loopback port, started here):
 * MEDIA_STORE_URL with the key and secret in it, path-style. Copies land in the bucket under the URL's
 * prefix with their type and sha256, are served from it, and are deleted from it by the prune; a file
 * over MEDIA_MAX_FILE_MB is refused and the reason recorded, while the post's other files are kept.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/kernel/clock.ts';
import { pruneMediaArchive } from '../../src/media/archive-prune.ts';
import { runMediaArchives } from '../../src/media/archive-worker.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { connectedIds } from '../support/daily-jobs.ts';

const BUCKET = 'creator-media';
let t: TestContext;
let s3rver: S3rver;
let s3: S3Client;
let directory: string;
let campaignId: string;
let connectionId: string;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await s3rver.run();
  const endpoint = `http://127.0.0.1:${port}`;
  s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  t = await createTestContext({
    now: '2026-06-01T09:00:00Z',
    // 0.05 MB: the sandbox's pictures (a few hundred bytes) fit, a padded video does not.
    env: { MEDIA_STORE_URL: `http://S3RVER:S3RVER@127.0.0.1:${port}/${BUCKET}/archive`, MEDIA_MAX_FILE_MB: '0.05' },
  });
  const connected = await t.connect({ creator: { id: 'ana', name: 'Ana Lima' }, account: 'ana.business', returnUrl: 'https://platform.example/' });
  [connectionId] = connectedIds(connected.headers.location as string) as [string];
  campaignId = (
    await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Summer 26', hashtag: '#AcmeSummer26', networks: ['instagram'], state: 'live' })
  ).json().id;
  await t.api('PUT', `/v1/campaigns/${campaignId}/participants/ana`, { stage: 'confirmed', joinedAt: '2026-06-01T08:00:00Z' });
});
afterAll(async () => {
  await t?.close();
  await s3rver?.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

interface Post {
  id: string;
  caption: string;
  mediaUrl: string | null;
  archive: {
    status: string;
    reason: string | null;
    files: { role: string; status: string; contentType: string | null; bytes: number | null; sha256: string | null; url: string | null; reason: string | null }[];
  };
}

async function publishAndBind(mediaType: 'IMAGE' | 'VIDEO', caption: string): Promise<void> {
  t.clock.advance(MINUTE);
  t.sandbox.world.instagram.publishMedia('ana.business', { mediaType, productType: mediaType === 'VIDEO' ? 'REELS' : 'FEED', caption: `${caption} #AcmeSummer26 #ad` });
  await t.api('POST', `/v1/connections/${connectionId}/media-sync`);
  await runMediaSyncs(t.system.deps);
}

const post = async (caption: string): Promise<Post> =>
  (await t.api('GET', `/v1/campaigns/${campaignId}/posts?limit=100`)).json().data.find((p: Post) => p.caption.startsWith(caption));

async function objects(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

describe('the media archive in an S3-compatible store', () => {
  it('uploads each file under the URL’s prefix, with its type and sha256, and serves it from there', async () => {
    await publishAndBind('IMAGE', 'Beach day');
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 1, archived: 1 });
    const photo = await post('Beach day');
    const file = photo.archive.files[0]!;
    expect(file).toMatchObject({ status: 'stored', contentType: 'image/jpeg' });
    const keys = await objects();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^archive\/ws_[^/]+\/med_[^/]+\/maf_[^/]+\.jpg$/);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: keys[0] }));
    expect(head).toMatchObject({ ContentType: 'image/jpeg', ContentLength: file.bytes, Metadata: { sha256: file.sha256 } });
    const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: keys[0] }))).Body!.transformToByteArray());
    expect(createHash('sha256').update(body).digest('hex')).toBe(file.sha256);

    const served = await t.system.app.inject({ method: 'GET', url: file.url!.slice(PUBLIC_URL.length) });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers.etag).toBe(`"${file.sha256}"`);
    expect(served.rawPayload.equals(body)).toBe(true);
    const ranged = await t.system.app.inject({ method: 'GET', url: file.url!.slice(PUBLIC_URL.length), headers: { range: 'bytes=2-9' } });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes 2-9/${file.bytes}`);
    expect(ranged.rawPayload.equals(body.subarray(2, 10))).toBe(true);
  });

  it('refuses a file over MEDIA_MAX_FILE_MB, recording why, and keeps the post’s other files', async () => {
    t.sandbox.world.config.cdnVideoBytes = 200_000;
    try {
      await publishAndBind('VIDEO', 'Sunset run');
      expect(await runMediaArchives(t.system.deps)).toMatchObject({ claimed: 1, archived: 1 });
    } finally {
      t.sandbox.world.config.cdnVideoBytes = 0;
    }
    const reel = await post('Sunset run');
    expect(reel.archive.status).toBe('archived');
    expect(reel.archive.reason).toBe('Not kept: the post’s file: The file is 195 KB, over the 51 KB limit (MEDIA_MAX_FILE_MB).');
    expect(reel.archive.files).toEqual([
      {
        position: 0,
        role: 'media',
        status: 'refused',
        contentType: null,
        bytes: null,
        sha256: null,
        url: null,
        reason: 'The file is 195 KB, over the 51 KB limit (MEDIA_MAX_FILE_MB).',
      },
      expect.objectContaining({ position: 0, role: 'thumbnail', status: 'stored', contentType: 'image/jpeg' }),
    ]);
    const metrics = await t.system.deps.metrics.exposition();
    expect(metrics).toMatch(/^channelkeeper_media_archive_files_total\{outcome="stored"\} 2$/m);
    expect(metrics).toMatch(/^channelkeeper_media_archive_files_total\{outcome="refused"\} 1$/m);
    // The video is shown from the network (its link), its cover from our copy.
    expect(reel.mediaUrl).toMatch(/^https:\/\/scontent\.cdninstagram\.com\//);
    expect(await objects()).toHaveLength(2);
  });

  it('the prune deletes the copies from the bucket once no campaign needs them', async () => {
    for (const caption of ['Beach day', 'Sunset run']) {
      const { id } = await post(caption);
      expect((await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${id}`)).statusCode).toBe(200);
    }
    t.clock.advance(31 * DAY);
    expect(await pruneMediaArchive(t.system.deps, { retentionDays: 30 })).toEqual({ archives: 2, files: 2 });
    expect(await objects()).toEqual([]);
  });
});
