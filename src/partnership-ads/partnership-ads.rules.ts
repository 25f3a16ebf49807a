/**
 * Partnership Ads authorizations (docs/api.md#partnership-ads): a brand asks to run one bound Instagram post as a
 * partnership ad, the creator approves through Facebook Login or denies, and an approval lives until its
 * token or its agreed duration ends, or the creator revokes it. Pure rules; storage applies a change as
 * one conditional UPDATE on (state, version), so two processes cannot both apply it.
 *
 * States:
 * - requested: waiting for the creator. The only state with a reminder (once, after 3 days).
 * - approved: the creator logged in with Facebook, proved they control the account and granted what we
 *   asked (`grant` full) or only some of it (`grant` partial). A partial grant can be completed later
 *   (approved → approved with the missing permissions asked again; not a transition).
 * - denied: the creator said no. Terminal: the brand may ask again, which is a new request.
 * - expired: the token or the agreed duration ended. Terminal.
 * - revoked: the creator revoked it on the Channels page, or Facebook killed the token (password change,
 *   app removed). Terminal.
 * - withdrawn: the brand called it off. Terminal.
 * "Open" (requested or approved) is what the one-per-post-and-brand rule counts.
 */
import { DAY } from '../kernel/clock.ts';

export const partnershipStates = ['requested', 'approved', 'denied', 'expired', 'revoked', 'withdrawn'] as const;
export type PartnershipState = (typeof partnershipStates)[number];

export const openPartnershipStates = ['requested', 'approved'] as const satisfies readonly PartnershipState[];

export const partnershipTransitions = {
  requested: ['approved', 'denied', 'withdrawn'],
  approved: ['expired', 'revoked', 'withdrawn'],
  denied: [],
  expired: [],
  revoked: [],
  withdrawn: [],
} as const satisfies Record<PartnershipState, readonly PartnershipState[]>;

export function canMovePartnership(from: PartnershipState, to: PartnershipState): boolean {
  return (partnershipTransitions[from] as readonly PartnershipState[]).includes(to);
}

export function isOpen(state: PartnershipState): boolean {
  return (openPartnershipStates as readonly PartnershipState[]).includes(state);
}

/** How long a brand may ask for: Facebook's long-lived user token lasts about 60 days and cannot be refreshed by a server. */
export const PARTNERSHIP_DURATION_DAYS = { default: 30, min: 1, max: 60 } as const;

/** A request the creator has not answered gets one reminder, this long after it was made. */
export const PARTNERSHIP_REMINDER_AFTER_MS = 3 * DAY;

/** How long the link in the request email works; the Channels page always has a fresh one. */
export const PARTNERSHIP_LINK_DAYS = 30;

/** Without these, we cannot see which Instagram accounts the Facebook user controls, so nothing can be approved. */
export const VERIFY_SCOPES = ['pages_show_list', 'instagram_basic'] as const;
/** The permission that lets us turn on "Allow brand partner to boost" for the post. */
export const PROMOTE_SCOPE = 'instagram_branded_content_creator';

export type GrantLevel = 'full' | 'partial';

export type GrantOutcome =
  /** Everything needed to verify ownership was granted; `missing` lists what else was declined (partial). */
  | { level: GrantLevel; missing: string[]; canPromote: boolean }
  /** A permission needed to check ownership was declined: nothing can be approved. */
  | { level: 'insufficient'; missing: string[] };

/** What a consent granted, judged against what we asked for. */
export function grantOutcome(asked: readonly string[], granted: readonly string[]): GrantOutcome {
  const missing = asked.filter((scope) => !granted.includes(scope));
  if (VERIFY_SCOPES.some((scope) => missing.includes(scope))) return { level: 'insufficient', missing };
  return { level: missing.length === 0 ? 'full' : 'partial', missing, canPromote: !missing.includes(PROMOTE_SCOPE) };
}

/** An approval ends when its token does or when the agreed duration runs out, whichever comes first. */
export function approvalExpiresAt(decidedAt: Date, durationDays: number, tokenExpiresAt: Date | null): Date {
  const agreed = new Date(decidedAt.getTime() + durationDays * DAY);
  return tokenExpiresAt && tokenExpiresAt < agreed ? tokenExpiresAt : agreed;
}

export function reminderDue(requestedAt: Date, now: Date): boolean {
  return now.getTime() - requestedAt.getTime() >= PARTNERSHIP_REMINDER_AFTER_MS;
}

export interface PostForPartnership {
  network: string;
  mediaType: string;
  publishedAt: Date;
  /** The latest insights capture's status: `not_found` means the network no longer has the post. */
  insightsStatus: string | null;
}

export type PostLiveness = 'live' | 'not_instagram' | 'story_expired' | 'post_deleted';

/** Only a post still up on Instagram can become a partnership ad: not another network, not a lapsed story, not a deleted post. */
export function postLiveness(post: PostForPartnership, now: Date): PostLiveness {
  if (post.network !== 'instagram') return 'not_instagram';
  if (post.insightsStatus === 'not_found') return 'post_deleted';
  if (post.mediaType === 'story' && now.getTime() - post.publishedAt.getTime() >= DAY) return 'story_expired';
  return 'live';
}

/** The start of a caption, cut at a word, for the consent page and the emails. */
export function captionExcerpt(caption: string | null, max = 140): string | null {
  if (!caption) return null;
  const flat = caption.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
