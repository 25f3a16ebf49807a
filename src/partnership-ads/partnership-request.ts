/**
 * A brand asks for Partnership Ads on one post bound to its campaign, or calls a request off. The
 * request is made once per post and brand while open: a second ask (or two at once, from any number
 * of processes) gets the open one back. The creator's email and notice are written by the same
 * transaction as the request.
 */

import { findCampaign, findCampaignPost } from '../campaigns/index.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import type { Deps } from '../platform/deps.ts';
import { insertOrFindOpen, recordEvent } from './partnership-ads.repo.ts';
import { PARTNERSHIP_DURATION_DAYS, postLiveness } from './partnership-ads.rules.ts';
import { notifyCreatorOfRequest } from './partnership-notify.ts';
import { type PartnershipView, toPartnershipView } from './partnership-view.ts';

export interface PartnershipRequestInput {
  workspaceId: string;
  campaignId: string;
  postId: string;
  /** The brand's Instagram account allowed to boost; remembered on the brand for next time. */
  brandInstagramAccountId?: string;
  durationDays?: number;
  message?: string | null;
}

const liveness = {
  not_instagram: 'partnership_post_not_instagram',
  post_deleted: 'partnership_post_not_live',
  story_expired: 'partnership_post_not_live',
} as const;

export async function requestPartnershipAds(deps: Deps, input: PartnershipRequestInput): Promise<Result<{ request: PartnershipView; created: boolean }>> {
  const now = deps.clock.now();
  const campaign = await findCampaign(deps.db, input.workspaceId, input.campaignId);
  if (!campaign) return fail('not_found', `No campaign ${input.campaignId} in this workspace.`);
  const post = await findCampaignPost(deps.db, campaign.id, { id: input.postId });
  if (!post) return fail('not_found', `No post ${input.postId} in campaign ${campaign.id}.`);
  if (post.status !== 'bound') return fail('partnership_post_not_bound', 'This post was unbound from the campaign; bind it again first.');
  if (post.network !== 'instagram') return fail('partnership_post_not_instagram');
  if (!post.media_id || !post.connection_id) return fail('post_not_synced');
  const media = await deps.db.selectFrom('media').selectAll().where('id', '=', post.media_id).executeTakeFirst();
  const connection = await deps.db.selectFrom('connections').select(['account_id', 'network']).where('id', '=', post.connection_id).executeTakeFirst();
  if (!media || !connection) return fail('post_not_synced');
  const live = postLiveness({ network: connection.network, mediaType: media.media_type, publishedAt: media.published_at, insightsStatus: media.insights_status }, now);
  if (live !== 'live') return fail(liveness[live]);
  const brand = await deps.db
    .selectFrom('brands')
    .select('instagram_account_id')
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', campaign.brand_id)
    .executeTakeFirst();
  const sponsor = input.brandInstagramAccountId ?? brand?.instagram_account_id;
  if (!sponsor) return fail('partnership_sponsor_required');

  const result = await deps.db.transaction().execute(async (trx) => {
    if (input.brandInstagramAccountId) {
      await trx
        .updateTable('brands')
        .set({ instagram_account_id: sponsor, updated_at: now })
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', campaign.brand_id)
        .execute();
    }
    const made = await insertOrFindOpen(trx, {
      id: newId('par', deps.clock),
      workspace_id: input.workspaceId,
      brand_id: campaign.brand_id,
      campaign_id: campaign.id,
      campaign_post_id: post.id,
      media_id: media.id,
      connection_id: post.connection_id!,
      creator_id: post.creator_id,
      instagram_account_id: connection.account_id,
      provider_media_id: media.provider_media_id,
      sponsor_instagram_id: sponsor,
      duration_days: input.durationDays ?? PARTNERSHIP_DURATION_DAYS.default,
      message: input.message ?? null,
      state: 'requested',
      grant_level: null,
      granted_scopes: [],
      declined_scopes: [],
      promotion_enabled: null,
      facebook_user_id: null,
      facebook_user_name: null,
      last_attempt_error: null,
      state_reason: null,
      requested_at: now,
      reminded_at: null,
      decided_at: null,
      expires_at: null,
      checked_at: null,
      ended_at: null,
      updated_at: now,
    });
    if (made.created) {
      await recordEvent(trx, deps.clock, made.row.id, 'requested', { campaignId: campaign.id, postId: post.id });
      await notifyCreatorOfRequest(deps, trx, made.row, false);
    }
    return made;
  });
  if (result.created) deps.onEmailQueued?.();
  return ok({ request: toPartnershipView(result.row), created: result.created });
}
