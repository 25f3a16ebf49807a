/**
 * Media sync: every connect and reconnect queues one sync in the same transaction; the worker reads
 * the account's latest posts (full-size media URLs where the network gives them), stores them
 * idempotently, shows its progress, retries what is transient, and disconnects a channel whose access
 * the network refused, with one email. Two workers never run one sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { MINUTE } from '../../src/kernel/clock.ts';
import { endSyncRun, recordSyncProgress } from '../../src/media/media.repo.ts';
import { MAX_SYNC_ATTEMPTS, runMediaSyncs, SYNC_LIMITS } from '../../src/media/media-sync.ts';
import type { Deps } from '../../src/platform/deps.ts';
import type { MediaPage, OAuthProvider } from '../../src/providers/provider.ts';
import { sandboxCredentials } from '../../src/providers/registry.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { signMetaRequest } from '../support/signed-callbacks.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-04-01T09:00:00Z' });
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const syncsOf = (connectionId: string) => db().selectFrom('media_syncs').selectAll().where('connection_id', '=', connectionId).orderBy('created_at').orderBy('id').execute();
const mediaCount = async (connectionId: string) =>
  Number(
    (
      await db()
        .selectFrom('media')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('connection_id', '=', connectionId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const run = () => runMediaSyncs(t.system.deps);

async function connectInstagram(username: string, mediaCount = 128): Promise<string> {
  t.clock.advance(1000);
  if (!t.sandbox.world.instagram.account(username)) t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS', mediaCount });
  const res = await t.connect({ creator: { id: username, email: `${username}@example.com`, name: username }, account: username, returnUrl: 'https://p.example/' });
  const id = new URL(res.headers.location as string).searchParams.get('connection');
  expect(id, res.body).toBeTruthy();
  return id!;
}

/**
 * The system's deps with the Instagram adapter's listMedia wrapped: `before(call)` runs ahead of each
 * call, and pages hold `pageSize` items (Instagram would give 100), so a sync reads two pages.
 */
const HOOK_PAGE = 60;
function withListMediaHook(before: (call: number) => Promise<void>): Deps {
  const deps = t.system.deps;
  const real = deps.providers.get('instagram')!;
  let calls = 0;
  const hooked = Object.create(real) as OAuthProvider;
  hooked.listMedia = async (token, account, options): Promise<MediaPage> => {
    await before(++calls);
    return real.listMedia(token, account, { ...options, limit: HOOK_PAGE });
  };
  return { ...deps, providers: { get: (id) => (id === 'instagram' ? hooked : deps.providers.get(id)), all: () => deps.providers.all() } };
}

describe('a sync is queued with the connection', () => {
  it('connecting queues exactly one sync, in the same transaction, and nothing runs it before the worker', async () => {
    const id = await connectInstagram('queued.at.connect');
    expect(await syncsOf(id)).toMatchObject([{ reason: 'connected', status: 'queued', items_seen: 0, pages: 0, attempts: 0 }]);
    const view = (await t.api('GET', `/v1/connections/${id}`)).json();
    expect(view.mediaSync).toEqual({ status: 'queued', itemsSeen: 0, startedAt: null, finishedAt: null, lastSyncedAt: null, error: null });
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
  });

  it('a reconnect queues exactly one more sync, for the new token, beside the done one', async () => {
    const id = await connectInstagram('comes.back', 12);
    expect(await run()).toMatchObject({ done: 1 });
    t.sandbox.world.instagram.applyEvent('comes.back', 'password-change');
    t.clock.advance(MINUTE);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    expect((await t.api('GET', `/v1/connections/${id}`)).json()).toMatchObject({ status: 'disconnected', mediaSync: { status: 'done' } });
    // The sync queue is not touched by a disconnection: no sync is queued for a dead token.
    expect(await syncsOf(id)).toHaveLength(1);

    await connectInstagram('comes.back');
    const syncs = await syncsOf(id);
    expect(syncs.map((s) => [s.reason, s.status])).toEqual([
      ['connected', 'done'],
      ['reconnected', 'queued'],
    ]);
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
    expect((await t.api('GET', `/v1/connections/${id}`)).json()).toMatchObject({ status: 'active', mediaSync: { status: 'done', itemsSeen: 12 } });
  });
});

