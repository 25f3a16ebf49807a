/**
 * Campaigns through the HTTP API: the lifecycle and its refused transitions, participants, and
 * content binding end to end (a creator connects Instagram, the sandbox publishes posts, a sync binds
 * the ones that meet the rules, with flags), manual binding and unbinding, self-reports, concurrent
 * binding runs, the urgent email of a channel lost during a live campaign, and the scheduled syncs
 * that capture a story during its 24 hours. Long because it is one story told in order.
 */

import { PassThrough } from 'node:stream';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindAfterSync } from '../../src/campaigns/bind-posts.ts';
import { unsyncedSelfReports } from '../../src/campaigns/campaign-posts.repo.ts';
import { CAMPAIGN_SYNC, queueCampaignSyncs } from '../../src/campaigns/campaign-sync-sweep.ts';
import { campaignConnectionsDue } from '../../src/campaigns/campaigns.repo.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { queueMediaSync } from '../../src/media/media.repo.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { igMediaFields, igMediaPage } from '../../src/providers/instagram/media.ts';
import type { OAuthProvider } from '../../src/providers/provider.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z' });
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const sync = () => runMediaSyncs(t.system.deps);
const brand = { id: 'acme', name: 'Acme' };

async function connectInstagram(username: string, mediaCount = 3): Promise<string> {
  t.clock.advance(1000);
  if (!t.sandbox.world.instagram.account(username)) t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS', mediaCount });
  const res = await t.connect({ creator: { id: username, email: `${username}@example.com`, name: username }, account: username, returnUrl: 'https://p.example/' });
  const id = new URL(res.headers.location as string).searchParams.get('connection');
  expect(id, res.body).toBeTruthy();
  return id!;
}

