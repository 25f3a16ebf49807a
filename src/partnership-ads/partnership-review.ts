/** What the creator's review page shows of one request: who asks, for which post, for how long, and where it stands. */
import { ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import type { PartnershipRow } from './partnership-ads.repo.ts';
import { captionExcerpt } from './partnership-ads.rules.ts';
import { canApprove, needsRerequest, requestFromLink } from './partnership-consent.ts';
import { requestSubject } from './partnership-notify.ts';
import { type PartnershipView, postThumbnail, toPartnershipView } from './partnership-view.ts';

export interface ReviewView {
  workspaceId: string;
  request: PartnershipView;
  brandName: string;
  campaignName: string;
  username: string | null;
  caption: string | null;
  permalink: string | null;
  thumbnailUrl: string | null;
  mediaType: string;
  publishedAt: Date;
  facebookUserName: string | null;
  /** The Channels page, when the creator came from it (their visit is open there); null: the page says how to get there. */
  channelsUrl: string | null;
  /** Approve is offered (waiting, or a partial grant to complete). */
  canApprove: boolean;
  canDeny: boolean;
  /** The next Approve re-asks for permissions declined before. */
  rerequest: boolean;
}

export async function loadReview(deps: Deps, token: string): Promise<Result<ReviewView>> {
  const found = await requestFromLink(deps, token);
  if (!found.ok) return found;
  return ok(await reviewOf(deps, found.value));
}

export async function reviewOf(deps: Deps, row: PartnershipRow): Promise<ReviewView> {
  // One read of the brand, campaign, post and account (the same the Channels page makes for many).
  const [subject, rerequest] = await Promise.all([requestSubject(deps.db, row), needsRerequest(deps, row)]);
  return {
    workspaceId: row.workspace_id,
    request: toPartnershipView(row),
    brandName: subject.brand_name,
    campaignName: subject.campaign_name,
    username: subject.username,
    caption: captionExcerpt(subject.caption, 280),
    permalink: subject.permalink,
    thumbnailUrl: deps.displayImageUrl(postThumbnail(subject)),
    mediaType: subject.media_type,
    publishedAt: subject.published_at,
    facebookUserName: row.facebook_user_name,
    channelsUrl: null,
    canApprove: canApprove(row),
    canDeny: row.state === 'requested',
    rerequest,
  };
}
