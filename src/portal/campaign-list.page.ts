/** The brand's campaigns, each with its state in words, hashtag, bound posts and creation day; its notices on top. */
import { html } from '../kernel/html.ts';
import { noticeStyles, noticesSection } from '../notifications/index.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import type { BrandNotices } from './brand-notices.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

export interface CampaignListItem {
  id: string;
  name: string;
  state: string;
  hashtag: string;
  posts: number;
  createdAt: Date;
}

const styles = `.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:8px}.top p{margin:0}td.num,th.num{text-align:right}`;

export function campaignListPage(input: { viewer: Viewer; brandName: string; campaigns: CampaignListItem[]; returnUrl: string | null; notices?: BrandNotices }): string {
  const { viewer } = input;
  const words = brandPageMessages.for(viewer.locale);
  const f = viewer.formats;
  const back = input.returnUrl ? html`<a href="${input.returnUrl}">${words.t('list.back', { product: viewer.brand.productName })}</a>` : html``;
  const label = (key: 'campaign' | 'state' | 'hashtag' | 'posts' | 'created') => words.t(`list.${key}`);
  const rows = input.campaigns.map(
    (c) => html`<tr><td data-label="${label('campaign')}"><span><a href="/portal/campaigns/${encodeURIComponent(c.id)}">${c.name}</a></span></td>
<td data-label="${label('state')}"><span>${words.t('campaign.state', { state: c.state })}</span></td><td data-label="${label('hashtag')}"><span>${c.hashtag}</span></td>
<td class="num" data-label="${label('posts')}"><span>${f.number(c.posts)}</span></td><td data-label="${label('created')}"><span>${f.dateTag(c.createdAt)}</span></td></tr>`,
  );
  const list = input.campaigns.length
    ? html`<table class="stack"><thead><tr><th>${label('campaign')}</th><th>${label('state')}</th><th>${label('hashtag')}</th><th class="num">${label('posts')}</th><th>${label('created')}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="card">${words.t('list.none', { brand: input.brandName })}</p>`;
  const notices = input.notices ? noticesSection(input.notices) : html``;
  return pageFor(
    viewer,
    words.t('list.title'),
    html`<header class="top"><p class="muted">${input.brandName}</p>${back}</header><h1>${words.t('list.heading', { brand: input.brandName })}</h1>${notices}${list}`,
    { wide: true, extraStyles: styles + noticeStyles },
  );
}