async function createCampaign(body: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/v1/campaigns', { brand, name: 'Summer', hashtag: '#AcmeSummer26', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const publish = (username: string, caption: string) => t.sandbox.world.instagram.publishMedia(username, { mediaType: 'IMAGE', productType: 'FEED', caption });
const postsOf = async (campaignId: string) => (await t.api('GET', `/v1/campaigns/${campaignId}/posts?limit=100`)).json().data as Record<string, unknown>[];
const permalinkOf = async (providerMediaId: string) =>
  (await db().selectFrom('media').select('permalink').where('provider_media_id', '=', providerMediaId).executeTakeFirstOrThrow()).permalink!;

describe('the campaign lifecycle', () => {
  it('creates a draft with every network by default, and reads it back', async () => {
    const created = await createCampaign({ dueDate: '2026-06-30' });
    expect(created).toMatchObject({
      brand,
      name: 'Summer',
      state: 'draft',
      hashtag: '#AcmeSummer26',
      networks: ['instagram', 'facebook', 'tiktok', 'youtube', 'pinterest', 'threads'],
      dueDate: '2026-06-30T23:59:59.999Z',
      createdAt: t.clock.now().toISOString(),
      version: 1,
    });
    expect(created.id).toMatch(/^cmp_/);
    // Read back, it also says where its insights stand: nothing refreshed yet, nothing paused.
    expect((await t.api('GET', `/v1/campaigns/${created.id}`)).json()).toEqual({
      ...created,
      insightsRefresh: { lastRequestedAt: null, availableAt: null, status: 'available', progress: { total: 0, completed: 0, failed: 0, paused: 0 } },
      refreshPaused: [],
    });
  });

  it('moves draft → live → completed → live (a brand reopens) → archived, and refuses to leave archived', async () => {
    const { id } = await createCampaign();
    const patch = (body: object) => t.api('PATCH', `/v1/campaigns/${id}`, body);
    for (const [state, version] of [
      ['live', 2],
      ['completed', 3],
      ['live', 4],
      ['archived', 5],
    ] as const) {
      const res = await patch({ state });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ state, version });
    }
    const refused = await patch({ state: 'live' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'campaign_transition_invalid', details: { from: 'archived', to: 'live' } });
    expect((await t.api('GET', `/v1/campaigns/${id}`)).json()).toMatchObject({ state: 'archived', version: 5 });
  });

  it('refuses live → draft and draft → completed, naming both states', async () => {
    const { id } = await createCampaign({ state: 'live' });
    const back = await t.api('PATCH', `/v1/campaigns/${id}`, { state: 'draft' });
    expect(back.statusCode).toBe(409);
    expect(back.json().error).toMatchObject({ code: 'campaign_transition_invalid', message: 'A live campaign cannot become draft.', details: { from: 'live', to: 'draft' } });
    const draft = await createCampaign();
    expect((await t.api('PATCH', `/v1/campaigns/${draft.id}`, { state: 'completed' })).json().error.details).toEqual({ from: 'draft', to: 'completed' });
  });

  it('two concurrent state changes: each is a conditional update on the version, and both outcomes are consistent', async () => {
    const { id } = await createCampaign({ state: 'live' });
    const [a, b] = await Promise.all([t.api('PATCH', `/v1/campaigns/${id}`, { state: 'completed' }), t.api('PATCH', `/v1/campaigns/${id}`, { state: 'archived' })]);
    expect([a.statusCode, b.statusCode].every((code) => code === 200 || code === 409)).toBe(true);
    const final = (await t.api('GET', `/v1/campaigns/${id}`)).json();
    expect(final.version).toBe(1 + [a, b].filter((r) => r.statusCode === 200).length);
  });

  it('twenty concurrent renames: each is applied or answers a retryable 409 conflict, never a transition error', async () => {
    const { id } = await createCampaign();
    // Each body is held back until all twenty requests are in, then all arrive at once: on PGlite a
    // request sent whole runs to its end before the next one starts, and would never race.
    const bodies = Array.from({ length: 20 }, () => new PassThrough());
    const pending = bodies.map((payload) =>
      t.system.app.inject({ method: 'PATCH', url: `/v1/campaigns/${id}`, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, payload }),
    );
    for (const [i, body] of bodies.entries()) body.end(JSON.stringify({ name: `Rename ${i}` }));
    const answers = await Promise.all(pending);
    const applied = answers.filter((res) => res.statusCode === 200);
    const conflicts = answers.filter((res) => res.statusCode === 409);
    expect(applied.length + conflicts.length).toBe(20);
    expect(applied.length).toBeGreaterThan(0);
    // Twenty writers on one version: some lose every race they run, and say so as a conflict.
    expect(conflicts.length).toBeGreaterThan(0);
    for (const res of conflicts) {
      expect(res.json().error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/read it again and retry/) });
    }
    const final = (await t.api('GET', `/v1/campaigns/${id}`)).json();
    expect(final.version).toBe(1 + applied.length);
    expect(applied.map((res) => res.json().name)).toContain(final.name);
    // A conflict is worth retrying: the same rename, sent again alone, is applied.
    const retried = await t.api('PATCH', `/v1/campaigns/${id}`, { name: 'Rename after a conflict' });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ name: 'Rename after a conflict', version: final.version + 1 });
  });

  it('changes name, hashtag, networks and due date; refuses a bad hashtag or an unknown network', async () => {
    const { id } = await createCampaign();
    const res = await t.api('PATCH', `/v1/campaigns/${id}`, { name: 'Summer 2', hashtag: 'VerãoAcme', networks: ['tiktok', 'tiktok'], dueDate: null });
    expect(res.json()).toMatchObject({ name: 'Summer 2', hashtag: '#VerãoAcme', networks: ['tiktok'], dueDate: null });
    for (const body of [{ hashtag: '#two tags' }, { hashtag: '#a#b' }, { networks: ['myspace'] }, { networks: [] }, { state: 'paused' }, { dueDate: 'soon' }]) {
      const bad = await t.api('PATCH', `/v1/campaigns/${id}`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().error.code).toBe('invalid_request');
    }
    expect((await t.api('POST', '/v1/campaigns', { brand, name: 'x', hashtag: `#${'a'.repeat(101)}` })).statusCode).toBe(400);
  });

  it('lists campaigns newest first with filters and a cursor, and no one else sees them', async () => {
    await createCampaign({ brand: { id: 'other-brand', name: 'Other' }, state: 'live' });
    const lives = (await t.api('GET', '/v1/campaigns?state=live')).json().data;
    expect(lives.length).toBeGreaterThan(0);
    expect(lives.every((c: { state: string }) => c.state === 'live')).toBe(true);
    expect((await t.api('GET', '/v1/campaigns?brandId=other-brand')).json().data.map((c: { brand: { name: string } }) => c.brand.name)).toEqual(['Other']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string; createdAt: string }[]; nextCursor: string | null } = (
        await t.api('GET', `/v1/campaigns?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await db().selectFrom('campaigns').select('id').execute();
    expect(new Set(seen).size).toBe(all.length);
    expect((await t.api('GET', '/v1/campaigns?cursor=nonsense')).statusCode).toBe(400);
    expect((await t.api('GET', '/v1/campaigns/cmp_nobody')).statusCode).toBe(404);
    expect((await t.api('GET', '/v1/campaigns', undefined, 'ck_someone_else_0123456789')).statusCode).toBe(401);
  });
});

describe('bad input is refused as invalid_request, never a 500', () => {
  it('a NUL character in an id, a query or a body field is refused (PostgreSQL cannot store one in text)', async () => {
    const { id } = await createCampaign({ state: 'live' });
    const requests: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown][] = [
      ['POST', '/v1/campaigns', { brand: { id: 'a\u0000b', name: 'A' }, name: 'S', hashtag: '#X' }],
      ['POST', '/v1/campaigns', { brand, name: 'S\u0000', hashtag: '#X' }],
      ['GET', '/v1/campaigns?brandId=a%00b'],
      ['GET', '/v1/campaigns/a%00b'],
      ['PUT', `/v1/campaigns/${id}/participants/cr%00x`, { stage: 'confirmed' }],
      ['PUT', `/v1/campaigns/${id}/participants/crx`, { stage: 'confirmed', creator: { name: 'a\u0000' } }],
      ['DELETE', `/v1/campaigns/${id}/posts/a%00b`],
      ['POST', '/v1/campaigns/a%00/refresh-insights'],
      ['GET', '/v1/connections/a%00/audience'],
      ['POST', '/v1/portal-sessions', { brand: { id: 'a\u0000' } }],
    ];
    for (const [method, url, body] of requests) {
      const res = await t.api(method, url, body);
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });

  it('a cursor or a date outside what the database stores is refused', async () => {
    const { id } = await createCampaign({ state: 'live' });
    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    const requests: [method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown][] = [
      ['GET', `/v1/campaigns?cursor=${cursor('-271821-04-20T00:00:00.000Z|cmp_x')}`],
      ['GET', `/v1/campaigns?cursor=${cursor('2026-01-01T00:00:00Z|cmp_\u0000')}`],
      ['GET', `/v1/campaigns/${id}/posts?cursor=${cursor('-271821-04-20T00:00:00.000Z|cpo_x')}`],
      ['GET', `/v1/campaigns/${id}/posts?cursor=${cursor('2026-01-01T00:00:00Z|cpo_\u0000')}`],
      ['POST', '/v1/campaigns', { brand, name: 'S', hashtag: '#X', dueDate: '0000-01-01T00:00:00Z' }],
      ['PUT', `/v1/campaigns/${id}/participants/early`, { stage: 'confirmed', joinedAt: '0000-01-01' }],
    ];
    for (const [method, url, body] of requests) {
      const res = await t.api(method, url, body);
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });
});

describe('participants', () => {
  it('PUT creates the creator and the participant, then updates the stage and keeps joinedAt', async () => {
    const { id } = await createCampaign();
    const first = await t.api('PUT', `/v1/campaigns/${id}/participants/new.creator`, { stage: 'invited', creator: { email: 'new@example.com', name: 'New' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      campaignId: id,
      creator: { id: 'new.creator', email: 'new@example.com', name: 'New' },
      stage: 'invited',
      joinedAt: t.clock.now().toISOString(),
    });
    const joinedAt = first.json().joinedAt;
    t.clock.advance(HOUR);
    const again = await t.api('PUT', `/v1/campaigns/${id}/participants/new.creator`, { stage: 'confirmed' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ stage: 'confirmed', joinedAt, creator: { email: 'new@example.com' } });
    const moved = await t.api('PUT', `/v1/campaigns/${id}/participants/new.creator`, { stage: 'content_creation', joinedAt: '2026-05-01T00:00:00Z' });
    expect(moved.json()).toMatchObject({ stage: 'content_creation', joinedAt: '2026-05-01T00:00:00.000Z' });
    expect((await t.api('GET', `/v1/campaigns/${id}/participants`)).json().data).toMatchObject([{ creator: { id: 'new.creator' }, stage: 'content_creation' }]);
    expect((await t.api('PUT', `/v1/campaigns/${id}/participants/x`, { stage: 'famous' })).statusCode).toBe(400);
    expect((await t.api('PUT', '/v1/campaigns/cmp_nobody/participants/x', { stage: 'invited' })).statusCode).toBe(404);
  });

  it('pages through participants in the order they were added, with a cursor that holds any creator id', async () => {
    const { id } = await createCampaign();
    // Three added at one instant (the keyset's tie-break is the creator id), two later; ids the platform chose.
    const added = ['p-b', 'p|a', 'p-ä', 'p-z', 'p-0'];
    for (const [i, creatorId] of added.entries()) {
      if (i >= 3) t.clock.advance(MINUTE);
      expect((await t.api('PUT', `/v1/campaigns/${id}/participants/${encodeURIComponent(creatorId)}`, { stage: 'invited' })).statusCode).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api('GET', `/v1/campaigns/${id}/participants?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page: { data: { creator: { id: string } }[]; nextCursor: string | null } = res.json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((p) => p.creator.id));
      cursor = page.nextCursor;
    } while (cursor);
    // Ties in the database's collation order (which may not be JavaScript's), then the later ones.
    expect(new Set(seen.slice(0, 3))).toEqual(new Set(added.slice(0, 3)));
    expect(seen.slice(3)).toEqual(added.slice(3));
    const all = (await t.api('GET', `/v1/campaigns/${id}/participants`)).json();
    expect(all.data.map((p: { creator: { id: string } }) => p.creator.id)).toEqual(seen);
    expect(all.nextCursor).toBeNull();
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const query of [
      'limit=0',
      'limit=201',
      'cursor=nonsense',
      `cursor=${forged('2026-01-01T00:00:00Z|p\u0000')}`,
      `cursor=${forged(`2026-01-01T00:00:00Z|${'x'.repeat(201)}`)}`,
    ]) {
      const res = await t.api('GET', `/v1/campaigns/${id}/participants?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });
});

describe('content binding', () => {
  let campaignId: string;
  let connectionId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    connectionId = await connectInstagram('ana.binds');
    t.clock.advance(MINUTE);
    ids.beforeJoin = publish('ana.binds', 'Early teaser #AcmeSummer26 #ad').id;
    t.clock.advance(MINUTE);
    campaignId = (await createCampaign({ state: 'live', networks: ['instagram'], dueDate: '2026-06-10T00:00:00Z' })).id;
    expect((await t.api('PUT', `/v1/campaigns/${campaignId}/participants/ana.binds`, { stage: 'confirmed' })).statusCode).toBe(201);
    t.clock.advance(MINUTE);
    ids.disclosed = publish('ana.binds', 'Sun is out #acmesummer26! #ad').id;
    t.clock.advance(MINUTE);
    ids.undisclosed = publish('ana.binds', 'Love it #AcmeSummer26.').id;
    t.clock.advance(MINUTE);
    ids.otherTag = publish('ana.binds', 'Not ours #AcmeSummer26x #ad').id;
    ids.inUrl = publish('ana.binds', 'see https://acme.example/summer#AcmeSummer26').id;
    t.clock.advance(10 * 24 * HOUR);
    ids.afterDue = publish('ana.binds', 'Late #AcmeSummer26 #ad').id;
    t.clock.advance(MINUTE);
    expect(await sync()).toMatchObject({ done: 1 });
  });

  it('a sync binds the posts that carry the hashtag, flagging the one without disclosure', async () => {
    const posts = await postsOf(campaignId);
    const byMedia = new Map(posts.map((p) => [p.caption, p]));
    expect([...byMedia.keys()].sort()).toEqual(['Love it #AcmeSummer26.', 'Sun is out #acmesummer26! #ad']);
    expect(byMedia.get('Sun is out #acmesummer26! #ad')).toMatchObject({
      creatorId: 'ana.binds',
      network: 'instagram',
      connectionId,
      connection: { status: 'active', statusReason: null },
      boundBy: 'auto',
      flags: [],
      mediaType: 'image',
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\//),
      mediaUrl: expect.stringMatching(/\.jpg$/),
      status: 'bound',
    });
    expect(byMedia.get('Love it #AcmeSummer26.')).toMatchObject({ boundBy: 'auto', flags: ['no_disclosure'] });
  });

  it('a post published before the creator joined, or after the due date, does not bind; nor another tag or one in a URL', async () => {
    const bound = new Set((await postsOf(campaignId)).map((p) => p.mediaId));
    const media = await db().selectFrom('media').select(['id', 'provider_media_id']).where('connection_id', '=', connectionId).execute();
    const mediaId = (providerId: string) => media.find((m) => m.provider_media_id === providerId)!.id;
    for (const key of ['beforeJoin', 'afterDue', 'otherTag', 'inUrl']) expect(bound.has(mediaId(ids[key]!)), key).toBe(false);
  });

  it('binding again binds nothing twice, and two runs at once make no duplicates', async () => {
    const before = (await postsOf(campaignId)).length;
    const connection = {
      id: connectionId,
      workspaceId: (await db().selectFrom('campaigns').select('workspace_id').where('id', '=', campaignId).executeTakeFirstOrThrow()).workspace_id,
      creatorId: 'ana.binds',
    };
    // A fresh campaign, so both runs have posts to bind at the same time.
    const fresh = await createCampaign({ state: 'live', hashtag: '#AcmeSummer26' });
    await t.api('PUT', `/v1/campaigns/${fresh.id}/participants/ana.binds`, { stage: 'confirmed', joinedAt: '2026-01-01T00:00:00Z' });
    await db().deleteFrom('campaign_posts').where('campaign_id', '=', fresh.id).execute();
    const results = await Promise.all([bindAfterSync(t.system.deps, connection), bindAfterSync(t.system.deps, connection), bindAfterSync(t.system.deps, connection)]);
    const rows = await db().selectFrom('campaign_posts').select(['media_id']).where('campaign_id', '=', fresh.id).execute();
    expect(rows.length).toBe(results.reduce((a, b) => a + b, 0));
    expect(new Set(rows.map((r) => r.media_id)).size).toBe(rows.length);
    // Before join no longer applies (joined in January), the due date neither: four posts carry the tag.
    expect(rows.length).toBe(4);
    expect((await postsOf(campaignId)).length).toBe(before);
  });

  it('a brand binds a post by its URL, in any usual form, once; and unbinds it for good', async () => {
    const permalink = await permalinkOf(ids.otherTag!);
    const messy = `${permalink.replace('https://www.', 'HTTPS://').replace(/\/$/, '')}?igsh=abc#x`;
    const bound = await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: messy });
    expect(bound.statusCode, bound.body).toBe(201);
    expect(bound.json()).toMatchObject({ boundBy: 'manual', flags: [], caption: 'Not ours #AcmeSummer26x #ad', permalink });
    const again = await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: permalink });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(bound.json().id);

    const auto = (await postsOf(campaignId)).find((p) => p.boundBy === 'auto')!;
    const unbound = await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${auto.id}`);
    expect(unbound.statusCode).toBe(200);
    expect(unbound.json()).toMatchObject({ id: auto.id, status: 'unbound', unboundAt: t.clock.now().toISOString() });
    expect((await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${auto.id}`)).json().status).toBe('unbound');
    // The next sync does not bind it again against the brand's decision.
    t.clock.advance(MINUTE);
    await t.api('POST', `/v1/connections/${connectionId}/media-sync`);
    expect(await sync()).toMatchObject({ done: 1 });
    expect((await postsOf(campaignId)).map((p) => p.id)).not.toContain(auto.id);
    expect(
      await db()
        .selectFrom('campaign_posts')
        .select('status')
        .where('id', '=', auto.id as string)
        .executeTakeFirst(),
    ).toEqual({ status: 'unbound' });
  });

  it('a post we have not seen, or not on a network, is refused with what to do', async () => {
    const unseen = await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: 'https://www.instagram.com/p/NotSyncedYet/' });
    expect(unseen.statusCode).toBe(404);
    expect(unseen.json().error).toMatchObject({ code: 'post_not_synced', message: expect.stringMatching(/media-sync/) });
    const elsewhere = await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: 'https://example.com/p/1' });
    expect(elsewhere.json().error.code).toBe('post_url_unsupported');
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts`, {})).statusCode).toBe(400);
  });

  it('a post of a creator who does not take part cannot be bound by URL', async () => {
    await connectInstagram('not.in.it');
    const post = publish('not.in.it', 'hello #AcmeSummer26');
    await sync();
    const res = await t.api('POST', `/v1/campaigns/${campaignId}/posts`, { url: await permalinkOf(post.id) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'post_not_participant' });
  });

  it('a creator self-reports a post: known ones with their media, unknown ones by URL; never auto-refreshed; idempotent', async () => {
    const url = `/v1/campaigns/${campaignId}/participants/ana.binds/posts`;
    const known = await t.api('POST', url, { url: await permalinkOf(ids.afterDue!) });
    expect(known.statusCode, known.body).toBe(201);
    expect(known.json()).toMatchObject({ boundBy: 'self_reported', flags: ['no_auto_refresh'], caption: 'Late #AcmeSummer26 #ad', mediaId: expect.stringMatching(/^med_/) });
    const unknown = await t.api('POST', url, { url: 'https://www.tiktok.com/@ana.binds/video/7300000000000000001?lang=en' });
    expect(unknown.statusCode).toBe(201);
    expect(unknown.json()).toMatchObject({
      boundBy: 'self_reported',
      mediaId: null,
      network: 'tiktok',
      permalink: 'https://tiktok.com/@ana.binds/video/7300000000000000001',
      flags: ['no_auto_refresh'],
    });
    const again = await t.api('POST', url, { url: 'https://tiktok.com/@ana.binds/video/7300000000000000001/' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(unknown.json().id);
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/participants/stranger/posts`, { url: 'https://tiktok.com/@x/video/1' })).statusCode).toBe(404);
  });

  it('a self-reported post we had not synced gains its media when a later sync finds it', async () => {
    t.clock.advance(MINUTE);
    const post = publish('ana.binds', 'No tag, reported by hand');
    // Its address, as the creator would copy it from the app: asked of the network with the channel's token.
    const { accessToken } = (await t.api('POST', `/v1/connections/${connectionId}/access-token`)).json();
    const feed = (await (
      await fetch(`${t.sandbox.url}/graph.instagram.com/v25.0/me/media?fields=id,permalink&limit=5`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as { data: { id: string; permalink: string }[] };
    const permalink = feed.data.find((m) => m.id === post.id)!.permalink;
    const reported = await t.api('POST', `/v1/campaigns/${campaignId}/participants/ana.binds/posts`, { url: permalink.replace('https://www.', 'https://') });
    expect(reported.json()).toMatchObject({ mediaId: null, network: 'instagram', caption: null });
    await t.api('POST', `/v1/connections/${connectionId}/media-sync`);
    expect(await sync()).toMatchObject({ done: 1 });
    const after = (await postsOf(campaignId)).find((p) => p.id === reported.json().id);
    expect(after).toMatchObject({
      mediaId: expect.stringMatching(/^med_/),
      connectionId,
      caption: 'No tag, reported by hand',
      boundBy: 'self_reported',
      flags: ['no_auto_refresh'],
    });
  });

  it('every sync looks up the creator’s unsynced self-reports, and deleting a post finds its campaign rows and tasks, through indexes', async () => {
    // What the queries would do on a big table: with sequential scans priced out, a plan still scanning names a missing index.
    const plan = async (query: string, parameters: unknown[]) =>
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const rows = (await trx.executeQuery(CompiledQuery.raw(`explain ${query}`, parameters))).rows as Record<string, string>[];
          return rows.map((row) => Object.values(row)[0]).join('\n');
        });
    let captured: CompiledQuery | undefined;
    const spy = db().withPlugin({
      transformQuery: (args) => ((captured ??= db().getExecutor().compileQuery(args.node, args.queryId)), args.node),
      transformResult: async (args) => args.result,
    });
    await unsyncedSelfReports(spy, 'ws', 'ana.binds');
    expect(await plan(captured!.sql, [...captured!.parameters])).not.toMatch(/Seq Scan on campaign_posts/);
    // A post's deletion (a creator's data deletion) cascades to its campaign rows and insight tasks by media id.
    expect(await plan('select 1 from campaign_posts where media_id = $1', ['med_x'])).not.toMatch(/Seq Scan/);
    expect(await plan('select 1 from insight_tasks where media_id = $1', ['med_x'])).not.toMatch(/Seq Scan/);
  });

  it('a draft campaign binds nothing until it goes live; then it binds at once', async () => {
    const draft = await createCampaign({ hashtag: '#AcmeSummer26' });
    await t.api('PUT', `/v1/campaigns/${draft.id}/participants/ana.binds`, { stage: 'complete', joinedAt: '2026-01-01T00:00:00Z' });
    expect(await postsOf(draft.id)).toEqual([]);
    await t.api('PATCH', `/v1/campaigns/${draft.id}`, { state: 'live' });
    expect((await postsOf(draft.id)).length).toBe(4);
  });

  it('a hashtag in another script binds whatever the case the creator wrote it in', async () => {
    t.clock.advance(MINUTE);
    publish('ana.binds', 'Férias! #VERÃOACME #ad');
    const live = await createCampaign({ state: 'live', hashtag: '#VerãoAcme' });
    await t.api('PUT', `/v1/campaigns/${live.id}/participants/ana.binds`, { stage: 'confirmed', joinedAt: '2026-01-01T00:00:00Z' });
    await t.api('POST', `/v1/connections/${connectionId}/media-sync`);
    expect(await sync()).toMatchObject({ done: 1 });
    expect((await postsOf(live.id)).map((p) => p.caption)).toEqual(['Férias! #VERÃOACME #ad']);
  });

  it('a live campaign whose hashtag changes binds the posts carrying the new one, and keeps those bound', async () => {
    const live = await createCampaign({ state: 'live', hashtag: '#AcmeSummer26' });
    await t.api('PUT', `/v1/campaigns/${live.id}/participants/ana.binds`, { stage: 'confirmed', joinedAt: '2026-01-01T00:00:00Z' });
    expect((await postsOf(live.id)).length).toBe(4);
    const changed = await t.api('PATCH', `/v1/campaigns/${live.id}`, { hashtag: '#AcmeSummer26x' });
    expect(changed.json()).toMatchObject({ hashtag: '#AcmeSummer26x' });
    expect((await postsOf(live.id)).map((p) => p.caption)).toContain('Not ours #AcmeSummer26x #ad');
    expect((await postsOf(live.id)).length).toBe(5);
  });

  it('pages through the bound posts with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = (
        await t.api('GET', `/v1/campaigns/${campaignId}/posts?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await postsOf(campaignId)).map((p) => p.id));
    expect(seen.length).toBeGreaterThan(2);
    expect((await t.api('GET', `/v1/campaigns/${campaignId}/posts?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('a participant still invited binds nothing; moving to confirmed binds', async () => {
    const live = await createCampaign({ state: 'live' });
    await t.api('PUT', `/v1/campaigns/${live.id}/participants/ana.binds`, { stage: 'invited', joinedAt: '2026-01-01T00:00:00Z' });
    expect(await postsOf(live.id)).toEqual([]);
    await t.api('PUT', `/v1/campaigns/${live.id}/participants/ana.binds`, { stage: 'confirmed' });
    expect((await postsOf(live.id)).length).toBe(4);
  });
});

describe('a channel lost during a live campaign', () => {
  it('gets the urgent email naming the campaign, from the real campaigns', async () => {
    const connectionId = await connectInstagram('loses.channel');
    const { id } = await createCampaign({ name: 'Autumn Glow', state: 'live' });
    await t.api('PUT', `/v1/campaigns/${id}/participants/loses.channel`, { stage: 'content_creation' });
    t.clock.advance(MINUTE);
    publish('loses.channel', 'Autumn is here #AcmeSummer26 #sponsored');
    expect(await sync()).toMatchObject({ done: 1 });
    t.sandbox.world.instagram.applyEvent('loses.channel', 'revoke');
    t.clock.advance(MINUTE);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    const [email] = await db().selectFrom('emails').selectAll().where('connection_id', '=', connectionId).execute();
    expect(email).toMatchObject({ priority: 'high', subject: 'Urgent: reconnect Instagram @loses.channel — your campaign "Autumn Glow" is live' });
    // The campaign's posts show why their channel stopped.
    expect(await postsOf(id)).toMatchObject([
      { caption: 'Autumn is here #AcmeSummer26 #sponsored', flags: [], connection: { status: 'disconnected', statusReason: expect.any(String) } },
    ]);
  });
});

describe('scheduled syncs while a campaign is live', () => {
  /** The system's deps with an Instagram adapter that lists stories from the sandbox's /me/stories. */
  function withStories(): Deps {
    const deps = t.system.deps;
    const real = deps.providers.get('instagram')!;
    // The adapter keeps private fields: its own methods run bound to it, only listStories is added.
    const listStories: OAuthProvider['listStories'] = async (token) => {
      const res = await fetch(`${t.sandbox.url}/graph.instagram.com/v25.0/me/stories?fields=${igMediaFields}`, { headers: { authorization: `Bearer ${token}` } });
      return igMediaPage(await res.json(), 'Instagram').items;
    };
    const withStory = new Proxy(real, {
      get: (target, key) => {
        if (key === 'listStories') return target.listStories ? target.listStories.bind(target) : listStories;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const providers = {
      get: (id: string) => (id === 'instagram' ? withStory : deps.providers.get(id)),
      all: () => deps.providers.all().map((p) => (p.id === 'instagram' ? withStory : p)),
    };
    return { ...deps, providers: providers as Deps['providers'] };
  }
  // The campaigns of the stories above are put away, so the counts below are this creator's alone.
  beforeAll(async () => {
    await db().updateTable('campaigns').set({ state: 'archived' }).where('state', '=', 'live').execute();
  });
  const storiesOf = async (connectionId: string) =>
    Number(
      (
        await db()
          .selectFrom('media')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('connection_id', '=', connectionId)
          .where('media_type', '=', 'story')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const syncsOf = (connectionId: string) =>
    db().selectFrom('media_syncs').select(['reason', 'scope', 'status']).where('connection_id', '=', connectionId).orderBy('created_at').orderBy('id').execute();

  it('a story is captured during its 24 hours: hourly stories-only syncs, a full one every 6 hours', async () => {
    const deps = withStories();
    const connectionId = await connectInstagram('story.teller');
    const { id } = await createCampaign({ state: 'live' });
    await t.api('PUT', `/v1/campaigns/${id}/participants/story.teller`, { stage: 'confirmed' });
    expect(await runMediaSyncs(deps)).toMatchObject({ done: 1 });
    // A creator in a live campaign: the sync read the stories the account had (the sandbox posts two before it joined).
    expect(await storiesOf(connectionId)).toBe(2);
    // The feed was just read: nothing is due within the hour.
    t.clock.advance(30 * MINUTE);
    expect((await queueCampaignSyncs(deps)).queued).toBe(0);

    const story = t.sandbox.world.instagram.publishMedia('story.teller', { mediaType: 'IMAGE', productType: 'STORY', caption: '' });
    t.clock.advance(CAMPAIGN_SYNC.everyMs);
    // Two sweeps at once (two processes) queue one sync: one open sync per connection.
    const sweeps = await Promise.all([queueCampaignSyncs(deps), queueCampaignSyncs(deps)]);
    expect(sweeps[0].queued + sweeps[1].queued).toBe(1);
    expect(await queueCampaignSyncs(deps)).toEqual({ queued: 0 });
    const calls = t.sandbox.world.calls.count('media');
    expect(await runMediaSyncs(deps)).toMatchObject({ done: 1 });
    expect(t.sandbox.world.calls.count('media')).toBe(calls);
    expect((await syncsOf(connectionId)).at(-1)).toEqual({ reason: 'scheduled', scope: 'stories', status: 'done' });
    const stored = await db().selectFrom('media').select(['media_type', 'recent_rank']).where('provider_media_id', '=', story.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ media_type: 'story', recent_rank: null });

    t.clock.advance(6 * HOUR);
    expect(await queueCampaignSyncs(deps)).toEqual({ queued: 1 });
    expect((await syncsOf(connectionId)).at(-1)).toEqual({ reason: 'scheduled', scope: 'full', status: 'queued' });
    await runMediaSyncs(deps);
  });

  it('a channel whose sync is still open (a retry waiting out an outage) does not hold back the next ones', async () => {
    await db().updateTable('campaigns').set({ state: 'archived' }).where('state', '=', 'live').execute();
    const waiting = await connectInstagram('held.a');
    const next = await connectInstagram('held.b');
    const { id } = await createCampaign({ state: 'live' });
    for (const creator of ['held.a', 'held.b']) await t.api('PUT', `/v1/campaigns/${id}/participants/${creator}`, { stage: 'confirmed' });
    await sync();
    // Held.a's next sync failed and waits for its retry, a day away; seven hours later both feeds are due again.
    await queueMediaSync(db(), { id: 'msy_waiting', connectionId: waiting, reason: 'scheduled', now: t.clock.now() });
    await db()
      .updateTable('media_syncs')
      .set({ run_after: new Date(t.clock.now().getTime() + 24 * HOUR) })
      .where('id', '=', 'msy_waiting')
      .execute();
    t.clock.advance(7 * HOUR);
    const now = t.clock.now();
    // A sweep takes due channels a batch at a time and stops at a batch that queues nothing: one that cannot queue must not fill it.
    const due = await campaignConnectionsDue(db(), { now, everyMs: HOUR, feedSince: new Date(now.getTime() - 6 * HOUR), storyProviders: [], limit: 1 });
    expect(due.map((row) => row.id)).toEqual([next]);
    expect(waiting < next).toBe(true);
  });

  it('creators not taking part in a live campaign get no scheduled syncs, and their stories are not read', async () => {
    const deps = withStories();
    const connectionId = await connectInstagram('not.live');
    const { id } = await createCampaign();
    await t.api('PUT', `/v1/campaigns/${id}/participants/not.live`, { stage: 'confirmed' });
    await runMediaSyncs(deps);
    // Nor are their stories read: they count for live campaigns only.
    expect(await storiesOf(connectionId)).toBe(0);
    t.clock.advance(2 * HOUR);
    await queueCampaignSyncs(deps);
    expect(await syncsOf(connectionId)).toHaveLength(1);
  });
});
