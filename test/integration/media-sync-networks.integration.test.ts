/**
 * One media sync per network, through the real connect flow: every account a login reaches gets
 * its own sync, the worker reads its latest posts with the connection's own token (a Facebook Page
 * token for a Page and its linked Instagram account), and a short-lived access token that has lapsed
 * is refreshed first, as a hand-out would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds, eventsOf } from '../support/daily-jobs.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-04-01T09:00:00Z' });
});
afterAll(() => t.close());

interface MediaView {
  providerMediaId: string;
  network: string;
  mediaType: string;
  permalink: string | null;
  publishedAt: string;
  mediaUrl: string | null;
  thumbnailUrl: string | null;
}

async function connect(provider: string, account: string): Promise<string[]> {
  const res = await t.connect({ creator: { id: `cr-${account}`, email: `${account}@example.com` }, provider, account, returnUrl: 'https://platform.example/back' });
  expect(res.statusCode, res.body).toBe(302);
  return connectedIds(res.headers.location as string);
}

async function mediaOf(id: string): Promise<MediaView[]> {
  const res = await t.api('GET', `/v1/connections/${id}/media?limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

const newestFirst = (items: MediaView[]) => items.map((m) => m.publishedAt).every((at, i, all) => i === 0 || all[i - 1]! >= at);

describe('each network syncs its latest posts', () => {
  const cases = [
    // TikTok and YouTube give no file URL (TikTok: a share link and a cover; YouTube: a watch link and thumbnails).
    { provider: 'tiktok', account: 'tess.tiktok', fileUrls: false },
    { provider: 'youtube', account: 'maya.makes', fileUrls: false },
    { provider: 'pinterest', account: 'pia.pins', fileUrls: true },
    { provider: 'threads', account: 'tara.threads', fileUrls: true },
  ];
  for (const c of cases) {
    it(`${c.provider}: the connect queues one sync and the worker stores the latest posts, newest first`, async () => {
      const [id] = await connect(c.provider, c.account);
      expect(await runMediaSyncs(t.system.deps)).toMatchObject({ claimed: 1, done: 1, failed: 0, retrying: 0 });
      const media = await mediaOf(id!);
      expect(media.length).toBeGreaterThan(0);
      expect(newestFirst(media)).toBe(true);
      for (const item of media) {
        expect(item).toMatchObject({ network: c.provider, permalink: expect.stringMatching(/^https:\/\//) });
        expect(item.providerMediaId).toBeTruthy();
      }
      expect(media.some((m) => m.mediaUrl !== null)).toBe(c.fileUrls);
      expect((await t.api('GET', `/v1/connections/${id}`)).json().mediaSync).toMatchObject({ status: 'done', itemsSeen: media.length });
    });
  }

  it('facebook: every Page and linked Instagram account chosen gets its own sync, with its own token', async () => {
    const ids = await connect('facebook', 'dana.fb');
    expect(ids.length).toBeGreaterThan(1);
    expect(await runMediaSyncs(t.system.deps)).toMatchObject({ claimed: ids.length, done: ids.length, failed: 0 });
    const networks = new Set<string>();
    for (const id of ids) {
      const media = await mediaOf(id);
      expect(media.length, id).toBeGreaterThan(0);
      expect(newestFirst(media)).toBe(true);
      for (const m of media) networks.add(m.network);
    }
    expect([...networks].sort()).toEqual(['facebook', 'instagram']);
  });

  it('tiktok: a lapsed access token is refreshed before the sync reads, as for a hand-out', async () => {
    const [id] = await connect('tiktok', 'milo.tiktok');
    expect(await runMediaSyncs(t.system.deps)).toMatchObject({ done: 1 });
    t.clock.advance(3 * HOUR);
    expect((await t.api('POST', `/v1/connections/${id}/media-sync`)).statusCode).toBe(202);
    expect(await runMediaSyncs(t.system.deps)).toMatchObject({ done: 1, failed: 0 });
    expect(await eventsOf(t, id!, 'refreshed')).toHaveLength(1);
    // Not a hand-out: nothing left the service, so nothing is counted as one.
    await t.system.deps.handoutAudit.flush();
    expect(await t.system.deps.db.selectFrom('access_token_handouts').selectAll().where('connection_id', '=', id!).execute()).toEqual([]);
  });
});
