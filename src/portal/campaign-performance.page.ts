/**
 * The brands' Campaign Performance page, server-rendered like the Channels page: no script, no CDN.
 * The Refresh Insights button is a form; while it cools down it is shown disabled with when it was
 * last used and when it is available again, and while a refresh runs the page reloads itself to show
 * progress (saying so, with a link that stops it). Each post's Partnership Ads cell is in
 * campaign-partnerships.ts, the brand's new notices above the figures. Longer than a page usually is:
 * totals, chart, refresh, posts and audience are one page and share its helpers.
 */

import { cssUrl, type Html, html, page, timeTag } from '../kernel/html.ts';
import { noticeStyles, noticesSection } from '../notifications/index.ts';
import { displayNamesWith, profileOf } from '../providers/profiles.ts';
import type { BrandNotices } from './brand-notices.ts';
import { campaignPartnershipStyles, partnershipCell } from './campaign-partnerships.page.ts';
import type { AudienceSummary, CampaignPerformanceView, PerformancePost, PostMetrics } from './campaign-performance-view.ts';
import { metricsChart } from './metrics-chart.ts';

/** While a refresh is queued or running the page reloads after this long. */
export const REFRESH_PROGRESS_SECONDS = 10;

/** The networks the button refreshes, in words ("Instagram, Facebook and Pinterest"), as their profiles say. */
const refreshedNetworks = displayNamesWith('refreshInsights');

const styles = `
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:8px}.top p{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.banner{border-radius:10px;padding:12px 16px;margin:12px 0;font-weight:600}
.banner.ok{background:color-mix(in srgb,var(--ok) 15%,var(--bg));border-left:5px solid var(--ok)}
.banner.bad{background:color-mix(in srgb,var(--bad) 12%,var(--bg));border-left:5px solid var(--bad)}
.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:10px;list-style:none;padding:0;margin:12px 0}
.totals li{background:var(--card);border-radius:10px;padding:10px 14px}.totals .n{display:block;font-size:1.4rem;font-weight:700}
.refresh{display:flex;flex-wrap:wrap;gap:12px;align-items:center}.refresh form{margin:0}.refresh p{margin:0}
button[disabled]{background:var(--muted);cursor:not-allowed;opacity:.75}
progress{width:14rem;height:1rem}
.thumb{width:56px;height:56px;border-radius:6px;background:var(--card) center/cover no-repeat;display:block}
.flag{display:inline-block;border-radius:999px;padding:0 8px;font-size:.8rem;border:1px solid var(--warn);color:var(--warn);margin:2px 2px 0 0}
.paused{color:var(--bad)}.small{font-size:.9rem}td[data-label="Caption"]{overflow-wrap:anywhere}td.num,th.num{text-align:right;white-space:nowrap}
.bars{list-style:none;padding:0;margin:0}.bars li{display:grid;grid-template-columns:8rem 1fr 4rem;gap:8px;align-items:center;margin:3px 0}
.bars .bar{height:.8rem;border-radius:4px;background:var(--accent)}.audience{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 24px}
.legend .key{display:inline-block;width:1.4rem;height:.25rem;vertical-align:middle;margin-left:8px}.legend .key.v{background:var(--accent)}.legend .key.e{background:var(--ok)}
`;
const pageStyles = styles + campaignPartnershipStyles + noticeStyles;

const day = (date: Date) => date.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const time = timeTag;
const count = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString('en-GB'));
const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(2)} %`);
const FLAG_TEXT: Record<string, string> = {
  no_disclosure: 'No #ad disclosure',
  self_reported: 'Self-reported',
};
const BOUND_TEXT: Record<PerformancePost['boundBy'], string> = { auto: 'Automatically', manual: 'By the brand', self_reported: 'Self-reported by the creator' };

export interface CampaignPageOptions {
  csrf: string;
  banner?: { kind: 'ok' | 'bad'; text: string };
  /** False when the reader stopped the reloads. */
  live?: boolean;
  backUrl?: string | null;
  /** More posts than the table shows: a link to the next page. */
  nextCursor?: string | null;
  /** The brand's notices not seen yet (Partnership Ads answers), shown above the figures. */
  notices?: BrandNotices;
}

/** The button and its state: enabled, or disabled with the last use and when it is available again. */
export function refreshSection(view: CampaignPerformanceView, options: CampaignPageOptions): Html {
  const { refresh } = view;
  const coolingDown = refresh.availableAt !== null && refresh.availableAt.getTime() > view.now.getTime();
  const button = coolingDown
    ? html`<button type="button" disabled aria-describedby="refresh-state">Refresh Insights</button>`
    : html`<form method="post" action="/portal/campaigns/${encodeURIComponent(view.campaign.id)}/refresh-insights"><input type="hidden" name="csrf" value="${options.csrf}">
