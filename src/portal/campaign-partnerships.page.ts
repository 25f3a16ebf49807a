/**
 * The Partnership Ads column of the brands' Campaign Performance page: where the brand's latest
 * request for each post stands, a Withdraw button while it is open, and a small "Request Partnership
 * Ads" form for a live Instagram post with no open request (a disclosure, so the table stays compact);
 * and the banners after those forms.
 */

import { type Html, html } from '../kernel/html.ts';
import { brandStatus, isOpen, PARTNERSHIP_DURATION_DAYS, statusBlock, statusStyles } from '../partnership-ads/index.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import type { PerformancePost } from './campaign-performance-view.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

export const campaignPartnershipStyles = `${statusStyles}
.pa{min-width:8rem}.pa input{width:100%;box-sizing:border-box}.pa p{margin:2px 0;overflow-wrap:break-word}.pa form{margin:6px 0 0}
.pa details summary{cursor:pointer;color:var(--accent);margin-top:4px}.pa label{margin:6px 0 2px;font-size:.9rem}
.pa button{margin-top:8px}.pa button.secondary{padding:6px 12px}
@media (max-width:600px){table.stack td>div{flex:1;min-width:0}.pa{min-width:0}.pa p{overflow-wrap:anywhere}.pa input{max-width:100%}}
`;

type Words = ReturnType<typeof brandPageMessages.for>;

export interface CellInput {
  csrf: string;
  brandInstagramAccountId: string | null;
  viewer: Viewer;
}

const postName = (post: PerformancePost, words: Words) => (post.account ? words.t('partnership.postOf', { account: post.account }) : words.t('partnership.thisPost'));

function requestForm(campaignId: string, post: PerformancePost, input: CellInput, words: Words): Html {
  const id = (field: string) => `pa-${field}-${post.id}`;
  const { min, max } = PARTNERSHIP_DURATION_DAYS;
  return html`<details><summary aria-label="${words.t('partnership.requestFor', { post: postName(post, words) })}">${words.t('partnership.request')}</summary>
<form method="post" action="/portal/campaigns/${encodeURIComponent(campaignId)}/posts/${encodeURIComponent(post.id)}/partnership-ads"><input type="hidden" name="csrf" value="${input.csrf}">
<label for="${id('days')}">${words.t('partnership.days', { min, max })}</label><input id="${id('days')}" name="durationDays" type="number" min="${min}" max="${max}" value="${PARTNERSHIP_DURATION_DAYS.default}" required>
<label for="${id('account')}">${words.t('partnership.account')}</label><input id="${id('account')}" name="brandInstagramAccountId" inputmode="numeric" autocomplete="off" value="${input.brandInstagramAccountId ?? ''}" aria-describedby="${id('account-help')}">
<p id="${id('account-help')}" class="muted small">${words.t('partnership.accountHelp')}</p>
<label for="${id('note')}">${words.t('partnership.note')}</label><input id="${id('note')}" name="message" maxlength="500">
<button type="submit">${words.t('partnership.send')}</button></form></details>`;
}

function withdrawForm(campaignId: string, post: PerformancePost, requestId: string, input: CellInput, words: Words): Html {
  return html`<form method="post" action="/portal/campaigns/${encodeURIComponent(campaignId)}/posts/${encodeURIComponent(post.id)}/partnership-ads/${encodeURIComponent(requestId)}/withdraw">
<input type="hidden" name="csrf" value="${input.csrf}"><button type="submit" class="secondary" aria-label="${words.t('partnership.withdrawFor', { post: postName(post, words) })}">${words.t('partnership.withdraw')}</button></form>`;
}

/** The post's Partnership Ads cell: its latest request's status and what the brand can do next. */
export function partnershipCell(campaignId: string, post: PerformancePost, input: CellInput): Html {
  const words = brandPageMessages.for(input.viewer.locale);
  const { latest, availability } = post.partnership;
  const open = latest !== null && isOpen(latest.state);
  const status = latest ? statusBlock(brandStatus(latest, input.viewer)) : html``;
  const next = open
    ? withdrawForm(campaignId, post, latest.id, input, words)
    : availability === 'live'
      ? requestForm(campaignId, post, input, words)
      : html`<p class="muted small">${words.t('partnership.unavailable', { why: availability })}</p>`;
  return html`<div class="pa" data-partnership="${latest?.state ?? 'none'}">${status}${next}</div>`;
}

/** Why a form was refused, for a code the form or the use case gave; anything else (a forged query) is the general sentence. */
function sentenceFor(code: string | undefined, words: Words): string {
  const { min, max } = PARTNERSHIP_DURATION_DAYS;
  // The select's `other` catches codes it does not name; a code that is no identifier never reaches it.
  return words.t('partnership.why', { code: code && /^[a-z_]+$/.test(code) ? code : 'other', min, max });
}

/** The banner after a Partnership Ads form: `partnership` says what happened, `error` why not. */
export function partnershipBanner(query: Record<string, string | undefined>, viewer: Viewer): { kind: 'ok' | 'bad'; text: string } | undefined {
  const words = brandPageMessages.for(viewer.locale);
  switch (query.partnership) {
    case 'requested':
      return { kind: 'ok', text: words.t('partnership.requested') };
    case 'open':
      return { kind: 'ok', text: words.t('partnership.alreadyOpen') };
    case 'withdrawn':
      return { kind: 'ok', text: words.t('partnership.withdrawn') };
    case 'error':
      return { kind: 'bad', text: words.t('partnership.notRequested', { why: sentenceFor(query.error, words) }) };
    case 'withdraw_error':
      return { kind: 'bad', text: words.t('partnership.notWithdrawn', { why: sentenceFor(query.error, words) }) };
    default:
      return undefined;
  }
}
