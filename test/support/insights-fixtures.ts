/**
 * Insights tests drive the real system end to end: channels connected through the real connect flow
 * to sandbox accounts, campaigns and participants through the API, posts published on the sandbox and
 * bound by the real media sync (hashtag in the caption), figures read by the real adapters. These are
 * the few steps every such test repeats.
 */

import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import type { PinterestWorld } from '../../sandbox/pinterest/world.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import type { DB } from '../../src/platform/db/db.ts';
import type { TestContext } from './context.ts';

export interface Channel {
  connectionId: string;
  workspaceId: string;
  creatorId: string;
  accountId: string;
  network: string;
  /** The sandbox account behind it (the Facebook login for a Page). */
  username: string;
}

async function channelOf(ctx: TestContext, creatorId: string, network: string, username: string): Promise<Channel> {
  const row = await ctx.system.deps.db
    .selectFrom('connections')
    .select(['id', 'workspace_id', 'account_id'])
    .where('creator_id', '=', creatorId)
    .where('network', '=', network)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { connectionId: row.id, workspaceId: row.workspace_id, creatorId, accountId: row.account_id, network, username };
}

async function connectAs(ctx: TestContext, creatorId: string, provider: string, account: string): Promise<void> {
  const done = await ctx.connect({ creator: { id: creatorId, email: `${creatorId}@example.com` }, provider, account });
  if (done.statusCode !== 200 && done.statusCode !== 302) throw new Error(`connect failed: ${done.statusCode} ${done.body}`);
}

/** A sandbox Instagram business account with no posts of its own yet (the test publishes them), connected. */
export async function connectInstagram(ctx: TestContext, creatorId: string, username = `${creatorId}.biz`): Promise<Channel> {
  if (!ctx.sandbox.world.instagram.account(username)) ctx.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS', mediaCount: 0 });
  await connectAs(ctx, creatorId, 'instagram', username);
  return channelOf(ctx, creatorId, 'instagram', username);
}

/**
 * A Facebook login with one Page (12 generated posts), connected. The sandbox writes a Page post's
 * message as "<Page name>: update n", so a Page named with the campaign's hashtag publishes posts that carry it.
 */
export async function connectFacebookPage(ctx: TestContext, creatorId: string, pageName: string, username = `${creatorId}.fb`): Promise<Channel> {
  const fb = ctx.sandbox.world.network<FacebookWorld>('facebook');
  if (!fb.user(username)) fb.createUser({ username, pages: [{ name: pageName }] });
  await connectAs(ctx, creatorId, 'facebook', username);
  return channelOf(ctx, creatorId, 'facebook', username);
}

/** A Pinterest business account whose pins' descriptions end with `caption`, connected. */
export async function connectPinterest(ctx: TestContext, creatorId: string, caption: string, pinCount = 12, username = `${creatorId}.pins`): Promise<Channel> {
  const pinterest = ctx.sandbox.world.network<PinterestWorld>('pinterest');
  if (!pinterest.account(username)) pinterest.createAccount({ username, accountType: 'BUSINESS', pinCount, pinCaption: caption });
  await connectAs(ctx, creatorId, 'pinterest', username);
  return channelOf(ctx, creatorId, 'pinterest', username);
}

/** A campaign through the API; its id. */
export async function createCampaign(ctx: TestContext, body: { hashtag: string; state?: string; dueDate?: string; networks?: string[] }): Promise<string> {
  const res = await ctx.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: body.hashtag, ...body });
  if (res.statusCode !== 201) throw new Error(`campaign not created: ${res.body}`);
  return res.json().id as string;
}

export async function setCampaignState(ctx: TestContext, campaignId: string, state: string): Promise<void> {
  const res = await ctx.api('PATCH', `/v1/campaigns/${campaignId}`, { state });
  if (res.statusCode !== 200) throw new Error(`state not changed: ${res.body}`);
}

/** The creator takes part (confirmed), from `joinedAt` (default now). */
export async function join(ctx: TestContext, campaignId: string, creatorId: string, joinedAt?: Date): Promise<void> {
  const res = await ctx.api('PUT', `/v1/campaigns/${campaignId}/participants/${creatorId}`, { stage: 'confirmed', ...(joinedAt ? { joinedAt: joinedAt.toISOString() } : {}) });
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`participant not put: ${res.body}`);
}

/** A feed post (or story) on the channel's sandbox Instagram account, now; the network's id. */
export function publish(ctx: TestContext, channel: Channel, caption: string, kind: 'FEED' | 'STORY' = 'FEED'): string {
  return ctx.sandbox.world.instagram.publishMedia(channel.username, { mediaType: 'IMAGE', productType: kind, caption }).id;
}

/** Asks for a sync of the channel (one already queued, e.g. the connect's, will do) and runs the media sync worker (which ranks and binds). */
export async function syncNow(ctx: TestContext, channel: Channel): Promise<void> {
  const res = await ctx.api('POST', `/v1/connections/${channel.connectionId}/media-sync`);
  if (res.statusCode >= 300 && res.json().error?.code !== 'media_sync_in_progress') throw new Error(`sync not queued: ${res.body}`);
  await runMediaSyncs(ctx.system.deps);
}

/** Our id of a post the media sync stored, by the network's id. */
export async function mediaIdOf(db: DB, providerMediaId: string): Promise<string> {
  const row = await db.selectFrom('media').select('id').where('provider_media_id', '=', providerMediaId).executeTakeFirstOrThrow();
  return row.id;
}

export async function openTasks(db: DB): Promise<{ media_id: string; status: string; reason: string; run_after: Date; last_error: string | null }[]> {
  return db
    .selectFrom('insight_tasks')
    .select(['media_id', 'status', 'reason', 'run_after', 'last_error'])
    .where('status', 'in', ['queued', 'running', 'paused'])
    .orderBy('media_id')
    .execute();
}

export async function snapshotCount(db: DB, mediaId: string): Promise<number> {
  const row = await db
    .selectFrom('media_insights')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('media_id', '=', mediaId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Snapshots per post since `since` (the posts a worker run refreshed). */
export async function snapshotsSince(db: DB, since: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('media_insights')
    .select(['media_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('captured_at', '>=', since)
    .groupBy('media_id')
    .execute();
  return new Map(rows.map((r) => [r.media_id, Number(r.n)]));
}
