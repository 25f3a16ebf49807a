/**
 * What creators and brands read about Partnership Ads: the request and reminder emails (with the signed
 * link), the creator's in-app notice and the brand's in-app notices for each answer and ending, in the
 * reader's language (the creator's stored one; the brand's workspace default). One file so the words
 * stay the same across channels; every value put into HTML is escaped.
 */
import { html } from '../kernel/html.ts';
import type { NoticeContent } from '../notifications/index.ts';
import { type EmailBrand, emailButton, emailDocument } from '../platform/email/email-frame.ts';
import type { EmailContent } from '../platform/email/outbox.ts';
import { formatsFor, type Reader } from '../platform/i18n/format.ts';
import { partnershipMessages } from './messages/index.ts';
import { permissionList } from './permission-words.ts';

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

/** Readers nobody named read English with times in UTC. */
const ENGLISH: Reader = { locale: 'en', timeZone: null };

/** A time in an email or a notice, which has no page footer to say "in UTC": the zone is written beside it. */
function when(reader: Reader, date: Date): string {
  const formats = formatsFor(reader);
  return formats.inUtc ? `${formats.dateTime(date)} UTC` : formats.dateTime(date);
}

/**
 * `reader.brand`: the workspace's (a viewer's); without it the email shows the product name alone.
 */
export function partnershipRequestEmail(input: PartnershipEmailInput, reader: Reader & { brand?: EmailBrand } = ENGLISH): EmailContent {
  const words = partnershipMessages.for(reader.locale);
  const post = input.captionExcerpt ? words.t('email.yourPost', { caption: input.captionExcerpt }) : words.t('email.onePost');
  const hi = input.creatorName ? words.t('email.hi', { name: input.creatorName }) : words.t('email.hiNoName');
  const asked = words.t('email.asked', { brand: input.brandName, post, days: words.t('review.days', { count: input.durationDays }), campaign: input.campaignName });
  const login = words.t('email.login', { product: input.productName });
  const until = words.t('email.linkUntil', { date: when(reader, input.linkExpiresAt) });
  const lines = [
    hi,
    '',
    asked,
    ...(input.message ? [words.t('email.note', { note: input.message })] : []),
    ...(input.permalink ? [words.t('email.thePost', { url: input.permalink })] : []),
    '',
    login,
    '',
    words.t('email.reviewText', { url: input.reviewUrl }),
    `(${until})`,
  ];
  const frame = { locale: reader.locale, formats: formatsFor(reader), brand: reader.brand ?? { productName: input.productName, logoUrl: null, accent: null } };
  const body = html`<p>${hi}</p>
<p>${asked}</p>
${input.message ? html`<blockquote>${input.message}</blockquote>` : html``}
<p>${login}</p>
${emailButton(frame, input.reviewUrl, words.t('email.review'))}`;
  const document = emailDocument(frame, body, { footnote: html`${until}` });
  return { subject: words.t('email.subject', { reminder: input.reminder ? 'yes' : 'no', brand: input.brandName }), text: lines.join('\n'), html: document };
}

export function partnershipRequestNotice(input: PartnershipSubject & { reminder: boolean }, reader: Reader = ENGLISH): NoticeContent {
  const words = partnershipMessages.for(reader.locale);
  return {
    title: words.t('notice.requestTitle', { reminder: input.reminder ? 'yes' : 'no', brand: input.brandName }),
    body: words.t('notice.requestBody', { days: words.t('review.days', { count: input.durationDays }), campaign: input.campaignName }),
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

/** Why an approval ended, in words for the brand ("the creator revoked it"). */
export function partnershipEndReason(stateReason: string | null, reader: Reader = ENGLISH): string {
  return partnershipMessages.for(reader.locale).t('reason.brand', { reason: stateReason ?? 'other' });
}

/**
 * The creator's in-app notice when a request ends without them revoking it (they revoked: they know):
 * so nobody is surprised that a brand withdrew or stopped boosting, or that a login change ended it.
 */
export function creatorPartnershipEndNotice(
  input: { brandName: string; state: 'expired' | 'revoked' | 'withdrawn'; stateReason: string | null },
  reader: Reader = ENGLISH,
): NoticeContent {
  const words = partnershipMessages.for(reader.locale);
  if (input.state === 'withdrawn') return { title: words.t('notice.withdrawnTitle', { brand: input.brandName }), body: words.t('state.nothingToDo'), urgent: false };
  const why = words.t('reason.creator', { reason: input.stateReason ?? 'other' });
  return {
    title: words.t('notice.endedTitle', { brand: input.brandName }),
    body: words.t('notice.endedBody', { brand: input.brandName, why }).replace(/\s{2,}/g, ' '),
    urgent: false,
  };
}

/** The brand's in-app notice for an answer or an ending of its request. */
export function brandPartnershipNotice(input: BrandNoticeInput, reader: Reader = ENGLISH): NoticeContent {
  const words = partnershipMessages.for(reader.locale);
  const who = input.username ? `@${input.username}` : words.t('notice.creator');
  const until = input.expiresAt ? words.t('notice.until', { date: when(reader, input.expiresAt) }) : '';
  const reason = partnershipEndReason(input.stateReason ?? (input.state === 'revoked' ? 'creator' : 'duration_ended'), reader);
  switch (input.state) {
    case 'approved':
      if (input.grantLevel === 'partial') {
        const body = words.t('notice.approvedPartBody', { permissions: permissionList(input.declinedScopes, reader.locale), boost: input.promotionEnabled ? 'yes' : 'no', until });
        return { title: words.t('notice.approvedPartTitle', { who }), body, urgent: false };
      }
      return { title: words.t('notice.approvedTitle', { who }), body: words.t('notice.approvedBody', { until }), urgent: false };
    case 'denied':
      return { title: words.t('notice.deniedTitle', { who }), body: words.t('notice.deniedBody'), urgent: false };
    case 'expired':
      return { title: words.t('notice.expiredTitle', { who }), body: words.t('notice.expiredBody', { reason }), urgent: false };
    case 'revoked':
      return { title: words.t('notice.revokedTitle', { who }), body: words.t('notice.revokedBody', { reason }), urgent: true };
  }
}
