/**
 * Where a Partnership Ads request stands, in words, for each side: the creator on the Channels page
 * ("Waiting for you") and the brand on the Campaign Performance page ("Waiting for the creator"). A
 * status is a short label (with the date an approval lasts until) and a sentence of detail, in the
 * reader's language; why an approval ended uses the words of the brand's notices, so the page and the notice agree.
 */

import { type Html, html, timeTag as utcTimeTag } from '../kernel/html.ts';
import { formatsFor, type Reader } from '../platform/i18n/format.ts';
import { partnershipMessages } from './messages/index.ts';
import type { PartnershipView } from './partnership-view.ts';
import { permissionList } from './permission-words.ts';

export interface PartnershipStatus {
  /** waiting: an answer is due; ok: approved in full; partial: approved with permissions declined; ended: nothing runs. */
  tone: 'waiting' | 'ok' | 'partial' | 'ended';
  label: Html;
  detail: Html;
}

type Request = Pick<
  PartnershipView,
  'state' | 'grant' | 'declinedPermissions' | 'promotionEnabled' | 'durationDays' | 'stateReason' | 'requestedAt' | 'remindedAt' | 'decidedAt' | 'expiresAt' | 'endedAt'
> &
  Partial<Pick<PartnershipView, 'lastAttemptError'>>;

/** Pages that do not say who reads them yet read English, each time marked UTC (their footer does not say so). */
const ENGLISH: Reader = { locale: 'en', timeZone: null };

function wordsOf(given: Reader | undefined) {
  const reader = given ?? ENGLISH;
  const formats = formatsFor(reader);
  const words = partnershipMessages.for(reader.locale);
  const at = (iso: string | null) => (iso ? (given ? formats.timeTag(new Date(iso)) : utcTimeTag(new Date(iso))) : html``);
  const days = (n: number) => words.t('review.days', { count: n });
  const list = (scopes: readonly string[]) => permissionList(scopes, reader.locale);
  return { words, at, days, list };
}

function approvedLabel(r: Request, reader: Reader | undefined): Html {
  const { words, at } = wordsOf(reader);
  const partial = r.grant === 'partial';
  if (!r.expiresAt) return html`${words.t(partial ? 'status.approvedPartly' : 'status.approved')}`;
  return words.html(partial ? 'status.approvedPartlyUntil' : 'status.approvedUntil', { date: at(r.expiresAt) });
}

/** The creator's view of a request made to them, in their language. */
export function creatorStatus(r: Request, brandName: string, reader?: Reader): PartnershipStatus {
  const { words, at, days, list } = wordsOf(reader);
  switch (r.state) {
    case 'requested':
      return {
        tone: 'waiting',
        label: html`${words.t('status.waitingForYou')}`,
        detail: words.html('status.asked', { brand: brandName, date: at(r.requestedAt), days: days(r.durationDays) }),
      };
    case 'approved':
      return {
        tone: r.grant === 'partial' ? 'partial' : 'ok',
        label: approvedLabel(r, reader),
        detail:
          r.grant === 'partial'
            ? html`${words.t('status.youDidNotGrant', { permissions: list(r.declinedPermissions), count: r.declinedPermissions.length })}`
            : html`${words.t('status.mayBoost', { brand: brandName })}`,
      };
    case 'denied':
      return { tone: 'ended', label: html`${words.t('status.declined')}`, detail: words.html('status.youDeclined', { date: at(r.decidedAt) }) };
    case 'expired':
      return { tone: 'ended', label: html`${words.t('status.expired')}`, detail: words.html('status.approvalEnded', { date: at(r.endedAt) }) };
    case 'revoked':
      return {
        tone: 'ended',
        label: html`${words.t('status.revoked')}`,
        detail: words.html(r.stateReason === 'creator' ? 'status.youRevoked' : 'status.wasRevoked', { date: at(r.endedAt) }),
      };
    case 'withdrawn':
      return { tone: 'ended', label: html`${words.t('status.withdrawn')}`, detail: words.html('status.brandWithdrew', { brand: brandName, date: at(r.endedAt) }) };
  }
}

/** The brand's view of the latest request it made for a post, in the brand's language. */
export function brandStatus(r: Request, reader?: Reader): PartnershipStatus {
  const { words, at, days, list } = wordsOf(reader);
  const reason = html`${words.t('reason.brand', { reason: r.stateReason ?? (r.state === 'revoked' ? 'creator' : 'duration_ended') })}`;
  switch (r.state) {
    case 'requested': {
      const reminded = r.remindedAt ? html` ${words.html('status.reminded', { date: at(r.remindedAt) })}` : html``;
      const attempt = r.lastAttemptError ? html` ${words.t('status.attempt', { error: r.lastAttemptError })}` : html``;
      return {
        tone: 'waiting',
        label: html`${words.t('status.waitingForCreator')}`,
        detail: html`${words.html('status.brandAsked', { date: at(r.requestedAt), days: days(r.durationDays) })}${reminded}${attempt}`,
      };
    }
    case 'approved': {
      const boost = words.t(r.promotionEnabled ? 'status.boostAllowed' : 'status.boostFailed');
      const declined = r.grant === 'partial' ? `${words.t('status.declinedPermissions', { permissions: list(r.declinedPermissions) })} ` : '';
      return { tone: r.grant === 'partial' ? 'partial' : 'ok', label: approvedLabel(r, reader), detail: html`${declined}${boost}` };
    }
    case 'denied':
      return { tone: 'ended', label: html`${words.t('status.declinedByCreator')}`, detail: words.html('status.declinedOn', { date: at(r.decidedAt) }) };
    case 'expired':
      return { tone: 'ended', label: html`${words.t('status.expired')}`, detail: words.html('status.endedOn', { date: at(r.endedAt), reason }) };
    case 'revoked':
      return { tone: 'ended', label: html`${words.t('status.revoked')}`, detail: words.html('status.revokedOn', { date: at(r.endedAt), reason }) };
    case 'withdrawn':
      return { tone: 'ended', label: html`${words.t('status.withdrawn')}`, detail: words.html('status.youWithdrew', { date: at(r.endedAt) }) };
  }
}

/** The status as a pill and a line, with the tone as a class (the colour never carries the meaning alone). */
export function statusBlock(status: PartnershipStatus): Html {
  return html`<p><span class="pstate ${status.tone}">${status.label}</span></p><p class="small">${status.detail}</p>`;
}

/** The pill's colours; both pages include them. */
export const statusStyles = `
.pstate{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.9rem;font-weight:600;border:1px solid currentColor}
.pstate.waiting{color:var(--accent)}.pstate.ok{color:var(--ok)}.pstate.partial{color:var(--warn)}.pstate.ended{color:var(--muted)}
`;