<button type="submit" aria-describedby="refresh-state">Refresh Insights</button></form>`;
  const state =
    coolingDown && refresh.lastRequestedAt
      ? html`Last used ${time(refresh.lastRequestedAt)}, available again at ${time(refresh.availableAt!)}.`
      : refresh.lastRequestedAt
        ? html`Last used ${time(refresh.lastRequestedAt)}. Refreshes every ${refreshedNetworks} post bound automatically, whatever the campaign’s state.`
        : html`Refreshes every ${refreshedNetworks} post bound automatically, whatever the campaign’s state. It can be used once every 12 hours.`;
  return html`<section aria-labelledby="refresh-h" class="card"><h2 id="refresh-h">Insights</h2>
<div class="refresh">${button}<p id="refresh-state" class="small">${state}</p></div>${progressLine(view, options)}</section>`;
}

function progressLine(view: CampaignPerformanceView, options: CampaignPageOptions): Html {
  const { refresh } = view;
  const p = refresh.progress;
  if (!p || refresh.status === 'available') return html``;
  const finished = p.completed + p.failed;
  const paused = p.paused ? html` ${p.paused} paused until their channels are reconnected.` : html``;
  if (refresh.status === 'done') {
    const failed = p.failed ? html` ${p.failed} could not be read.` : html``;
    return html`<p class="small" data-refresh="done">The last refresh is done: ${p.completed} of ${p.total} posts updated.${failed}${paused}</p>`;
  }
  const stop = options.live !== false ? html` This page updates every ${REFRESH_PROGRESS_SECONDS} seconds. <a href="?live=0">Stop updating</a>` : html``;
  return html`<p class="small" data-refresh="${refresh.status}"><label for="refresh-progress">${refresh.status === 'queued' ? 'Queued' : 'Refreshing'}: ${finished} of ${p.total} posts done.</label>
<progress id="refresh-progress" max="${Math.max(1, p.total)}" value="${finished}">${finished} of ${p.total}</progress>${paused} Requests are queued and spread under each network’s limits; they finish within 24 hours.${stop}</p>`;
}

function totals(t: PostMetrics & { posts: number }): Html {
  const items: [string, string][] = [
    ['Posts', count(t.posts)],
    ['Views', count(t.views)],
    ['Reach', count(t.reach)],
    ['Engagements', count(t.engagements)],
    ['Engagement rate', percent(t.engagementRate)],
    ['Likes', count(t.likes)],
    ['Comments', count(t.comments)],
    ['Saves', count(t.saves)],
    ['Shares', count(t.shares)],
  ];
  return html`<ul class="totals">${items.map(([label, value]) => html`<li><span class="n">${value}</span><span class="muted small">${label}</span></li>`)}</ul>`;
}

const FIGURE_NAMES = { likes: 'Likes', comments: 'Comments', saves: 'Saves', shares: 'Shares' } as const;

/**
 * A post's own figures in its network's words, those the network reports: Likes · Comments · Saves · Shares
 * for Instagram, Likes · Replies · Shares · Reposts · Quotes for Threads (its profile names them).
 */
function figureLine(post: PerformancePost): Html {
  const m = post.metrics;
  if (!m) return html``;
  const words = profileOf(post.network)?.figures;
  const items: [string, number][] = [];
  for (const key of ['likes', 'comments', 'saves', 'shares'] as const) {
    const value = m[key];
    if (value !== null) items.push([words?.names?.[key] ?? FIGURE_NAMES[key], value]);
  }
  for (const { key, label } of words?.extras ?? []) {
    const value = m.extra?.[key];
    if (value !== undefined) items.push([label, value]);
  }
  if (items.length === 0) return html``;
  return html`<br><span class="muted small" data-figures>${items.map(([label, value], i) => html`${i ? ' · ' : ''}${label} ${count(value)}`)}</span>`;
}

function thumbnail(post: PerformancePost): Html {
  // A background picture over a grey box, as the Channels page's avatars: a CDN link that has expired
  // (Instagram's do) or cannot load leaves the box, where an <img> would show a broken-image icon.
  const url = post.thumbnailUrl ? cssUrl(post.thumbnailUrl) : null;
  return url ? html`<span class="thumb" role="img" aria-label="Thumbnail" style="background-image:${url}"></span>` : html`<span class="thumb" aria-hidden="true"></span>`;
}

function postRow(view: CampaignPerformanceView, post: PerformancePost, csrf: string): Html {
  const caption = post.caption ? (post.caption.length > 90 ? `${post.caption.slice(0, 87)}…` : post.caption) : '(no caption)';
  const link = post.permalink ? html`<a href="${post.permalink}" rel="noopener noreferrer">${caption}</a>` : html`${caption}`;
  const flags = post.flags.map((f) => html`<span class="flag">${FLAG_TEXT[f] ?? f}</span>`);
  const updated = post.pausedBecause
    ? html`<span class="paused">Paused: ${post.pausedBecause}</span>${post.metricsAt ? html`<br><span class="muted small">figures from ${time(post.metricsAt)}</span>` : html``}`
    : post.metricsAt
      ? time(post.metricsAt)
      : html`<span class="muted">not yet</span>`;
  const m = post.metrics;
  return html`<tr data-post="${post.id}"><td data-label="Post"><span>${thumbnail(post)}</span></td>
