/**
 * The Partnership Ads part of the creators' Channels page: each brand's request for one of their
 * posts (brand, campaign, thumbnail, caption, handle), where it stands in words, a Review link (a
 * fresh signed link to the review page) while there is something to answer, and Revoke for an
 * approval, which asks for confirmation on its own page first, as Disconnect does.
 */

import { cssUrl, type Html, html } from '../kernel/html.ts';
import type { CreatorPartnership } from '../partnership-ads/index.ts';
import { creatorStatus, statusBlock, statusStyles } from '../partnership-ads/index.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { type PortalWords, portalMessages } from './messages/index.ts';

export const partnershipStyles = `${statusStyles}
.partnership{display:grid;grid-template-columns:56px minmax(0,1fr) auto;gap:14px;align-items:start}
.partnership h3{margin:0;font-size:1.05rem;word-break:break-word}.partnership p{margin:2px 0;overflow-wrap:anywhere}
.pthumb{width:56px;height:56px;border-radius:8px;background:color-mix(in srgb,var(--accent) 15%,var(--bg)) center/cover no-repeat;display:block}
@media (max-width:560px){.partnership{grid-template-columns:44px minmax(0,1fr)}.pthumb{width:44px;height:44px}.partnership .actions{grid-column:1 / -1;flex-direction:row}.partnership .actions>*{flex:1}}
`;

const postName = (p: Pick<CreatorPartnership, 'username'>, words: PortalWords) => (p.username ? `@${p.username}` : words.t('partnerships.yourPost'));

function thumbnail(p: CreatorPartnership, words: PortalWords): Html {
  // A background picture, as the channel avatars: an expired Instagram CDN link leaves the tile, not a broken image.
  const url = p.thumbnailUrl ? cssUrl(p.thumbnailUrl) : null;
  return url
    ? html`<span class="pthumb" role="img" aria-label="${words.t('partnerships.thumbnail')}" style="background-image:${url}"></span>`
    : html`<span class="pthumb" aria-hidden="true"></span>`;
}

function item(p: CreatorPartnership, words: PortalWords, viewer: Viewer): Html {
  const r = p.request;
  const headingId = `pa-${r.id}`;
  const who = html`<span class="sr"> ${words.t('partnerships.about', { brand: p.brandName, post: postName(p, words) })}</span>`;
  const review = p.reviewUrl ? html`<a class="button" href="${p.reviewUrl}">${words.t('partnerships.review')}${who}</a>` : html``;
  const revoke = p.canRevoke
    ? html`<a class="button secondary" href="/portal/partnership-ads/${encodeURIComponent(r.id)}/revoke">${words.t('partnerships.revoke')}${who}</a>`
    : html``;
  const caption = p.captionExcerpt ? html` · “${p.captionExcerpt}”` : html``;
  const post = p.permalink ? html`<a href="${p.permalink}" rel="noopener noreferrer">${postName(p, words)}</a>` : html`${postName(p, words)}`;
  const actions = review.value || revoke.value ? html`<div class="actions">${review}${revoke}</div>` : html``;
  return html`<li class="card partnership" data-state="${r.state}" data-partnership="${r.id}" aria-labelledby="${headingId}">${thumbnail(p, words)}
<div><h3 id="${headingId}">${p.brandName}</h3><p class="muted small">${words.t('partnerships.campaign', { campaign: p.campaignName })} · ${post}${caption}</p>
${statusBlock(creatorStatus(r, p.brandName, viewer))}</div>${actions}</li>`;
}

export function partnershipsSection(partnerships: readonly CreatorPartnership[], viewer: Viewer): Html {
  if (partnerships.length === 0) return html``;
  const words = portalMessages.for(viewer.locale);
  return html`<section aria-labelledby="partnerships-h"><h2 id="partnerships-h">${words.t('partnerships.heading')}</h2>
<p class="muted small">${words.t('partnerships.intro')}</p>
<ul class="plain">${partnerships.map((p) => item(p, words, viewer))}</ul></section>`;
}

export function confirmRevokePage(input: { partnership: CreatorPartnership; csrf: string; viewer: Viewer; extraStyles: string }): string {
  const p = input.partnership;
  const words = portalMessages.for(input.viewer.locale);
  const values = { brand: p.brandName, post: postName(p, words), campaign: p.campaignName, product: input.viewer.brand.productName };
  const caption = p.captionExcerpt ? html` “${p.captionExcerpt}”` : html``;
  return pageFor(
    input.viewer,
    words.t('partnerships.revokeTitle'),
    html`<h1>${words.t('partnerships.revokeHeading', values)}</h1>
<div class="card"><p>${words.t('partnerships.revokeBody', values)}${caption}
${words.t(p.request.promotionEnabled ? 'partnerships.revokeBoost' : 'partnerships.revokeAccess', values)}</p>
<p>${words.t('partnerships.revokeTold', values)}</p>
<form method="post" action="/portal/partnership-ads/${encodeURIComponent(p.request.id)}/revoke"><input type="hidden" name="csrf" value="${input.csrf}">
<p style="display:flex;gap:10px;flex-wrap:wrap"><button type="submit">${words.t('partnerships.revokeConfirm')}</button> <a class="button secondary" href="/portal">${words.t('disconnect.cancel')}</a></p></form></div>`,
    { extraStyles: input.extraStyles, noTimes: true },
  );
}
