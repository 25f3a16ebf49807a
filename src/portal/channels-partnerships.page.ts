/**
 * The Partnership Ads part of the creators' Channels page: each brand's request for one of their
 * posts (brand, campaign, thumbnail, caption, handle), where it stands in words, a Review link (a
 * fresh signed link to the review page) while there is something to answer, and Revoke for an
 * approval, which asks for confirmation on its own page first, as Disconnect does.
 */

import { cssUrl, type Html, html, page } from '../kernel/html.ts';
import type { CreatorPartnership } from '../partnership-ads/index.ts';
import { creatorStatus, statusBlock, statusStyles } from '../partnership-ads/index.ts';

export const partnershipStyles = `${statusStyles}
.partnership{display:grid;grid-template-columns:56px minmax(0,1fr) auto;gap:14px;align-items:start}
.partnership h3{margin:0;font-size:1.05rem;word-break:break-word}.partnership p{margin:2px 0;overflow-wrap:anywhere}
.pthumb{width:56px;height:56px;border-radius:8px;background:color-mix(in srgb,var(--accent) 15%,var(--bg)) center/cover no-repeat;display:block}
@media (max-width:560px){.partnership{grid-template-columns:44px minmax(0,1fr)}.pthumb{width:44px;height:44px}.partnership .actions{grid-column:1 / -1;flex-direction:row}.partnership .actions>*{flex:1}}
`;

const postName = (p: Pick<CreatorPartnership, 'username'>) => (p.username ? `@${p.username}` : 'your Instagram post');

function thumbnail(p: CreatorPartnership): Html {
  // A background picture, as the channel avatars: an expired Instagram CDN link leaves the tile, not a broken image.
  const url = p.thumbnailUrl ? cssUrl(p.thumbnailUrl) : null;
  return url
    ? html`<span class="pthumb" role="img" aria-label="Thumbnail of the post" style="background-image:${url}"></span>`
    : html`<span class="pthumb" aria-hidden="true"></span>`;
}

function item(p: CreatorPartnership): Html {
  const r = p.request;
  const headingId = `pa-${r.id}`;
  const who = html`<span class="sr"> the request from ${p.brandName} for ${postName(p)}</span>`;
  const review = p.reviewUrl ? html`<a class="button" href="${p.reviewUrl}">Review${who}</a>` : html``;
  const revoke = p.canRevoke ? html`<a class="button secondary" href="/portal/partnership-ads/${encodeURIComponent(r.id)}/revoke">Revoke${who}</a>` : html``;
  const caption = p.captionExcerpt ? html` · “${p.captionExcerpt}”` : html``;
  const post = p.permalink ? html`<a href="${p.permalink}" rel="noopener noreferrer">${postName(p)}</a>` : html`${postName(p)}`;
  const actions = review.value || revoke.value ? html`<div class="actions">${review}${revoke}</div>` : html``;
  return html`<li class="card partnership" data-state="${r.state}" data-partnership="${r.id}" aria-labelledby="${headingId}">${thumbnail(p)}
<div><h3 id="${headingId}">${p.brandName}</h3><p class="muted small">Campaign “${p.campaignName}” · ${post}${caption}</p>
${statusBlock(creatorStatus(r, p.brandName))}</div>${actions}</li>`;
}

export function partnershipsSection(partnerships: readonly CreatorPartnership[]): Html {
  if (partnerships.length === 0) return html``;
  return html`<section aria-labelledby="partnerships-h"><h2 id="partnerships-h">Partnership Ads</h2>
<p class="muted small">Brands ask to run your posts as ads from your handle. Approving takes a one-time Facebook login for that post only; your channels stay as they are.</p>
<ul class="plain">${partnerships.map(item)}</ul></section>`;
}

export function confirmRevokePage(input: { partnership: CreatorPartnership; csrf: string; productName: string; extraStyles: string }): string {
  const p = input.partnership;
  return page(
    'Revoke Partnership Ads',
    html`<h1>Revoke Partnership Ads for ${p.brandName}?</h1>
<div class="card"><p>${p.brandName} will no longer be allowed to run ${postName(p)}${p.captionExcerpt ? html` “${p.captionExcerpt}”` : html``} as an ad (campaign “${p.campaignName}”).
${p.request.promotionEnabled ? html`Boosting is turned off for ${p.brandName} on Instagram, and the` : html`The`} Facebook access you gave for this post is deleted. Your Instagram connection with ${input.productName} is not changed.</p>
<p>${p.brandName} is told, and may ask again later.</p>
<form method="post" action="/portal/partnership-ads/${encodeURIComponent(p.request.id)}/revoke"><input type="hidden" name="csrf" value="${input.csrf}">
<p style="display:flex;gap:10px;flex-wrap:wrap"><button type="submit">Yes, revoke</button> <a class="button secondary" href="/portal">Cancel</a></p></form></div>`,
    input.productName,
    { extraStyles: input.extraStyles },
  );
}
