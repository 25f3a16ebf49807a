/**
 * The brands' Campaign Performance page, server-rendered like the Channels page: no script, no CDN,
 * every word from the brand-pages book in the reader's language and figures in its number format.
 * The Refresh Insights button is a form; while it cools down it is shown disabled with when it was
 * last used and when it is available again, and while a refresh runs the page reloads itself to show
 * progress (saying so, with a link that stops it). The posts table is in campaign-posts.page.ts, each
 * post's Partnership Ads cell in campaign-partnerships.page.ts, the brand's new notices above the figures.
 */

import { type Html, html } from '../kernel/html.ts';
import { noticeStyles, noticesSection } from '../notifications/index.ts';
import { textFor } from '../platform/i18n/localized-text.ts';
import { networkMark } from '../platform/web/network-mark.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { profileOf } from '../providers/profiles.ts';
import type { BrandNotices } from './brand-notices.ts';
import { audienceSection, audienceStyles } from './campaign-audience.page.ts';
import { campaignPartnershipStyles } from './campaign-partnerships.page.ts';
import type { CampaignPerformanceView, PostMetrics } from './campaign-performance-view.ts';
import { postStyles, postsTable } from './campaign-posts.page.ts';
import { REFRESH_PROGRESS_SECONDS, refreshSection, refreshStyles } from './campaign-refresh.page.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';
import { metricsChart } from './metrics-chart.ts';

export { type CampaignListItem, campaignListPage } from './campaign-list.page.ts';
export { REFRESH_PROGRESS_SECONDS, refreshSection };

export const brandPageStyles = `
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:8px}.top p{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.banner{border-radius:10px;padding:12px 16px;margin:12px 0;font-weight:600;scroll-margin-top:16px}
.banner.ok{background:color-mix(in srgb,var(--ok) 15%,var(--bg));border-left:5px solid var(--ok)}
.banner.bad{background:color-mix(in srgb,var(--bad) 12%,var(--bg));border-left:5px solid var(--bad)}
.banner::before{margin-right:8px;font-weight:700}.banner.ok::before{content:"✓" / ""}.banner.bad::before{content:"!" / ""}
.facts{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:4px 0;color:var(--muted)}
.facts .nets{display:flex;flex-wrap:wrap;gap:2px 12px}.facts .net{display:inline-flex;align-items:center;gap:4px;color:var(--fg)}
.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:10px;list-style:none;padding:0;margin:12px 0}
.totals li{background:var(--card);border-radius:10px;padding:10px 14px}.totals .n{display:block;font-size:1.4rem;font-weight:700}
.notes{list-style:none;padding:0;margin:8px 0}.notes li{display:flex;gap:6px;align-items:baseline;margin:2px 0}
.small{font-size:.9rem}.legend .key{display:inline-block;width:1.4rem;height:.25rem;vertical-align:middle;margin-left:8px}
.legend .key.v{background:var(--accent)}.legend .key.e{background:repeating-linear-gradient(90deg,var(--ok) 0 6px,transparent 6px 10px)}
.chart-table summary{cursor:pointer;color:var(--accent)}
/* White on the dark mode's lighter accent reads below 4.5:1; dark text on it reads well above. */
@media (prefers-color-scheme:dark){.button,button:not(.secondary){color:#0d1117}}
`;
const pageStyles = brandPageStyles + refreshStyles + postStyles + audienceStyles + campaignPartnershipStyles + noticeStyles;

export interface Banner {
  kind: 'ok' | 'bad';
  text: string;
}

export interface CampaignPageOptions {
  csrf: string;
  /** Who reads the page: the brand's language and the workspace's brand. */
  viewer: Viewer;
  banner?: Banner;
  /** False when the reader stopped the reloads. */
  live?: boolean;
  backUrl?: string | null;
  /** More posts than the table shows: a link to the next page. */
  nextCursor?: string | null;
  /** The brand's notices not seen yet (Partnership Ads answers), shown above the figures. */
  notices?: BrandNotices;
}

/** What happened after an action, at the top, said by its colour, an icon (drawn by the style, silent to screen readers) and its words. */
export function bannerBlock(banner: Banner | undefined): Html {
  if (!banner) return html``;
  const ok = banner.kind === 'ok';
  return html`<div id="banner" class="banner ${banner.kind}" tabindex="-1" role="${ok ? 'status' : 'alert'}">${banner.text}</div>`;
}

