/**
 * The Partnership Ads column of the brands' Campaign Performance page: where the brand's latest
 * request for each post stands, a Withdraw button while it is open, and a small "Request Partnership
 * Ads" form for a live Instagram post with no open request (a disclosure, so the table stays compact);
 * and the banners after those forms.
 */

import { type ErrorCode, errorCatalog } from '../kernel/errors.ts';
import { type Html, html } from '../kernel/html.ts';
import { brandStatus, isOpen, PARTNERSHIP_DURATION_DAYS, statusBlock, statusStyles } from '../partnership-ads/index.ts';
import type { PerformancePost } from './campaign-performance-view.ts';

export const campaignPartnershipStyles = `${statusStyles}
.pa{min-width:12rem}.pa p{margin:2px 0;overflow-wrap:anywhere}.pa form{margin:6px 0 0}
.pa details summary{cursor:pointer;color:var(--accent);margin-top:4px}.pa label{margin:6px 0 2px;font-size:.9rem}
.pa button{margin-top:8px}.pa button.secondary{padding:6px 12px}
@media (max-width:600px){table.stack td>div{flex:1;min-width:0}.pa{min-width:0}}
`;

const UNAVAILABLE: Record<Exclude<PerformancePost['partnership']['availability'], 'live'>, string> = {
  not_instagram: 'Partnership Ads are for Instagram posts.',
  story_expired: 'The story is no longer up on Instagram.',
  post_deleted: 'The post is no longer on Instagram.',
  not_synced: 'The post has not been read from Instagram yet.',
};

const postName = (post: PerformancePost) => (post.account ? `${post.account}’s post` : 'this post');

function requestForm(campaignId: string, post: PerformancePost, input: { csrf: string; brandInstagramAccountId: string | null }): Html {
  const id = (field: string) => `pa-${field}-${post.id}`;
  const { min, max } = PARTNERSHIP_DURATION_DAYS;
  return html`<details><summary>Request Partnership Ads<span class="sr"> for ${postName(post)}</span></summary>
<form method="post" action="/portal/campaigns/${encodeURIComponent(campaignId)}/posts/${encodeURIComponent(post.id)}/partnership-ads"><input type="hidden" name="csrf" value="${input.csrf}">
<label for="${id('days')}">For how many days (${min}–${max})</label><input id="${id('days')}" name="durationDays" type="number" min="${min}" max="${max}" value="${PARTNERSHIP_DURATION_DAYS.default}" required>
<label for="${id('account')}">Your brand’s Instagram account id</label><input id="${id('account')}" name="brandInstagramAccountId" inputmode="numeric" autocomplete="off" value="${input.brandInstagramAccountId ?? ''}" aria-describedby="${id('account-help')}">
<p id="${id('account-help')}" class="muted small">The account allowed to boost the post: its number, as Meta Business Suite shows it.</p>
<label for="${id('note')}">A note to the creator (optional)</label><input id="${id('note')}" name="message" maxlength="500">
<button type="submit">Send the request</button></form></details>`;
}

function withdrawForm(campaignId: string, post: PerformancePost, requestId: string, csrf: string): Html {
  return html`<form method="post" action="/portal/campaigns/${encodeURIComponent(campaignId)}/posts/${encodeURIComponent(post.id)}/partnership-ads/${encodeURIComponent(requestId)}/withdraw">
<input type="hidden" name="csrf" value="${csrf}"><button type="submit" class="secondary">Withdraw<span class="sr"> the request for ${postName(post)}</span></button></form>`;
}

/** The post's Partnership Ads cell: its latest request's status and what the brand can do next. */
export function partnershipCell(campaignId: string, post: PerformancePost, input: { csrf: string; brandInstagramAccountId: string | null }): Html {
  const { latest, availability } = post.partnership;
  const open = latest !== null && isOpen(latest.state);
  const status = latest ? statusBlock(brandStatus(latest)) : html``;
  const next = open
    ? withdrawForm(campaignId, post, latest.id, input.csrf)
    : availability === 'live'
      ? requestForm(campaignId, post, input)
      : html`<p class="muted small">${UNAVAILABLE[availability]}</p>`;
  return html`<div class="pa" data-partnership="${latest?.state ?? 'none'}">${status}${next}</div>`;
}

/** Sentences for what the form itself refuses before asking (the use case's refusals use the error catalog). */
const FORM_ERRORS: Record<string, string> = {
  duration: `Choose a duration from ${PARTNERSHIP_DURATION_DAYS.min} to ${PARTNERSHIP_DURATION_DAYS.max} days.`,
  account_id: 'The brand’s Instagram account id is a number (digits only), as Meta Business Suite shows it.',
  message: 'The note to the creator is plain text of 500 characters at most.',
};

function sentenceFor(code: string | undefined): string {
  if (code && Object.hasOwn(FORM_ERRORS, code)) return FORM_ERRORS[code]!;
  if (code && Object.hasOwn(errorCatalog, code)) return errorCatalog[code as ErrorCode].message;
  return 'Something went wrong; please try again.';
}

/** The banner after a Partnership Ads form: `partnership` says what happened, `error` why not. */
export function partnershipBanner(query: Record<string, string | undefined>): { kind: 'ok' | 'bad'; text: string } | undefined {
  switch (query.partnership) {
    case 'requested':
      return { kind: 'ok', text: 'Partnership Ads requested. The creator is emailed and answers with Facebook; the post shows where it stands.' };
    case 'open':
      return { kind: 'ok', text: 'This post already has an open Partnership Ads request: nothing new was sent.' };
    case 'withdrawn':
      return { kind: 'ok', text: 'The Partnership Ads request is withdrawn. The creator is told.' };
    case 'error':
      return { kind: 'bad', text: `Partnership Ads were not requested. ${sentenceFor(query.error)}` };
    case 'withdraw_error':
      return { kind: 'bad', text: `Nothing was withdrawn. ${sentenceFor(query.error)}` };
    default:
      return undefined;
  }
}
