/**
 * The creator's review page for one Partnership Ads request (opened from the email's signed link or the
 * Channels page), in the creator's language: what the brand asks for, for which post and how long, the
 * permissions Facebook will ask for and why, and Approve with Facebook / Deny while that is possible;
 * afterwards, where it stands, and the way to the Channels page where an approval is revoked.
 */

import { cssUrl, type Html, html } from '../kernel/html.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { PARTNERSHIP_ADS_SCOPES } from '../providers/partnership-ads.ts';
import { partnershipMessages } from './messages/index.ts';
import type { ApprovalOutcome } from './partnership-consent.ts';
import type { ReviewView } from './partnership-review.ts';
import { permissionList } from './permission-words.ts';

type Words = ReturnType<typeof partnershipMessages.for>;

const styles = `
.post{display:grid;grid-template-columns:120px minmax(0,1fr);gap:16px;align-items:start}
.post .text{min-width:0}.post blockquote{margin:0 0 8px;overflow-wrap:break-word}
.thumb{width:120px;height:120px;border-radius:8px;background:var(--bg);display:flex;align-items:center;justify-content:center;position:relative;overflow:hidden;color:var(--muted);text-align:center;font-size:.8rem}
.thumb img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}
@media (max-width:480px){.post{grid-template-columns:1fr}.thumb{width:100%;height:auto;aspect-ratio:1/1;max-height:60vh}}
.perms li{margin:4px 0}
/* White on the dark mode's lighter accent reads below 4.5:1; dark text on it reads well above. */
@media (prefers-color-scheme:dark){.button,button:not(.secondary){color:#0d1117}}
.card.ok,.card.warn,.card.bad{border-left:5px solid currentColor}
.card.ok>p::before,.card.warn>p::before,.card.bad>p::before{margin-right:8px;font-weight:700}.card.ok>p::before{content:"✓" / ""}.card.warn>p::before,.card.bad>p::before{content:"!" / ""}
`;

function banner(view: ReviewView, outcome: ApprovalOutcome | undefined, words: Words, viewer: Viewer): Html {
  if (!outcome) return html``;
  // Once approved, the name is the approval's Facebook account, not the one a later attempt used.
  const who = view.facebookUserName && view.request.state === 'requested' ? ` (${view.facebookUserName})` : '';
  const handle = view.username ? `@${view.username}` : words.t('outcome.theAccount');
  const permissions = permissionList(view.request.declinedPermissions, viewer.locale);
  const lines: Record<ApprovalOutcome, ['ok' | 'warn' | 'bad', string]> = {
    approved: ['ok', words.t('outcome.approved', { brand: view.brandName })],
    partial: ['warn', words.t('outcome.partial', { permissions })],
    denied: ['ok', words.t('outcome.denied', { brand: view.brandName })],
    wrong_owner: ['bad', words.t('outcome.wrongOwner', { who, handle })],
    permissions_declined: ['bad', words.t('outcome.permissionsDeclined')],
    access_denied: ['warn', words.t('outcome.accessDenied')],
    provider_error: ['bad', words.t('outcome.providerError')],
    closed: ['warn', words.t('outcome.closed')],
  };
  const [tone, text] = lines[outcome];
  return html`<div class="card ${tone}" role="${tone === 'bad' ? 'alert' : 'status'}"><p>${text}</p></div>`;
}

/** Where the creator revokes an approval: a link to the Channels page when they came from it, else the way there. */
function revokeLine(view: ReviewView, words: Words, viewer: Viewer): Html {
  return view.channelsUrl
    ? words.html('review.revokeLink', { channels: html`<a href="${view.channelsUrl}">${words.t('review.channelsPage')}</a>` })
    : html`${words.t('review.revokeWhere', { product: viewer.brand.productName })}`;
}