function header(view: CampaignPerformanceView, viewer: Viewer): Html {
  const words = brandPageMessages.for(viewer.locale);
  const c = view.campaign;
  const f = viewer.formats;
  const networks = c.networks.map((id) => {
    const profile = profileOf(id);
    return profile ? html`<span class="net">${networkMark(profile.mark)}${profile.displayName}</span>` : html`<span class="net">${id}</span>`;
  });
  const stages = c.stages.length
    ? html`<p class="small muted"><span class="sr">${words.t('campaign.stages')}: </span>${c.stages.map(
        (s, i) =>
          html`${i ? ' · ' : ''}<span data-stage="${s.stage}">${words.t('campaign.stageCount', { stage: words.t('campaign.stage', { stage: s.stage }), count: f.number(s.count) })}</span>`,
      )}</p>`
    : html``;
  return html`<h1>${c.name}</h1><ul class="facts"><li><strong>${words.t('campaign.state', { state: c.state })}</strong></li><li>${c.hashtag}</li>
<li class="nets"><span class="sr">${words.t('campaign.networks')}: </span>${networks}</li><li>${words.html('campaign.created', { date: f.dateTag(c.createdAt) })}</li>
${c.dueDate ? html`<li>${words.html('campaign.due', { date: f.dateTag(c.dueDate) })}</li>` : html``}<li>${words.t('campaign.creators', { count: c.participants })}</li></ul>${stages}`;
}

function totals(t: PostMetrics & { posts: number }, viewer: Viewer): Html {
  const words = brandPageMessages.for(viewer.locale);
  const f = viewer.formats;
  // Big figures read at a glance in the reader's short form (1.2M, 120万); the exact one is its tooltip.
  const count = (n: number | null | undefined) =>
    n === null || n === undefined ? html`–` : n >= 10_000 ? html`<span title="${f.number(n)}">${f.compact(n)}</span>` : html`${f.number(n)}`;
  const items: [Html, string][] = [
    [count(t.posts), words.t('figure.posts')],
    [count(t.views), words.t('figure.views')],
    [count(t.reach), words.t('figure.reach')],
    [count(t.engagements), words.t('figure.engagements')],
    [t.engagementRate === null || t.engagementRate === undefined ? html`–` : html`${f.percent(t.engagementRate, 2)}`, words.t('figure.engagementRate')],
    [count(t.likes), words.t('figure.likes')],
    [count(t.comments), words.t('figure.comments')],
    [count(t.saves), words.t('figure.saves')],
    [count(t.shares), words.t('figure.shares')],
  ];
  return html`<ul class="totals">${items.map(([value, label]) => html`<li><span class="n">${value}</span><span class="muted small">${label}</span></li>`)}</ul>`;
}

/** One line for each network of the campaign that leaves a figure out by its own choice (its profile says which and why). */
function metricNotes(view: CampaignPerformanceView, viewer: Viewer): Html {
  const words = brandPageMessages.for(viewer.locale);
  const ids = [...new Set([...view.campaign.networks, ...view.posts.map((p) => p.network)])];
  const notes = ids.flatMap((id) => {
    const profile = profileOf(id);
    return profile?.metricNote ? [html`<li data-note="${id}">${networkMark(profile.mark)}<span>${textFor(profile.metricNote, viewer.locale)}</span></li>`] : [];
  });
  if (notes.length === 0) return html``;
  return html`<h3 class="sr">${words.t('campaign.notesHeading')}</h3><ul class="notes muted small">${notes}</ul>`;
}

export function campaignPage(view: CampaignPerformanceView, options: CampaignPageOptions): string {
  const { viewer } = options;
  const words = brandPageMessages.for(viewer.locale);
  const c = view.campaign;
  const refreshing = options.live !== false && (view.refresh.status === 'queued' || view.refresh.status === 'running');
  const back = options.backUrl ? html`<a href="${options.backUrl}">${words.t('campaign.allCampaigns')}</a>` : html``;
  const notices = options.notices
    ? noticesSection({ ...options.notices, more: html`<p class="small"><a href="/portal/campaigns">${words.t('campaign.allNotifications')}</a></p>` })
    : html``;
  return pageFor(
    viewer,
    words.t('campaign.title', { campaign: c.name }),
    html`<header class="top"><p class="muted">${c.brandName}</p>${back}</header>
${header(view, viewer)}${bannerBlock(options.banner)}${notices}
<section aria-labelledby="totals-h"><h2 id="totals-h" class="sr">${words.t('campaign.totalsHeading')}</h2>${totals(view.totals, viewer)}${metricNotes(view, viewer)}</section>
${refreshSection(view, options)}
<section aria-labelledby="chart-h"><h2 id="chart-h">${words.t('chart.heading')}</h2>${metricsChart(view.series, { id: 'perf-chart', label: words.t('chart.label', { campaign: c.name }), viewer })}</section>
<section aria-labelledby="posts-h"><h2 id="posts-h">${words.t('campaign.postsHeading')}</h2>${postsTable(view, { csrf: options.csrf, viewer, nextCursor: options.nextCursor })}</section>
${audienceSection(view.audience, viewer)}`,
    { wide: true, extraStyles: pageStyles, refreshSeconds: refreshing ? REFRESH_PROGRESS_SECONDS : undefined },
  );
}
