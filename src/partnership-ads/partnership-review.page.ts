/**
 * The creator's review page for one Partnership Ads request (opened from the email's signed link or the
 * Channels page): what the brand asks for, for which post and how long, the permissions Facebook will
 * ask for and why, and Approve with Facebook / Deny while that is possible; afterwards, where it stands.
 */

import { cssUrl, type Html, html, page, whenUtc } from '../kernel/html.ts';
import { PARTNERSHIP_ADS_SCOPES } from '../providers/partnership-ads.ts';
import type { ApprovalOutcome } from './partnership-consent.ts';
import type { ReviewView } from './partnership-review.ts';

const why: Record<string, string> = {
  pages_show_list: 'see the Facebook Pages you manage, to find the one linked to your Instagram account',
  instagram_basic: 'see which Instagram account is linked to each Page, to check this post is yours',
  business_management: 'see Pages kept in a business portfolio (some creators keep theirs there)',
  instagram_branded_content_creator: 'turn on “Allow brand partner to boost” for this one post',
};

const date = (d: Date | string) => whenUtc(new Date(d));

function banner(view: ReviewView, outcome: ApprovalOutcome | undefined): Html {
  // Once approved, the name is the approval's Facebook account, not the one a later attempt used.
  const who = view.facebookUserName && view.request.state === 'requested' ? ` (${view.facebookUserName})` : '';
  const handle = view.username ? `@${view.username}` : 'the Instagram account that published this post';
  const lines: Record<ApprovalOutcome, [string, string]> = {
    approved: ['ok', `Approved. ${view.brandName} may run this post as a Partnership Ad.`],
    partial: ['warn', `Approved in part: you did not grant ${view.request.declinedPermissions.join(', ')}.`],
    denied: ['ok', `You declined. ${view.brandName} has been told.`],
    wrong_owner: ['bad', `The Facebook account you logged in with${who} does not manage ${handle}. Log in with the Facebook account whose Page is linked to ${handle}.`],
    permissions_declined: ['bad', 'Facebook did not share the permissions needed to check that this post is yours. Approve again and keep them ticked.'],
    access_denied: ['warn', 'You cancelled the Facebook login. Nothing changed: you can still approve or deny.'],
    provider_error: ['bad', 'Facebook did not answer as expected. Nothing changed; please try again in a few minutes.'],
    closed: ['warn', 'This request was already answered or has ended.'],
  };
  if (!outcome) return html``;
  const [tone, text] = lines[outcome];
  return html`<div class="card ${tone}" role="${tone === 'bad' ? 'alert' : 'status'}"><p>${text}</p></div>`;
}

function status(view: ReviewView): Html {
  const r = view.request;
  switch (r.state) {
    case 'requested':
      return html``;
    case 'approved':
      return html`<div class="card"><h2>You approved this request</h2><p>On ${date(r.decidedAt!)}${r.expiresAt ? html`, until <time datetime="${r.expiresAt}">${date(r.expiresAt)}</time>` : html``}.
${r.promotionEnabled ? 'Boosting this post is allowed for the brand.' : 'Boosting could not be turned on: the permission it needs was not granted.'}</p>
${r.grant === 'partial' ? html`<p class="warn">Not granted: ${r.declinedPermissions.join(', ')}.</p>` : html``}
<p class="muted">You can revoke it at any time from your Channels page.</p></div>`;
    case 'denied':
      return html`<div class="card"><h2>You declined this request</h2><p>On ${date(r.decidedAt!)}.</p></div>`;
    case 'expired':
      return html`<div class="card"><h2>This approval has ended</h2><p>It expired on ${date(r.endedAt!)}.</p></div>`;
    case 'revoked':
      return html`<div class="card"><h2>This approval was revoked</h2><p>On ${date(r.endedAt!)}.</p></div>`;
    case 'withdrawn':
      return html`<div class="card"><h2>${view.brandName} withdrew this request</h2><p>There is nothing for you to do.</p></div>`;
  }
}

function post(view: ReviewView): Html {
  const thumb = view.thumbnailUrl ? cssUrl(view.thumbnailUrl) : null;
  const image = thumb ? html`<img src="${view.thumbnailUrl}" alt="Your Instagram post" width="120" height="120" style="object-fit:cover;border-radius:8px;flex:none">` : html``;
  return html`<div class="card" style="display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap">${image}
<div style="flex:1;min-width:12rem"><p><strong>${view.username ? `@${view.username}` : 'Your post'}</strong> · <span class="muted">${view.mediaType}, published ${date(view.publishedAt)}</span></p>
${view.caption ? html`<blockquote style="margin:0 0 8px">${view.caption}</blockquote>` : html``}
${view.permalink ? html`<a href="${view.permalink}" rel="noreferrer">See the post on Instagram</a>` : html``}</div></div>`;
}

/** `token`: the signed link's token, which the forms carry back. */
export function partnershipPage(view: ReviewView, input: { token: string; outcome?: ApprovalOutcome }): string {
  const action = (decision: string) => `/partnership-ads/${decision}?token=${encodeURIComponent(input.token)}`;
  const r = view.request;
  const permissions = PARTNERSHIP_ADS_SCOPES.map((scope) => html`<li><code>${scope}</code>: ${why[scope] ?? scope}</li>`);
  const approveLabel = r.state === 'approved' ? 'Grant the missing permissions with Facebook' : 'Approve with Facebook';
  const buttons = html`<div class="actions">
${view.canApprove ? html`<form method="post" action="${action('approve')}"><button type="submit">${approveLabel}</button></form>` : html``}
${view.canDeny ? html`<form method="post" action="${action('deny')}"><button type="submit" class="secondary">Deny</button></form>` : html``}</div>`;
  const body = html`<h1>${view.brandName} asks to run your post as a Partnership Ad</h1>
${banner(view, input.outcome)}${status(view)}${post(view)}
<div class="card"><h2>What you are asked</h2>
<p>${view.brandName} would like to run this post as an ad from your handle for <strong>${r.durationDays} day${r.durationDays === 1 ? '' : 's'}</strong>, as part of the campaign “${view.campaignName}”.</p>
${r.message ? html`<p>Their note: “${r.message}”</p>` : html``}
<p>Approving opens Facebook Login once, for this post only. Facebook will ask you to allow ${view.productName} to:</p><ul>${permissions}</ul>
<p class="muted">Your Instagram connection with ${view.productName} is not changed. You can revoke an approval at any time from your Channels page.${view.rerequest ? ' Facebook will show again the permissions you declined last time.' : ''}</p></div>
${buttons}`;
  // Permission names are long single words: let them break on a phone rather than widen the page.
  return page('Partnership Ads request', body, view.productName, { extraStyles: 'code{overflow-wrap:anywhere}' });
}
