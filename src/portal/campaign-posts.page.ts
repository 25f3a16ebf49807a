/**
 * The posts table of the Campaign Performance page: each bound post with its picture (or its network's
 * mark when the network gives none or the link has expired), its caption, creator, network and figures
 * in the network's own words, when they were read, and its Partnership Ads cell.
 */
import { cssUrl, type Html, html } from '../kernel/html.ts';
import { networkMark } from '../platform/web/network-mark.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { profileOf } from '../providers/profiles.ts';
import { partnershipCell } from './campaign-partnerships.page.ts';
import type { CampaignPerformanceView, PerformancePost } from './campaign-performance-view.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

/*
 * A caption's words break only where a line cannot hold them (break-word), and its column keeps a
 * width, so an open Partnership Ads form beside it cannot squeeze it until words split. On a phone the
 * table is stacked, each cell the screen's width: there a long link may break anywhere instead of
 * widening the table.
 */
export const postStyles = `
.thumb{position:relative;width:56px;height:56px;border-radius:6px;background:var(--card);display:flex;align-items:center;justify-content:center;overflow:hidden;flex:none}
.thumb .pic{position:absolute;inset:0;background:center/cover no-repeat}
.flag{display:inline-block;border-radius:999px;padding:0 8px;font-size:.8rem;border:1px solid var(--warn);color:var(--warn);margin:2px 2px 0 0}
.paused{color:var(--bad)}td.caption{overflow-wrap:break-word;min-width:11rem}
@media (max-width:600px){td.caption{min-width:0;overflow-wrap:anywhere}}td.updated time{white-space:normal}td.num,th.num{text-align:right}td.num{white-space:nowrap}th{overflow-wrap:normal}
`;

type Words = ReturnType<typeof brandPageMessages.for>;

/** The figure names a network uses in place of ours (Threads' "Replies"), as catalogue keys. */
const FIGURE_KEYS = { likes: 'likes', comments: 'comments', saves: 'saves', shares: 'shares', replies: 'replies', reposts: 'reposts', quotes: 'quotes' } as const;
type FigureKey = keyof typeof FIGURE_KEYS;
const figureName = (words: Words, name: string) => (Object.hasOwn(FIGURE_KEYS, name) ? words.t(`figure.${FIGURE_KEYS[name as FigureKey]}`) : name);

/**
 * A post's own figures in its network's words, those the network reports: Likes · Comments · Saves · Shares
 * for Instagram, Likes · Replies · Shares · Reposts · Quotes for Threads (its profile names them).
 */
function figureLine(post: PerformancePost, viewer: Viewer, words: Words): Html {
  const m = post.metrics;
  if (!m) return html``;
  const figures = profileOf(post.network)?.figures;
  const items: [string, number][] = [];
  for (const key of ['likes', 'comments', 'saves', 'shares'] as const) {
    const value = m[key];
    if (value !== null) items.push([figureName(words, (figures?.names?.[key] ?? key).toLowerCase()), value]);
  }
  for (const { key } of figures?.extras ?? []) {
    const value = m.extra?.[key];
    if (value !== undefined) items.push([figureName(words, key), value]);
  }
  if (items.length === 0) return html``;
  return html`<br><span class="muted small" data-figures>${items.map(([name, value], i) => html`${i ? ' · ' : ''}${words.t('figure.line', { name, value: viewer.formats.number(value) })}`)}</span>`;
}

/**
 * The post's picture over its network's mark: a CDN link that has expired (Instagram's do) or cannot
 * load leaves the mark showing, where an <img> would show a broken-image icon and its alt text.
 */
function thumbnail(post: PerformancePost, words: Words): Html {
  const url = post.thumbnailUrl ? cssUrl(post.thumbnailUrl) : null;
  const mark = profileOf(post.network)?.mark;
  const fallback = mark ? networkMark(mark, '24px') : html``;
  return url
    ? html`<span class="thumb" role="img" aria-label="${words.t('post.picture')}">${fallback}<span class="pic" style="background-image:${url}"></span></span>`
    : html`<span class="thumb" data-thumb="none" aria-hidden="true">${fallback}</span>`;
}

const CAPTION_SHOWN = 90;

