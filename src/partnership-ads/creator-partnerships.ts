/**
 * A creator's Partnership Ads requests as the Channels page shows them: the open ones and those that
 * ended in the last 30 days, each with who asks, for which post, where it stands, and what the creator
 * can do (review it with a fresh signed link, revoke an approval). Only the creator's own.
 */
import { DAY } from '../kernel/clock.ts';
import type { Deps } from '../platform/deps.ts';
import { findPartnership, listForCreator, type PartnershipRow, type RequestSubjectRow, subjectsOf } from './partnership-ads.repo.ts';
import { captionExcerpt } from './partnership-ads.rules.ts';
import { canApprove } from './partnership-consent.ts';
import { partnershipReviewUrl } from './partnership-notify.ts';
import { type PartnershipView, postThumbnail, toPartnershipView } from './partnership-view.ts';

/** How long an ended request stays on the Channels page. */
export const ENDED_SHOWN_DAYS = 30;

export interface CreatorPartnership {
  request: PartnershipView;
  brandName: string;
  campaignName: string;
  /** The Instagram handle that published the post, without '@'. */
  username: string | null;
  captionExcerpt: string | null;
  permalink: string | null;
  thumbnailUrl: string | null;
  /** A signed link to the review page, made fresh for this view, while there is something to answer (waiting, or a partial grant to complete). */
  reviewUrl: string | null;
  /** An approval can be revoked from the Channels page. */
  canRevoke: boolean;
}

interface CreatorScope {
  workspaceId: string;
  creatorId: string;
}

export async function listCreatorPartnerships(deps: Deps, scope: CreatorScope): Promise<CreatorPartnership[]> {
  const since = new Date(deps.clock.now().getTime() - ENDED_SHOWN_DAYS * DAY);
  const rows = await listForCreator(deps.db, scope.workspaceId, scope.creatorId, since);
  const subjects = await subjectsOf(
    deps.db,
    scope.workspaceId,
    rows.map((row) => row.id),
  );
  return rows.flatMap((row) => {
    const subject = subjects.get(row.id);
    return subject ? [toCreatorPartnership(deps, row, subject)] : [];
  });
}

/** One of the creator's requests; undefined when there is none by that id or it is another creator's. */
export async function findCreatorPartnership(deps: Deps, scope: CreatorScope, id: string): Promise<CreatorPartnership | undefined> {
  const row = await findPartnership(deps.db, scope.workspaceId, id);
  if (!row || row.creator_id !== scope.creatorId) return undefined;
  const subject = (await subjectsOf(deps.db, scope.workspaceId, [row.id])).get(row.id);
  return subject && toCreatorPartnership(deps, row, subject);
}

function toCreatorPartnership(deps: Deps, row: PartnershipRow, subject: RequestSubjectRow): CreatorPartnership {
  return {
    request: toPartnershipView(row),
    brandName: subject.brand_name,
    campaignName: subject.campaign_name,
    username: subject.username,
    captionExcerpt: captionExcerpt(subject.caption, 100),
    permalink: subject.permalink,
    thumbnailUrl: deps.displayImageUrl(postThumbnail(subject)),
    reviewUrl: canApprove(row) ? `${partnershipReviewUrl(deps, row).url}&from=channels` : null,
    canRevoke: row.state === 'approved',
  };
}