<td data-label="Caption"><span>${link}<br><span class="muted small">${post.creatorName} · ${post.network}${post.account ? ` ${post.account}` : ''}${post.publishedAt ? html` · ${day(post.publishedAt)}` : html``}</span>
<br><span class="muted small">Bound ${BOUND_TEXT[post.boundBy].toLowerCase()}</span>${figureLine(post)}${flags.length ? html`<br>${flags}` : html``}</span></td>
<td class="num" data-label="Views"><span>${count(m?.views)}</span></td><td class="num" data-label="Reach"><span>${count(m?.reach)}</span></td>
<td class="num" data-label="Engagements"><span>${count(m?.engagements)}</span></td><td class="num" data-label="Eng. rate"><span>${percent(m?.engagementRate)}</span></td>
<td data-label="Last update"><span class="small">${updated}</span></td>
<td data-label="Partnership Ads">${partnershipCell(view.campaign.id, post, { csrf, brandInstagramAccountId: view.brandInstagramAccountId })}</td></tr>`;
}

function bars(title: string, slices: { key: string; value: number }[], limit = 6): Html {
  if (slices.length === 0) return html``;
  const total = slices.reduce((sum, s) => sum + s.value, 0) || 1;
  const top = slices.slice(0, limit);
  return html`<div><h3>${title}</h3><ul class="bars">${top.map((s) => {
    const share = (s.value / total) * 100;
    return html`<li><span>${s.key}</span><span class="bar" style="width:${Math.max(1, Math.round(share))}%" aria-hidden="true"></span><span class="small">${share.toFixed(1)} %</span></li>`;
  })}</ul></div>`;
}

export function audienceSection(audience: AudienceSummary): Html {
  const none = audience.counted === 0;
  const more = audience.unavailableTotal - audience.unavailable.length;
  const missing = audience.unavailable.length
    ? html`<ul class="small">${audience.unavailable.map((u) => html`<li>${u.creatorName} (${u.network}): not available — ${u.reason}</li>`)}${more > 0 ? html`<li>and ${more} more channels not available</li>` : html``}</ul>`
    : html``;
  const counted = none
    ? html`<p class="muted">No audience figures yet for the participating creators.</p>`
    : html`<p class="muted small">Followers of ${audience.counted} participating ${audience.counted === 1 ? 'channel' : 'channels'}, added up.</p>
