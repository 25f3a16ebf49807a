/**
 * The Partnership Ads column of the Campaign Performance page: for a page of posts, the latest request
 * the brand made for each and whether a new one can be asked (a live Instagram post). A fixed number
 * of queries whatever the number of posts.
 */

import type { CampaignPostView } from '../campaigns/index.ts';
import { latestForMedia, postLiveness, toPartnershipView } from '../partnership-ads/index.ts';
import type { Deps } from '../platform/deps.ts';
import type { PartnershipAvailability, PostPartnership } from './campaign-performance-view.ts';

export interface PartnershipScope {
  workspaceId: string;
  brandId: string;
  campaignId: string;
  now: Date;
}

export async function partnershipsOfPosts(deps: Pick<Deps, 'db'>, scope: PartnershipScope, posts: readonly CampaignPostView[]): Promise<Map<string, PostPartnership>> {
  const instagram = posts.filter((post) => post.network === 'instagram');
  const mediaIds = instagram.flatMap((post) => (post.mediaId ? [post.mediaId] : []));
  const [latest, media] = await Promise.all([
    latestForMedia(deps.db, { ...scope, mediaIds }),
    mediaIds.length ? deps.db.selectFrom('media').select(['id', 'insights_status']).where('id', 'in', mediaIds).execute() : Promise.resolve([]),
  ]);
  const latestOf = new Map(latest.map((row) => [row.media_id, toPartnershipView(row)]));
  const insightsStatusOf = new Map(media.map((row) => [row.id, row.insights_status]));
  return new Map(posts.map((post) => [post.id, { latest: (post.mediaId && latestOf.get(post.mediaId)) || null, availability: availability(post, insightsStatusOf, scope.now) }]));
}

function availability(post: CampaignPostView, insightsStatusOf: Map<string, string | null>, now: Date): PartnershipAvailability {
  if (post.network !== 'instagram') return 'not_instagram';
  if (!post.mediaId || !post.connectionId || !post.mediaType || !post.publishedAt) return 'not_synced';
  const insightsStatus = insightsStatusOf.get(post.mediaId) ?? null;
  return postLiveness({ network: post.network, mediaType: post.mediaType, publishedAt: new Date(post.publishedAt), insightsStatus }, now);
}

/** The brand's Instagram account remembered from its last request (or set on the brand); null when unknown. */
export async function brandInstagramAccount(deps: Pick<Deps, 'db'>, workspaceId: string, brandId: string): Promise<string | null> {
  const row = await deps.db.selectFrom('brands').select('instagram_account_id').where('workspace_id', '=', workspaceId).where('id', '=', brandId).executeTakeFirst();
  return row?.instagram_account_id ?? null;
}