function postCaption(post: PerformancePost, viewer: Viewer, words: Words): Html {
  const caption = post.caption ? (post.caption.length > CAPTION_SHOWN ? `${post.caption.slice(0, CAPTION_SHOWN - 3)}…` : post.caption) : words.t('post.noCaption');
  const link = post.permalink ? html`<a href="${post.permalink}" rel="noopener noreferrer">${caption}</a>` : html`${caption}`;
  const profile = profileOf(post.network);
  const network = profile ? html`${networkMark(profile.mark)} ${profile.displayName}` : html`${post.network}`;
  const published = post.publishedAt ? html` · ${viewer.formats.dateTag(post.publishedAt)}` : html``;
  const flags = post.flags.map((flag) => html`<span class="flag">${flag === 'no_disclosure' ? words.t('post.noDisclosure') : flag}</span>`);
  return html`${link}<br><span class="muted small">${post.creatorName} · ${network}${post.account ? ` ${post.account}` : ''}${published}</span>
<br><span class="muted small">${words.t('post.bound', { how: post.boundBy })}</span>${figureLine(post, viewer, words)}${flags.length ? html`<br>${flags}` : html``}`;
}

function lastUpdate(post: PerformancePost, viewer: Viewer, words: Words): Html {
  const f = viewer.formats;
  if (post.pausedBecause) {
    const from = post.metricsAt ? html`<br><span class="muted small">${words.html('post.figuresFrom', { date: f.timeTag(post.metricsAt) })}</span>` : html``;
    return html`<span class="paused">${words.t('post.paused', { reason: post.pausedBecause })}</span>${from}`;
  }
  return post.metricsAt ? f.timeTag(post.metricsAt) : html`<span class="muted">${words.t('post.notYet')}</span>`;
}

function postRow(view: CampaignPerformanceView, post: PerformancePost, csrf: string, viewer: Viewer): Html {
  const words = brandPageMessages.for(viewer.locale);
  const f = viewer.formats;
  const count = (n: number | null | undefined) => (n === null || n === undefined ? '–' : f.number(n));
  const rate = (n: number | null | undefined) => (n === null || n === undefined ? '–' : f.percent(n, 2));
  const m = post.metrics;
  const cell = (key: 'views' | 'reach' | 'engagements', value: string) => html`<td class="num" data-label="${words.t(`figure.${key}`)}"><span>${value}</span></td>`;
  return html`<tr data-post="${post.id}"><td data-label="${words.t('post.thumbnail')}"><span>${thumbnail(post, words)}</span></td>
<td class="caption" data-label="${words.t('post.post')}"><span>${postCaption(post, viewer, words)}</span></td>
${cell('views', count(m?.views))}${cell('reach', count(m?.reach))}${cell('engagements', count(m?.engagements))}
<td class="num" data-label="${words.t('post.engagementRateShort')}"><span>${rate(m?.engagementRate)}</span></td>
<td class="updated" data-label="${words.t('post.lastUpdate')}"><span class="small">${lastUpdate(post, viewer, words)}</span></td>
<td data-label="${words.t('post.partnershipAds')}">${partnershipCell(view.campaign.id, post, { csrf, brandInstagramAccountId: view.brandInstagramAccountId, viewer })}</td></tr>`;
}

export function postsTable(view: CampaignPerformanceView, input: { csrf: string; viewer: Viewer; nextCursor?: string | null }): Html {
  const words = brandPageMessages.for(input.viewer.locale);
  if (view.posts.length === 0) return html`<p class="card">${words.t('campaign.noPosts', { hashtag: view.campaign.hashtag })}</p>`;
  const more = input.nextCursor ? html`<p><a href="?cursor=${encodeURIComponent(input.nextCursor)}">${words.t('campaign.olderPosts')}</a></p>` : html``;
  return html`<div class="scroll"><table class="stack"><thead><tr><th><span class="sr">${words.t('post.thumbnail')}</span></th><th>${words.t('post.post')}</th>
<th class="num">${words.t('figure.views')}</th><th class="num">${words.t('figure.reach')}</th><th class="num">${words.t('figure.engagements')}</th>
<th class="num">${words.t('post.engagementRateShort')}</th><th>${words.t('post.lastUpdate')}</th><th>${words.t('post.partnershipAds')}</th></tr></thead>
<tbody>${view.posts.map((post) => postRow(view, post, input.csrf, input.viewer))}</tbody></table></div>${more}`;
}
