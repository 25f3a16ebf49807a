/** A Partnership Ads request as the API, the webhooks and the pages show it: no token, no state, no Facebook user id. */
import type { PartnershipRow } from './partnership-ads.repo.ts';

export interface PartnershipView {
  id: string;
  campaignId: string;
  postId: string;
  mediaId: string;
  creatorId: string;
  connectionId: string;
  brandId: string;
  /** The Instagram account that published the post; the Facebook user who approves must control it. */
  instagramAccountId: string;
  /** The brand's Instagram account allowed to boost the post. */
  brandInstagramAccountId: string;
  state: PartnershipRow['state'];
  /** full: every permission asked was granted; partial: some were declined (listed in declinedPermissions). */
  grant: 'full' | 'partial' | null;
  grantedPermissions: string[];
  declinedPermissions: string[];
  /** Whether the post's "Allow brand partner to boost" is on for the brand's account. */
  promotionEnabled: boolean | null;
  durationDays: number;
  message: string | null;
  /** Why the creator's last Approve did not approve (wrong_owner, permissions_declined, access_denied, provider_error). */
  lastAttemptError: string | null;
  /** Why it ended: token_expired, duration_ended, creator, password_changed, app_removed, … */
  stateReason: string | null;
  requestedAt: string;
  remindedAt: string | null;
  decidedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toPartnershipView(row: PartnershipRow): PartnershipView {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    postId: row.campaign_post_id,
    mediaId: row.media_id,
    creatorId: row.creator_id,
    connectionId: row.connection_id,
    brandId: row.brand_id,
    instagramAccountId: row.instagram_account_id,
    brandInstagramAccountId: row.sponsor_instagram_id,
    state: row.state,
    grant: row.grant_level,
    grantedPermissions: row.granted_scopes,
    declinedPermissions: row.declined_scopes,
    promotionEnabled: row.promotion_enabled,
    durationDays: row.duration_days,
    message: row.message,
    lastAttemptError: row.last_attempt_error,
    stateReason: row.state_reason,
    requestedAt: row.requested_at.toISOString(),
    remindedAt: iso(row.reminded_at),
    decidedAt: iso(row.decided_at),
    expiresAt: iso(row.expires_at),
    endedAt: iso(row.ended_at),
  };
}

/** What stands for a post's picture: its thumbnail, else an image's own URL (a video's media_url is the video itself). */
export function postThumbnail(media: { thumbnail_url: string | null; media_type: string; media_url: string | null }): string | null {
  return media.thumbnail_url ?? (media.media_type === 'video' || media.media_type === 'reel' ? null : media.media_url);
}
