/**
 * What creators and brands read about Partnership Ads: the request and reminder emails (with the signed
 * link), the creator's in-app notice and the brand's in-app notices for each answer and ending. One
 * file so the words stay the same across channels; every value put into HTML is escaped.
 */
import { escapeHtml, whenUtc } from '../kernel/html.ts';
import type { NoticeContent } from '../notifications/index.ts';
import type { EmailContent } from '../platform/email/outbox.ts';

export interface PartnershipSubject {
  brandName: string;
  campaignName: string;
  /** The creator's Instagram handle, without '@'. */
  username: string | null;
  captionExcerpt: string | null;
  permalink: string | null;
  durationDays: number;
  message: string | null;
}

export interface PartnershipEmailInput extends PartnershipSubject {
  productName: string;
  creatorName: string | null;
  reviewUrl: string;
  linkExpiresAt: Date;
  reminder: boolean;
}

const postPhrase = (s: PartnershipSubject) => (s.captionExcerpt ? `your Instagram post "${s.captionExcerpt}"` : 'one of your Instagram posts');
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const handle = (s: Pick<PartnershipSubject, 'username'>) => (s.username ? `@${s.username}` : 'The creator');

export function partnershipRequestEmail(input: PartnershipEmailInput): EmailContent {
  const subject = `${input.reminder ? 'Reminder: ' : ''}${input.brandName} asks to run your Instagram post as a Partnership Ad`;
  const lines = [
    input.creatorName ? `Hi ${input.creatorName},` : 'Hi,',
    '',
    `${input.brandName} would like to run ${postPhrase(input)} as a Partnership Ad for ${days(input.durationDays)}, as part of the campaign "${input.campaignName}".`,
    ...(input.message ? [`Their note: "${input.message}"`] : []),
    ...(input.permalink ? [`The post: ${input.permalink}`] : []),
    '',
    `Approving takes a one-time Facebook login for this post only. Your Instagram connection with ${input.productName} stays exactly as it is, and you can revoke the approval at any time from your Channels page.`,
    '',
    `Approve or deny: ${input.reviewUrl}`,
    `(This link works until ${whenUtc(input.linkExpiresAt)}.)`,
  ];
  const html = `<p>${escapeHtml(lines[0]!)}</p>
<p>${escapeHtml(input.brandName)} would like to run ${escapeHtml(postPhrase(input))} as a Partnership Ad for ${escapeHtml(days(input.durationDays))}, as part of the campaign “${escapeHtml(input.campaignName)}”.</p>
${input.message ? `<blockquote>${escapeHtml(input.message)}</blockquote>` : ''}
<p>Approving takes a one-time Facebook login for this post only. Your Instagram connection with ${escapeHtml(input.productName)} stays exactly as it is, and you can revoke the approval at any time from your Channels page.</p>
<p><a href="${escapeHtml(input.reviewUrl)}">Review the request: approve or deny</a></p>
<p style="color:#555">This link works until ${escapeHtml(whenUtc(input.linkExpiresAt))}.</p>`;
  return { subject, text: lines.join('\n'), html };
}

export function partnershipRequestNotice(input: PartnershipSubject & { reminder: boolean }): NoticeContent {
  return {
    title: `${input.reminder ? 'Reminder: ' : ''}${input.brandName} asks to run your post as a Partnership Ad`,
    body: `For ${days(input.durationDays)}, in the campaign "${input.campaignName}". Approve with Facebook or deny it from your Channels page; your Instagram connection is not affected.`,
    urgent: false,
  };
}

export interface BrandNoticeInput {
  username: string | null;
  state: 'approved' | 'denied' | 'expired' | 'revoked';
  grantLevel: 'full' | 'partial' | null;
  declinedScopes: readonly string[];
  promotionEnabled: boolean | null;
  expiresAt: Date | null;
  stateReason: string | null;
}

const endReasons: Record<string, string> = {
  token_expired: 'the Facebook login it rests on expired',
  duration_ended: 'the agreed duration ended',
  creator: 'the creator revoked it',
  password_changed: 'the creator changed their Facebook password',
  app_removed: 'the creator removed the app from their Facebook account',
  checkpoint: 'Facebook locked the creator’s account for a security check',
  expired: 'the Facebook login it rests on expired',
};

/** Why an approval ended, in words for the brand ("the creator revoked it"); null when no reason was recorded. */
export function partnershipEndReason(stateReason: string | null): string | null {
  if (!stateReason) return null;
  return Object.hasOwn(endReasons, stateReason) ? endReasons[stateReason]! : stateReason;
}

/** Why an approval ended, told to the creator who gave it (the brand's words speak of "the creator"). */
const creatorEndReasons: Record<string, string> = {
  token_expired: 'The Facebook login it rested on expired.',
  duration_ended: 'The agreed duration is over.',
  password_changed: 'You changed your Facebook password, which ends the apps’ logins.',
  app_removed: 'You removed the app from your Facebook account.',
  checkpoint: 'Facebook locked your account for a security check.',
  data_deleted: 'You asked Facebook to have your data deleted.',
};

/**
 * The creator's in-app notice when a request ends without them revoking it (they revoked: they know):
 * so nobody is surprised that a brand withdrew or stopped boosting, or that a login change ended it.
 */
export function creatorPartnershipEndNotice(input: { brandName: string; state: 'expired' | 'revoked' | 'withdrawn'; stateReason: string | null }): NoticeContent {
  if (input.state === 'withdrawn') return { title: `${input.brandName} withdrew its Partnership Ads request`, body: 'There is nothing for you to do.', urgent: false };
  const why = input.stateReason && Object.hasOwn(creatorEndReasons, input.stateReason) ? ` ${creatorEndReasons[input.stateReason]}` : '';
  return {
    title: `Your Partnership Ads approval for ${input.brandName} ended`,
    body: `${input.brandName} can no longer boost your post.${why} If they ask again, you will get a new request.`,
    urgent: false,
  };
}

/** The brand's in-app notice for an answer or an ending of its request. */
export function brandPartnershipNotice(input: BrandNoticeInput): NoticeContent {
  const who = handle(input);
  const until = input.expiresAt ? ` until ${whenUtc(input.expiresAt)}` : '';
  const reason = partnershipEndReason(input.stateReason);
  switch (input.state) {
    case 'approved':
      if (input.grantLevel === 'partial') {
        const boost = input.promotionEnabled ? 'Boosting is allowed for your Instagram account' : 'Boosting could not be turned on: the creator declined the permission it needs';
        return { title: `${who} approved Partnership Ads in part`, body: `Declined: ${input.declinedScopes.join(', ')}. ${boost}${until}.`, urgent: false };
      }
      return { title: `${who} approved Partnership Ads`, body: `Boosting the post is allowed for your Instagram account${until}.`, urgent: false };
    case 'denied':
      return { title: `${who} declined Partnership Ads`, body: 'The post cannot be run as a Partnership Ad. You may ask again later.', urgent: false };
    case 'expired':
      return { title: `Partnership Ads with ${who} ended`, body: `The approval expired: ${reason ?? 'its time ran out'}.`, urgent: false };
    case 'revoked':
      return { title: `${who} revoked Partnership Ads`, body: `The approval was revoked: ${reason ?? 'the creator revoked it'}. Stop running the post as an ad.`, urgent: true };
  }
}
