/** What the creator's review page shows of one request: who asks, for which post, for how long, and where it stands. */
import type { Result } from '../domain/errors.ts';
import { captionExcerpt } from '../domain/partnership-ads.ts';
import { ok } from '../domain/errors.ts';
import type { PartnershipRow } from '../storage/partnership-ads.repo.ts';
import { getWorkspace } from '../storage/workspaces.repo.ts';
import type { Deps } from './deps.ts';
import { canApprove, needsRerequest, requestFromLink } from './partnership-consent.ts';
import { partnershipSubject } from './partnership-notify.ts';
import { toPartnershipView, type PartnershipView } from './partnership-view.ts';

export interface ReviewView {
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
  productName: string;
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
  const [subject, media, workspace, rerequest] = await Promise.all([
    partnershipSubject(deps.db, row),
    deps.db.selectFrom('media').select(['caption', 'thumbnail_url', 'media_url', 'media_type', 'published_at']).where('id', '=', row.media_id).executeTakeFirstOrThrow(),
    getWorkspace(deps.db, row.workspace_id),
    needsRerequest(deps, row),
  ]);
  return {
    request: toPartnershipView(row),
    brandName: subject.brandName,
    campaignName: subject.campaignName,
    username: subject.username,
    caption: captionExcerpt(media.caption, 280),
    permalink: subject.permalink,
    // A video's media_url is the video itself; only an image's can stand in for a missing thumbnail.
    thumbnailUrl: media.thumbnail_url ?? (media.media_type === 'video' || media.media_type === 'reel' ? null : media.media_url),
    mediaType: media.media_type,
    publishedAt: media.published_at,
    facebookUserName: row.facebook_user_name,
    productName: workspace?.productName ?? deps.settings.productName,
    canApprove: canApprove(row),
    canDeny: row.state === 'requested',
    rerequest,
  };
}
