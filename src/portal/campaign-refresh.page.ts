/**
 * The Refresh Insights part of the Campaign Performance page: the button (a form while it is
 * available; disabled with when it was last used and when it is available again while it cools down)
 * and, while a refresh runs, its progress and a link that stops the page's reloads.
 */
import { type Html, html } from '../kernel/html.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { displayNameOf, providerIdsWith } from '../providers/profiles.ts';
import type { CampaignPerformanceView } from './campaign-performance-view.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

/** While a refresh is queued or running the page reloads after this long. */
export const REFRESH_PROGRESS_SECONDS = 10;

export const refreshStyles = `
.refresh{display:flex;flex-wrap:wrap;gap:12px;align-items:center}.refresh form{margin:0}.refresh p{margin:0}
button[disabled]{background:var(--muted);cursor:not-allowed;opacity:.75}
progress{width:14rem;max-width:100%;height:1rem}
`;

/** The networks the button refreshes, as a list in the reader's language ("Instagram, Facebook and Pinterest"). */
function refreshedNetworks(viewer: Viewer): string {
  const names = providerIdsWith('refreshInsights').map(displayNameOf);
  const locale = viewer.locale === 'en-XA' ? 'en' : viewer.locale;
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
}

export interface RefreshInput {
  csrf: string;
  viewer: Viewer;
  live?: boolean;
}

/** The button and its state: enabled, or disabled with the last use and when it is available again. */
export function refreshSection(view: CampaignPerformanceView, options: RefreshInput): Html {
  const words = brandPageMessages.for(options.viewer.locale);
  const f = options.viewer.formats;
  const { refresh } = view;
  const coolingDown = refresh.availableAt !== null && refresh.availableAt.getTime() > view.now.getTime();
  const button = coolingDown
    ? html`<button type="button" disabled aria-describedby="refresh-state">${words.t('refresh.button')}</button>`
    : html`<form method="post" action="/portal/campaigns/${encodeURIComponent(view.campaign.id)}/refresh-insights"><input type="hidden" name="csrf" value="${options.csrf}">
<button type="submit" aria-describedby="refresh-state">${words.t('refresh.button')}</button></form>`;
  const networks = refreshedNetworks(options.viewer);
  const state =
    coolingDown && refresh.lastRequestedAt
      ? words.html('refresh.coolingDown', { last: f.timeTag(refresh.lastRequestedAt), next: f.timeTag(refresh.availableAt!) })
      : refresh.lastRequestedAt
        ? words.html('refresh.lastUsed', { last: f.timeTag(refresh.lastRequestedAt), networks })
        : words.html('refresh.never', { networks });
  return html`<section aria-labelledby="refresh-h" class="card"><h2 id="refresh-h">${words.t('refresh.heading')}</h2>
<div class="refresh">${button}<p id="refresh-state" class="small">${state}</p></div>${progressLine(view, options)}</section>`;
}

function progressLine(view: CampaignPerformanceView, options: RefreshInput): Html {
  const words = brandPageMessages.for(options.viewer.locale);
  const { refresh } = view;
  const p = refresh.progress;
  if (!p || refresh.status === 'available') return html``;
  const finished = p.completed + p.failed;
  const paused = p.paused ? html` ${words.t('refresh.paused', { count: p.paused })}` : html``;
  if (refresh.status === 'done') {
    const failed = p.failed ? html` ${words.t('refresh.failed', { count: p.failed })}` : html``;
    return html`<p class="small" data-refresh="done">${words.t('refresh.done', { completed: p.completed, total: p.total })}${failed}${paused}</p>`;
  }
  const stop = options.live !== false ? html` ${words.t('refresh.live', { seconds: REFRESH_PROGRESS_SECONDS })} <a href="?live=0">${words.t('refresh.stop')}</a>` : html``;
  return html`<p class="small" data-refresh="${refresh.status}"><label for="refresh-progress">${words.t('refresh.progress', { state: refresh.status, finished, total: p.total })}</label>
<progress id="refresh-progress" max="${Math.max(1, p.total)}" value="${finished}">${words.t('refresh.progressValue', { finished, total: p.total })}</progress>${paused} ${words.t('refresh.pacing')}${stop}</p>`;
}