<div class="audience">${bars('Age', audience.age)}${bars('Gender', audience.gender)}${bars('Country', audience.country)}${bars('City', audience.city)}</div>`;
  return html`<section aria-labelledby="audience-h"><h2 id="audience-h">Audience</h2>${counted}${missing}</section>`;
}

export function campaignPage(view: CampaignPerformanceView, options: CampaignPageOptions): string {
  const c = view.campaign;
  const refreshing = options.live !== false && (view.refresh.status === 'queued' || view.refresh.status === 'running');
  const banner = options.banner
    ? html`<div class="banner ${options.banner.kind}" role="${options.banner.kind === 'ok' ? 'status' : 'alert'}">${options.banner.text}</div>`
    : html``;
  const back = options.backUrl ? html`<a href="${options.backUrl}">← All campaigns</a>` : html``;
  const due = c.dueDate ? html` · due ${day(c.dueDate)}` : html``;
  const posts = view.posts.length
    ? html`<div class="scroll"><table class="stack"><thead><tr><th><span class="sr">Thumbnail</span></th><th>Post</th><th class="num">Views</th><th class="num">Reach</th><th class="num">Engagements</th><th class="num">Eng. rate</th><th>Last update</th><th>Partnership Ads</th></tr></thead>
<tbody>${view.posts.map((post) => postRow(view, post, options.csrf))}</tbody></table></div>${options.nextCursor ? html`<p><a href="?cursor=${encodeURIComponent(options.nextCursor)}">Older posts →</a></p>` : html``}`
    : html`<p class="card">No post is bound yet. Posts bind automatically when a participating creator publishes with ${c.hashtag}.</p>`;
  return page(
    `${c.name}: performance`,
    html`<header class="top"><p class="muted">${view.productName} · ${c.brandName}</p>${back}</header>
<h1>${c.name}</h1><p class="muted">${c.state} · ${c.hashtag} · ${c.networks.join(', ')} · created ${day(c.createdAt)}${due} · ${c.participants} ${c.participants === 1 ? 'creator' : 'creators'}</p>${banner}
${options.notices ? noticesSection({ ...options.notices, more: html`<p class="small"><a href="/portal/campaigns">All notifications</a></p>` }) : html``}
<section aria-labelledby="totals-h"><h2 id="totals-h" class="sr">Totals</h2>${totals(view.totals)}</section>
${refreshSection(view, options)}
<section aria-labelledby="chart-h"><h2 id="chart-h">Views and engagements over time</h2>${metricsChart(view.series, { id: 'perf-chart', label: `Views and engagements of ${c.name} per day` })}</section>
<section aria-labelledby="posts-h"><h2 id="posts-h">Posts</h2>${posts}</section>
${audienceSection(view.audience)}`,
    view.productName,
    { wide: true, extraStyles: pageStyles, refreshSeconds: refreshing ? REFRESH_PROGRESS_SECONDS : undefined },
  );
}

export interface CampaignListItem {
  id: string;
  name: string;
  state: string;
  hashtag: string;
  posts: number;
  createdAt: Date;
}

export function campaignListPage(input: { productName: string; brandName: string; campaigns: CampaignListItem[]; returnUrl: string | null; notices?: BrandNotices }): string {
  const back = input.returnUrl ? html`<a href="${input.returnUrl}">← Back to ${input.productName}</a>` : html``;
  const list = input.campaigns.length
    ? html`<table class="stack"><thead><tr><th>Campaign</th><th>State</th><th>Hashtag</th><th class="num">Posts</th><th>Created</th></tr></thead><tbody>${input.campaigns.map(
        (
          c,
        ) => html`<tr><td data-label="Campaign"><span><a href="/portal/campaigns/${encodeURIComponent(c.id)}">${c.name}</a></span></td><td data-label="State"><span>${c.state}</span></td>
<td data-label="Hashtag"><span>${c.hashtag}</span></td><td class="num" data-label="Posts"><span>${c.posts}</span></td><td data-label="Created"><span>${day(c.createdAt)}</span></td></tr>`,
      )}</tbody></table>`
    : html`<p class="card">${input.brandName} has no campaign yet.</p>`;
  const notices = input.notices ? noticesSection(input.notices) : html``;
  return page(
    'Campaigns',
    html`<header class="top"><p class="muted">${input.productName}</p>${back}</header><h1>${input.brandName}: campaigns</h1>${notices}${list}`,
    input.productName,
    {
      wide: true,
      extraStyles: pageStyles,
    },
  );
}
