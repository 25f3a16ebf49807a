/**
 * Content binding: whether a post belongs to a campaign. Pure: the caller passes the campaign, the
 * participant (or none) and the post with its connection's status.
 *
 * A hashtag is '#' and a run of letters (any script), marks, digits and underscores. A tag counts only
 * whole (`#AcmeSummer26x` and `#AcmeSummer26_x` are other tags) and case-insensitively; punctuation
 * after it ends it (`#AcmeSummer26!`). A '#' glued to a word or inside a URL (`https://a.com/p#Tag`, a
 * fragment) is not a tag: networks do not link those either.
 */
import { type CampaignState, isPastApplied, type ParticipantStage } from './campaign.rules.ts';

export const MAX_HASHTAG_LENGTH = 100;
const TAG_BODY = /^[\p{L}\p{M}\p{N}_]+$/u;
const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*/giu;
// Not after a tag character, '#', '/', '&' (an HTML entity) or '@': those make it part of something else.
const TAG_IN_TEXT = /(?<![\p{L}\p{M}\p{N}_#/&@])#([\p{L}\p{M}\p{N}_]+)/gu;

/** The key a hashtag is matched on: NFC, lower-cased, without '#'. */
export function hashtagKey(tag: string): string {
  return tag.normalize('NFC').replace(/^#/, '').toLowerCase();
}

export type HashtagCheck = { ok: true; hashtag: string; key: string } | { ok: false; problem: string };

/** A binding hashtag as a brand writes it: one tag, '#' optional, ≤ 100 characters. */
export function parseHashtag(input: string): HashtagCheck {
  const trimmed = input.trim().normalize('NFC');
  const body = trimmed.startsWith('#') ? trimmed.slice(1) : trimmed;
  if (body.length === 0) return { ok: false, problem: 'a hashtag needs at least one letter or digit after #' };
  if (body.length > MAX_HASHTAG_LENGTH) return { ok: false, problem: `a hashtag has at most ${MAX_HASHTAG_LENGTH} characters` };
  if (!TAG_BODY.test(body)) return { ok: false, problem: 'one hashtag only: letters, digits and underscores, no spaces or punctuation' };
  return { ok: true, hashtag: `#${body}`, key: hashtagKey(body) };
}

/** Every whole hashtag in a caption, as keys. */
export function captionTags(caption: string | null): Set<string> {
  if (!caption) return new Set();
  const text = caption.normalize('NFC').replace(URL_LIKE, ' ');
  return new Set([...text.matchAll(TAG_IN_TEXT)].map((m) => hashtagKey(m[1]!)));
}

export function hasHashtag(caption: string | null, key: string): boolean {
  return captionTags(caption).has(key);
}

/** Tags that disclose a paid partnership (FTC / ASA guidance names these). */
export const disclosureTags = ['ad', 'sponsored', 'partner'] as const;

/**
 * Whether a post discloses the partnership: a disclosure tag, or the network's paid-partnership label
 * when the network exposes it (`paidPartnership` true). Unknown label (null/undefined) is not a
 * disclosure by itself.
 */
export function hasDisclosure(post: { caption: string | null; paidPartnership?: boolean | null }): boolean {
  if (post.paidPartnership === true) return true;
  const tags = captionTags(post.caption);
  return disclosureTags.some((tag) => tags.has(tag));
}

export type PostFlag = 'no_disclosure';

export function postFlags(post: { caption: string | null; paidPartnership?: boolean | null }): PostFlag[] {
  return hasDisclosure(post) ? [] : ['no_disclosure'];
}

export interface BindingCampaign {
  state: CampaignState;
  hashtagKey: string;
  networks: readonly string[];
  dueDate: Date | null;
}

export interface BindingParticipant {
  stage: ParticipantStage;
  joinedAt: Date;
}

export interface BindingPost {
  network: string;
  caption: string | null;
  publishedAt: Date;
  paidPartnership?: boolean | null;
  /** The status of the connection the post was synced through. */
  connectionStatus: string;
}

/** The rules in the order they are checked; a refusal names the first that failed. */
export const bindRefusals = ['not_live', 'not_participant', 'stage', 'no_hashtag', 'before_joined', 'after_due', 'network_not_in_campaign', 'connection_inactive'] as const;
export type BindRefusal = (typeof bindRefusals)[number];

export type BindDecision = { bind: true; flags: PostFlag[] } | { bind: false; refusal: BindRefusal };

/** Whether a post binds to a campaign automatically, and with which flags. */
export function bindDecision(campaign: BindingCampaign, participant: BindingParticipant | null, post: BindingPost): BindDecision {
  const refuse = (refusal: BindRefusal): BindDecision => ({ bind: false, refusal });
  if (campaign.state !== 'live') return refuse('not_live');
  if (!participant) return refuse('not_participant');
  if (!isPastApplied(participant.stage)) return refuse('stage');
  if (!hasHashtag(post.caption, campaign.hashtagKey)) return refuse('no_hashtag');
  if (post.publishedAt.getTime() < participant.joinedAt.getTime()) return refuse('before_joined');
  if (campaign.dueDate && post.publishedAt.getTime() > campaign.dueDate.getTime()) return refuse('after_due');
  if (!campaign.networks.includes(post.network)) return refuse('network_not_in_campaign');
  // 'expiring' still works: only a disconnected channel is inactive.
  if (post.connectionStatus === 'disconnected') return refuse('connection_inactive');
  return { bind: true, flags: postFlags(post) };
}
