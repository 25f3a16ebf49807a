/**
 * Where a Partnership Ads request stands, in words, for each side: the creator on the Channels page
 * ("Waiting for you") and the brand on the Campaign Performance page ("Waiting for the creator"). A
 * status is a short label (with the date an approval lasts until) and a sentence of detail; why an
 * approval ended uses the words of the brand's notices, so the page and the notice agree.
 */

import { type Html, html, timeTag } from '../kernel/html.ts';
import { partnershipEndReason } from './partnership-messages.ts';
import type { PartnershipView } from './partnership-view.ts';

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

/** Why the creator's last Approve did not approve, for the brand: so it knows the creator is trying, and what went wrong. */
const attemptWords: Record<string, string> = {
  wrong_owner: 'The creator tried to approve with a Facebook account that does not manage the Instagram account.',
  permissions_declined: 'The creator tried to approve but did not share the permissions needed to check the account is theirs.',
  access_denied: 'The creator opened Facebook Login and cancelled it.',
  provider_error: 'The creator tried to approve but Facebook did not answer; they can try again.',
};

const at = (iso: string | null) => (iso ? timeTag(new Date(iso)) : html``);
const on = (iso: string | null) => (iso ? html` on ${at(iso)}` : html``);
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

function approvedLabel(r: Request): Html {
  const until = r.expiresAt ? html` until ${at(r.expiresAt)}` : html``;
  return r.grant === 'partial' ? html`Approved in part${until}` : html`Approved${until}`;
}

/** The creator's view of a request made to them. */
export function creatorStatus(r: Request, brandName: string): PartnershipStatus {
  switch (r.state) {
    case 'requested':
      return { tone: 'waiting', label: html`Waiting for you`, detail: html`${brandName} asked${on(r.requestedAt)} to run this post as an ad for ${days(r.durationDays)}.` };
    case 'approved':
      return {
        tone: r.grant === 'partial' ? 'partial' : 'ok',
        label: approvedLabel(r),
        detail:
          r.grant === 'partial'
            ? html`You did not grant ${r.declinedPermissions.join(', ')}. Review it to grant ${r.declinedPermissions.length === 1 ? 'it' : 'them'}.`
            : html`${brandName} may boost this post as a Partnership Ad.`,
      };
    case 'denied':
      return { tone: 'ended', label: html`Declined`, detail: html`You declined${on(r.decidedAt)}.` };
    case 'expired':
      return { tone: 'ended', label: html`Expired`, detail: html`The approval ended${on(r.endedAt)}.` };
    case 'revoked':
      return { tone: 'ended', label: html`Revoked`, detail: html`${r.stateReason === 'creator' ? 'You revoked the approval' : 'The approval was revoked'}${on(r.endedAt)}.` };
    case 'withdrawn':
      return { tone: 'ended', label: html`Withdrawn`, detail: html`${brandName} withdrew the request${on(r.endedAt)}. There is nothing for you to do.` };
  }
}

/** The brand's view of the latest request it made for a post. */
export function brandStatus(r: Request): PartnershipStatus {
  const reason = partnershipEndReason(r.stateReason);
  switch (r.state) {
    case 'requested': {
      const reminded = r.remindedAt ? html` A reminder went out${on(r.remindedAt)}.` : html``;
      const attempt = r.lastAttemptError && attemptWords[r.lastAttemptError] ? html` ${attemptWords[r.lastAttemptError]}` : html``;
      return { tone: 'waiting', label: html`Waiting for the creator`, detail: html`Asked${on(r.requestedAt)} for ${days(r.durationDays)}.${reminded}${attempt}` };
    }
    case 'approved': {
      const boost = r.promotionEnabled
        ? html`Boosting is allowed for your Instagram account.`
        : html`Boosting could not be turned on: the creator did not grant the permission it needs.`;
      const declined = r.grant === 'partial' ? html`Declined: ${r.declinedPermissions.join(', ')}. ` : html``;
      return { tone: r.grant === 'partial' ? 'partial' : 'ok', label: approvedLabel(r), detail: html`${declined}${boost}` };
    }
    case 'denied':
      return { tone: 'ended', label: html`Declined by the creator`, detail: html`Declined${on(r.decidedAt)}. You may ask again.` };
    case 'expired':
      return { tone: 'ended', label: html`Expired`, detail: html`Ended${on(r.endedAt)}: ${reason ?? 'its time ran out'}.` };
    case 'revoked':
      return { tone: 'ended', label: html`Revoked`, detail: html`Revoked${on(r.endedAt)}: ${reason ?? 'the creator revoked it'}. Stop running the post as an ad.` };
    case 'withdrawn':
      return { tone: 'ended', label: html`Withdrawn`, detail: html`You withdrew the request${on(r.endedAt)}.` };
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