describe('the worker reads the latest Instagram posts', () => {
  let id: string;
  beforeAll(async () => {
    id = await connectInstagram('ana.syncs', 128);
    t.clock.advance(MINUTE);
    t.sandbox.world.instagram.publishMedia('ana.syncs', { mediaType: 'VIDEO', productType: 'REELS', caption: 'Brand new reel #ad' });
  });

  it('stores ids, captions, permalinks, full-size media URLs and publishing times, newest first', async () => {
    expect(await run()).toMatchObject({ claimed: 1, done: 1, failed: 0 });
    // The newest 100 posts (the insights recency rule) in one call of 100; the 29 older are not read.
    expect(await mediaCount(id)).toBe(SYNC_LIMITS.recentPosts);
    expect(t.sandbox.world.calls.count('media')).toBeGreaterThan(0);
    const page = (await t.api('GET', `/v1/connections/${id}/media?limit=10`)).json();
    expect(page.data).toHaveLength(10);
    const [reel, latest] = page.data;
    expect(reel).toMatchObject({
      connectionId: id,
      network: 'instagram',
      mediaType: 'reel',
      caption: 'Brand new reel #ad',
      publishedAt: t.clock.now().toISOString(),
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\/[\w-]+\/$/),
      // Signed CDN links that expire (docs/networks.md#media-files): `oe` is the expiry, `oh` the signature.
      mediaUrl: expect.stringMatching(new RegExp(`^https://scontent\\.cdninstagram\\.com/sandbox/${reel.providerMediaId}\\.mp4\\?.*oh=.+&oe=[0-9A-F]{8}$`)),
      thumbnailUrl: expect.stringMatching(new RegExp(`^https://scontent\\.cdninstagram\\.com/sandbox/${reel.providerMediaId}-thumb\\.jpg\\?`)),
    });
    expect(latest).toMatchObject({
      mediaType: 'image',
      caption: expect.stringMatching(/^ana\.syncs post #\d+$/),
      mediaUrl: expect.stringMatching(new RegExp(`^https://scontent\\.cdninstagram\\.com/sandbox/${latest.providerMediaId}\\.jpg\\?`)),
    });
    const times = page.data.map((m: { publishedAt: string }) => m.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('keeps a copyrighted post without a media URL, as Instagram sends it', async () => {
    const all = await db().selectFrom('media').selectAll().where('connection_id', '=', id).execute();
    expect(all.filter((m) => m.media_url === null).length).toBeGreaterThan(0);
    expect(all.every((m) => m.permalink && m.provider_media_id)).toBe(true);
  });

  it('pages through the stored media with a cursor, newest first, and no one else sees them', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = (await t.api('GET', `/v1/connections/${id}/media?limit=20${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.data.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(SYNC_LIMITS.recentPosts);
    expect((await t.api('GET', `/v1/connections/${id}/media?cursor=nonsense`)).statusCode).toBe(400);
    expect((await t.api('GET', '/v1/connections/con_nobody/media')).statusCode).toBe(404);
    expect((await t.api('GET', `/v1/connections/${id}/media`, undefined, 'ck_someone_else_0123456789')).statusCode).toBe(401);
  });

  it('a second sync adds no duplicates and refreshes what changed', async () => {
    const before = await db().selectFrom('media').select(['provider_media_id', 'first_seen_at', 'last_seen_at']).where('connection_id', '=', id).execute();
    t.clock.advance(MINUTE);
    const asked = await t.api('POST', `/v1/connections/${id}/media-sync`);
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({ connectionId: id, reason: 'manual', status: 'queued', itemsSeen: 0 });
    const again = await t.api('POST', `/v1/connections/${id}/media-sync`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'media_sync_in_progress', details: { sync: { id: asked.json().id } } });

    expect(await run()).toMatchObject({ done: 1 });
    expect(await mediaCount(id)).toBe(SYNC_LIMITS.recentPosts);
    const after = await db().selectFrom('media').select(['provider_media_id', 'first_seen_at', 'last_seen_at']).where('connection_id', '=', id).execute();
    const firstSeen = new Map(before.map((m) => [m.provider_media_id, m.first_seen_at.getTime()]));
    expect(after.every((m) => firstSeen.get(m.provider_media_id) === m.first_seen_at.getTime())).toBe(true);
    expect(after.every((m) => m.last_seen_at.getTime() === t.clock.now().getTime())).toBe(true);
    const view = (await t.api('GET', `/v1/connections/${id}`)).json();
    expect(view.mediaSync).toEqual({
      status: 'done',
      itemsSeen: 100,
      startedAt: t.clock.now().toISOString(),
      finishedAt: t.clock.now().toISOString(),
      lastSyncedAt: t.clock.now().toISOString(),
      error: null,
    });
  });

  it('a later sync stops at the first page that holds only known posts', async () => {
    t.clock.advance(1000);
    const calls = t.sandbox.world.calls.count('media');
    expect((await t.api('POST', `/v1/connections/${id}/media-sync`)).statusCode).toBe(202);
    expect(await run()).toMatchObject({ done: 1 });
    expect(t.sandbox.world.calls.count('media') - calls).toBe(1);
    expect((await syncsOf(id)).at(-1)).toMatchObject({ status: 'done', items_seen: 100, pages: 1 });
  });

  it('ranks the newest posts 1 to 100 after each sync, and a new post moves the rest down', async () => {
    const ranks = async () =>
      await db().selectFrom('media').select(['provider_media_id', 'recent_rank']).where('connection_id', '=', id).orderBy('published_at', 'desc').orderBy('id', 'desc').execute();
    const before = await ranks();
    expect(before.map((m) => m.recent_rank)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    t.clock.advance(MINUTE);
    t.sandbox.world.instagram.publishMedia('ana.syncs', { mediaType: 'IMAGE', productType: 'FEED', caption: 'newest' });
    expect((await t.api('POST', `/v1/connections/${id}/media-sync`)).statusCode).toBe(202);
    expect(await run()).toMatchObject({ done: 1 });
    const after = await ranks();
    expect(after[0]).toMatchObject({ recent_rank: 1 });
    expect(after.slice(1, 100).map((m) => m.provider_media_id)).toEqual(before.slice(0, 99).map((m) => m.provider_media_id));
    expect(after.filter((m) => m.recent_rank === null).length).toBe(after.length - 100);
    expect(after.find((m) => m.provider_media_id === before[99]!.provider_media_id)!.recent_rank).toBeNull();
  });

  it('records its progress page by page while it runs', async () => {
    const id = await connectInstagram('progress.pages', 128);
    const progress: { status: string; items_seen: number; pages: number }[] = [];
    const deps = withListMediaHook(async () => {
      progress.push(
        await db().selectFrom('media_syncs').select(['status', 'items_seen', 'pages']).where('connection_id', '=', id).orderBy('created_at', 'desc').executeTakeFirstOrThrow(),
      );
    });
    expect(await runMediaSyncs(deps)).toMatchObject({ done: 1 });
    expect(progress).toEqual([
      { status: 'running', items_seen: 0, pages: 0 },
      { status: 'running', items_seen: HOOK_PAGE, pages: 1 },
    ]);
    // Pages of 60: the second reaches the newest 100 posts, and the sync stops there.
    expect((await syncsOf(id)).at(-1)).toMatchObject({ status: 'done', items_seen: 2 * HOOK_PAGE, pages: 2 });
  });
});

describe('failures are decided on their kind', () => {
  it('a transient 500 puts the sync back in the queue, and the retry finishes it', async () => {
    const id = await connectInstagram('flaky.network', 8);
    t.sandbox.world.faults.add({ endpoint: 'media', fault: 'http_500', count: 1 });
    expect(await run()).toMatchObject({ claimed: 1, retrying: 1 });
    expect((await syncsOf(id))[0]).toMatchObject({ status: 'queued', attempts: 1, error: expect.stringMatching(/did not answer/) });
    expect((await t.api('GET', `/v1/connections/${id}`)).json()).toMatchObject({ status: 'active', mediaSync: { status: 'queued' } });
    // Not before its retry time.
    expect(await run()).toMatchObject({ claimed: 0 });
    t.clock.advance(MINUTE);
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
    expect((await syncsOf(id))[0]).toMatchObject({ status: 'done', attempts: 2, items_seen: 8, error: null });
  });

  it(`a network that keeps failing ends the sync after ${MAX_SYNC_ATTEMPTS} attempts, and the channel stays connected`, async () => {
    const id = await connectInstagram('always.down', 8);
    const fault = t.sandbox.world.faults.add({ endpoint: 'media', fault: 'http_500', count: -1 });
    try {
      for (let attempt = 1; attempt <= MAX_SYNC_ATTEMPTS; attempt++) {
        expect((await run()).claimed).toBe(1);
        t.clock.advance(30 * MINUTE);
      }
    } finally {
      t.sandbox.world.faults.clear();
    }
    expect(fault.remaining).toBe(-1);
    expect(await syncsOf(id)).toMatchObject([{ status: 'failed', attempts: MAX_SYNC_ATTEMPTS, error: expect.stringMatching(/after 5 attempts/) }]);
    expect((await t.api('GET', `/v1/connections/${id}`)).json()).toMatchObject({ status: 'active', mediaSync: { status: 'failed' } });
  });

  it('a token revoked during the sync fails it and disconnects the channel, with one email', async () => {
    const id = await connectInstagram('revoked.midway', 128);
    const deps = withListMediaHook(async (call) => {
      if (call === 2) t.sandbox.world.instagram.applyEvent('revoked.midway', 'password-change');
    });
    expect(await runMediaSyncs(deps)).toMatchObject({ claimed: 1, failed: 1 });
    expect(await syncsOf(id)).toMatchObject([{ status: 'failed', items_seen: HOOK_PAGE, pages: 1, error: expect.stringMatching(/reconnected/) }]);
    const view = (await t.api('GET', `/v1/connections/${id}`)).json();
    expect(view).toMatchObject({ status: 'disconnected', statusReason: 'password_changed', mediaSync: { status: 'failed', itemsSeen: HOOK_PAGE, lastSyncedAt: null } });
    const emails = await db().selectFrom('emails').select('kind').where('connection_id', '=', id).execute();
    expect(emails).toEqual([{ kind: 'connection_disconnected' }]);
    // The posts already read stay; asking for a sync of a disconnected channel says what to do.
    expect(await mediaCount(id)).toBe(HOOK_PAGE);
    expect((await t.api('POST', `/v1/connections/${id}/media-sync`)).json().error).toMatchObject({ code: 'reconnect_required', details: { reason: 'password_changed' } });
  });

  it('a sync queued for a channel disconnected since then fails without calling the network or emailing again', async () => {
    const id = await connectInstagram('gone.before', 8);
    t.sandbox.world.instagram.applyEvent('gone.before', 'revoke');
    t.clock.advance(MINUTE);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    const calls = t.sandbox.world.calls.count('media');
    expect(await run()).toMatchObject({ claimed: 1, failed: 1 });
    expect(t.sandbox.world.calls.count('media')).toBe(calls);
    expect(await db().selectFrom('emails').select('kind').where('connection_id', '=', id).execute()).toHaveLength(1);
  });
});

describe('one sync, one worker', () => {
  it('a worker that died mid-sync is replaced once its lease lapses, and the sync runs once more only', async () => {
    const id = await connectInstagram('worker.died', 8);
    // A worker claims the sync and dies: its lease is backdated instead of waiting five minutes.
    const dead = { ...t.system.deps, instanceId: 'dead-worker' };
    const claimed = await db()
      .updateTable('media_syncs')
      .set({ status: 'running', lease_owner: dead.instanceId, lease_expires_at: new Date(Date.now() + 60_000), attempts: 1 })
      .where('connection_id', '=', id)
      .returning('id')
      .execute();
    expect(claimed).toHaveLength(1);
    expect(await run()).toMatchObject({ claimed: 0 });
    await db()
      .updateTable('media_syncs')
      .set({ lease_expires_at: new Date('2000-01-01') })
      .where('connection_id', '=', id)
      .execute();
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
    expect(await run()).toMatchObject({ claimed: 0 });
    // The dead worker's late writes change nothing: the lease is not its own any more.
    const late = { id: claimed[0]!.id, owner: dead.instanceId, now: t.clock.now() };
    expect(await recordSyncProgress(db(), { ...late, itemsSeen: 1, pages: 1, leaseSeconds: 300 })).toBe(false);
    expect(await endSyncRun(db(), { ...late, status: 'failed', error: 'late' })).toBe(false);
    expect(await syncsOf(id)).toMatchObject([{ status: 'done', attempts: 2 }]);
  });

  it(`a sync whose workers keep dying ends after ${MAX_SYNC_ATTEMPTS} attempts without calling the network again`, async () => {
    const id = await connectInstagram('kills.workers', 3);
    await db()
      .updateTable('media_syncs')
      .set({ status: 'running', lease_owner: 'dead', lease_expires_at: new Date('2000-01-01'), attempts: MAX_SYNC_ATTEMPTS })
      .where('connection_id', '=', id)
      .execute();
    const calls = t.sandbox.world.calls.count('media');
    expect(await run()).toMatchObject({ claimed: 1, failed: 1 });
    expect(t.sandbox.world.calls.count('media')).toBe(calls);
    expect(await syncsOf(id)).toMatchObject([{ status: 'failed', error: `The sync did not finish in ${MAX_SYNC_ATTEMPTS} attempts.` }]);
  });

  it('two workers at once split the due syncs and never run the same one', async () => {
    const ids = await Promise.all(['w.one', 'w.two', 'w.three', 'w.four'].map((name) => connectInstagram(name, 5)));
    const callsBefore = t.sandbox.world.calls.count('media');
    const [a, b] = await Promise.all([runMediaSyncs({ ...t.system.deps, instanceId: 'worker-a' }), runMediaSyncs({ ...t.system.deps, instanceId: 'worker-b' })]);
    expect(a.claimed + b.claimed).toBe(4);
    expect(a.done + b.done).toBe(4);
    // One page each: every account has 5 posts.
    expect(t.sandbox.world.calls.count('media') - callsBefore).toBe(4);
    for (const id of ids) expect(await syncsOf(id)).toMatchObject([{ status: 'done', attempts: 1, items_seen: 5 }]);
  });
});

describe('the Channels page', () => {
  it('shows the sync while it runs, then when posts were last synced', async () => {
    const id = await connectInstagram('page.viewer', 6);
    const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'page.viewer' } });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
    const cookie = String(opened.headers['set-cookie']).split(';')[0]!;
    const page = async (url = '/portal') => (await t.system.app.inject({ method: 'GET', url, headers: { cookie } })).body;
    const queued = await page();
    expect(queued).toContain('<p class="small sync" data-sync="queued">Syncing posts…</p>');
    // It reloads itself only when the creator asks it to.
    expect(queued).not.toContain('http-equiv="refresh"');
    expect(await page('/portal?live=1')).toContain('<meta http-equiv="refresh" content="5">');
    expect(await run()).toMatchObject({ done: 1 });
    const done = await page('/portal?live=1');
    expect(done).toMatch(/Posts last synced <time datetime="[^"]+">Apr \d+, 2026, \d+:\d\d [AP]M<\/time>/);
    expect(done).not.toContain('http-equiv="refresh"');
    expect(await mediaCount(id)).toBe(6);
  });
});

describe('erasing the person’s data', () => {
  it('a Meta data-deletion request deletes the synced posts of the account', async () => {
    const id = await connectInstagram('erase.posts', 9);
    expect(await run()).toMatchObject({ done: 1 });
    expect(await mediaCount(id)).toBe(9);
    const userId = t.sandbox.world.instagram.account('erase.posts')!.userId;
    const signed = signMetaRequest(sandboxCredentials.instagram.clientSecret, { user_id: userId, algorithm: 'HMAC-SHA256', issued_at: Math.floor(t.clock.now().getTime() / 1000) });
    const res = await t.system.app.inject({
      method: 'POST',
      url: '/meta/data-deletion',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ signed_request: signed }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(await mediaCount(id)).toBe(0);
    expect((await t.api('GET', `/v1/connections/${id}/media`)).json()).toEqual({ data: [], nextCursor: null });
  });
});
