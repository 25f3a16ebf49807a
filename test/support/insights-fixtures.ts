/**
 * Campaign rows for insights tests, written straight to the tables (the campaigns API belongs to
 * another part of issue 5): a brand and campaign, and media bound to it with a recency rank.
 */
import type { DB } from '../../src/storage/db.ts';
import type { BoundBy, CampaignState } from '../../src/storage/tables.ts';
import type { TestContext } from './context.ts';

export interface Channel {
  connectionId: string;
  workspaceId: string;
  creatorId: string;
  accountId: string;
  /** The sandbox account behind it, where its posts are published. */
  username: string;
}

/** Connects a new sandbox Instagram business account for a new creator, through the real connect flow. */
export async function connectChannel(ctx: TestContext, creatorId: string, username = `${creatorId}.biz`): Promise<Channel> {
  if (!ctx.sandbox.world.instagram.account(username)) ctx.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  const done = await ctx.connect({ creator: { id: creatorId, email: `${creatorId}@example.com` }, account: username });
  if (done.statusCode !== 200 && done.statusCode !== 302) throw new Error(`connect failed: ${done.statusCode} ${done.body}`);
  const row = await ctx.system.deps.db.selectFrom('connections').select(['id', 'workspace_id', 'account_id']).where('creator_id', '=', creatorId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return { connectionId: row.id, workspaceId: row.workspace_id, creatorId, accountId: row.account_id, username };
}

export async function seedCampaign(db: DB, input: { workspaceId: string; id: string; state?: CampaignState; createdAt: Date; dueDate?: Date | null }): Promise<void> {
  await db
    .insertInto('brands')
    .values({ workspace_id: input.workspaceId, id: 'brand-1', name: 'Brand', created_at: input.createdAt, updated_at: input.createdAt })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('campaigns')
    .values({
      id: input.id,
      workspace_id: input.workspaceId,
      brand_id: 'brand-1',
      name: input.id,
      state: input.state ?? 'live',
      binding_hashtag: '#ad',
      hashtag_key: 'ad',
      networks: ['instagram', 'facebook', 'pinterest', 'tiktok', 'youtube'],
      due_date: input.dueDate ?? null,
      created_at: input.createdAt,
      updated_at: input.createdAt,
    })
    .execute();
}

export interface PostSpec {
  id: string;
  rank?: number | null;
  boundBy?: BoundBy;
  network?: string;
  mediaType?: string;
  publishedAt?: Date;
  status?: 'bound' | 'unbound';
}

/**
 * Media of the channel bound to the campaign, under the ids given. Instagram posts are also published
 * on the sandbox account, and stored under the sandbox's id, so the real adapter can read them.
 */
export async function seedPosts(ctx: TestContext, channel: Channel, campaignId: string, now: Date, posts: readonly PostSpec[]): Promise<void> {
  const db = ctx.system.deps.db;
  const providerIds = new Map<string, string>();
  for (const post of posts) {
    if ((post.network ?? 'instagram') !== 'instagram') continue;
    const story = post.mediaType === 'story';
    providerIds.set(post.id, ctx.sandbox.world.instagram.publishMedia(channel.username, { mediaType: 'IMAGE', productType: story ? 'STORY' : 'FEED', caption: '#ad' }).id);
  }
  for (let i = 0; i < posts.length; i += 1000) {
    const slice = posts.slice(i, i + 1000);
    await db
      .insertInto('media')
      .values(slice.map((p) => ({
        id: p.id,
        workspace_id: channel.workspaceId,
        connection_id: channel.connectionId,
        provider_media_id: providerIds.get(p.id) ?? p.id,
        network: p.network ?? 'instagram',
        media_type: p.mediaType ?? 'image',
        caption: '#ad',
        permalink: `https://example.test/p/${p.id}`,
        published_at: p.publishedAt ?? now,
        media_url: null,
        thumbnail_url: null,
        first_seen_at: now,
        last_seen_at: now,
        recent_rank: p.rank === undefined ? 1 : p.rank,
      })))
      .execute();
    await db
      .insertInto('campaign_posts')
      .values(slice.map((p) => ({
        id: `cp_${campaignId}_${p.id}`,
        campaign_id: campaignId,
        workspace_id: channel.workspaceId,
        creator_id: channel.creatorId,
        media_id: p.id,
        connection_id: channel.connectionId,
        network: p.network ?? 'instagram',
        permalink: null,
        bound_by: p.boundBy ?? 'auto',
        status: p.status ?? 'bound',
        bound_at: now,
      })))
      .execute();
  }
}

/** The network's id of one of our posts (what an adapter, and the fake, are asked about). */
export async function providerIdOf(db: DB, mediaId: string): Promise<string> {
  const row = await db.selectFrom('media').select('provider_media_id').where('id', '=', mediaId).executeTakeFirstOrThrow();
  return row.provider_media_id;
}

export async function openTasks(db: DB): Promise<{ media_id: string; status: string; reason: string; run_after: Date; last_error: string | null }[]> {
  return db.selectFrom('insight_tasks').select(['media_id', 'status', 'reason', 'run_after', 'last_error']).where('status', 'in', ['queued', 'running', 'paused']).orderBy('media_id').execute();
}

export async function snapshotCount(db: DB, mediaId: string): Promise<number> {
  const row = await db.selectFrom('media_insights').select((eb) => eb.fn.countAll<number>().as('n')).where('media_id', '=', mediaId).executeTakeFirstOrThrow();
  return Number(row.n);
}