function status(view: ReviewView, words: Words, viewer: Viewer): Html {
  const r = view.request;
  const date = (iso: string) => viewer.formats.timeTag(new Date(iso));
  const permissions = permissionList(r.declinedPermissions, viewer.locale);
  switch (r.state) {
    case 'requested':
      return html``;
    case 'approved': {
      const on = r.expiresAt
        ? words.html('state.approvedUntil', { date: date(r.decidedAt!), until: date(r.expiresAt) })
        : words.html('state.approvedOn', { date: date(r.decidedAt!) });
      return html`<div class="card"><h2>${words.t('state.approvedHeading')}</h2><p>${on} ${words.t(r.promotionEnabled ? 'state.boostOn' : 'state.boostOff')}</p>
${r.grant === 'partial' ? html`<p class="warn">${words.t('state.notGranted', { permissions })}</p>` : html``}<p class="muted">${revokeLine(view, words, viewer)}</p></div>`;
    }
    case 'denied':
      return html`<div class="card"><h2>${words.t('state.deniedHeading')}</h2><p>${words.html('state.on', { date: date(r.decidedAt!) })}</p></div>`;
    case 'expired':
      return html`<div class="card"><h2>${words.t('state.expiredHeading')}</h2><p>${words.html('state.expiredOn', { date: date(r.endedAt!) })}</p></div>`;
    case 'revoked':
      return html`<div class="card"><h2>${words.t('state.revokedHeading')}</h2><p>${words.html('state.on', { date: date(r.endedAt!) })}</p></div>`;
    case 'withdrawn':
      return html`<div class="card"><h2>${words.t('state.withdrawnHeading', { brand: view.brandName })}</h2><p>${words.t('state.nothingToDo')}</p></div>`;
  }
}

/**
 * The post's picture over a quiet box that says Instagram gave none. The <img> has an empty alt (the box
 * carries the label), so a link that has expired or cannot load shows the box's words, never a
 * broken-image icon with "Your Instagram post" beside it.
 */
function thumbnail(view: ReviewView, words: Words): Html {
  // Only a web address becomes a picture (cssUrl refuses javascript: and the like).
  const url = view.thumbnailUrl && cssUrl(view.thumbnailUrl) ? view.thumbnailUrl : null;
  return url
    ? html`<div class="thumb" role="img" aria-label="${words.t('review.picture')}"><span aria-hidden="true">${words.t('review.noPicture')}</span><img src="${url}" alt="" loading="lazy"></div>`
    : html`<div class="thumb" data-thumb="none">${words.t('review.noPicture')}</div>`;
}

function post(view: ReviewView, words: Words, viewer: Viewer): Html {
  const published = words.html('review.published', { type: view.mediaType, date: viewer.formats.timeTag(view.publishedAt) });
  return html`<div class="card post">${thumbnail(view, words)}
<div class="text"><p><strong>${view.username ? `@${view.username}` : words.t('review.yourPost')}</strong> · <span class="muted">${published}</span></p>
${view.caption ? html`<blockquote>${view.caption}</blockquote>` : html``}
${view.permalink ? html`<a href="${view.permalink}" rel="noreferrer">${words.t('review.seeOnInstagram')}</a>` : html``}</div></div>`;
}

/** `token`: the signed link's token, which the forms carry back; `from`: the Channels page opened it. */
export function partnershipPage(view: ReviewView, input: { token: string; outcome?: ApprovalOutcome; viewer: Viewer; from?: 'channels' }): string {
  const { viewer } = input;
  const words = partnershipMessages.for(viewer.locale);
  const query = new URLSearchParams({ token: input.token, ...(input.from ? { from: input.from } : {}) });
  const action = (decision: string) => `/partnership-ads/${decision}?${query}`;
  const r = view.request;
  const product = viewer.brand.productName;
  const permissions = PARTNERSHIP_ADS_SCOPES.map((scope) => html`<li>${words.t('review.why', { scope })}</li>`);
  const buttons = html`<div class="actions">
${view.canApprove ? html`<form method="post" action="${action('approve')}"><button type="submit">${words.t(r.state === 'approved' ? 'review.grantMissing' : 'review.approve')}</button></form>` : html``}
${view.canDeny ? html`<form method="post" action="${action('deny')}"><button type="submit" class="secondary">${words.t('review.deny')}</button></form>` : html``}</div>`;
  const body = html`<h1>${words.t('review.heading', { brand: view.brandName })}</h1>
${banner(view, input.outcome, words, viewer)}${status(view, words, viewer)}${post(view, words, viewer)}
<div class="card"><h2>${words.t('review.askedHeading')}</h2>
<p>${words.html('review.asked', { brand: view.brandName, days: html`<strong>${words.t('review.days', { count: r.durationDays })}</strong>`, campaign: view.campaignName })}</p>
${r.message ? html`<p>${words.t('review.note', { note: r.message })}</p>` : html``}
<p>${words.t('review.login', { product })}</p><ul class="perms">${permissions}</ul>
<p class="muted">${words.t('review.unchanged', { product })} ${revokeLine(view, words, viewer)}${view.rerequest ? ` ${words.t('review.rerequest')}` : ''}</p></div>
${buttons}`;
  return pageFor(viewer, words.t('review.title'), body, { extraStyles: styles });
}
