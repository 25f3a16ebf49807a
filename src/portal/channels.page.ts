/**
 * The creators' Channels page, server-rendered: no script, no CDN. Every control is a link or a
 * form button (keyboard and screen readers work as they do everywhere). While a channel's posts sync,
 * the page offers to reload itself every few seconds to show the count; once asked, it says so and
 * offers a link that stops it (WCAG 2.2.1). The cards are channel-card.ts, the banner channels-banner.ts, brands' Partnership
 * Ads requests channels-partnerships.page.ts; every word is the portal book's, in the reader's language.
 */

import { connectionNoticeTexts } from '../connections/index.ts';
import { type Html, html } from '../kernel/html.ts';
import { noticeStyles, noticesSection } from '../notifications/index.ts';
import { networkMark } from '../platform/web/network-mark.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { figuresStyles } from './account-figures.page.ts';
import { accountItem, type CardContext, cardContext, channelItem } from './channel-card.ts';
import type { Banner } from './channels-banner.ts';
import { partnershipStyles, partnershipsSection } from './channels-partnerships.page.ts';
import type { ChannelCard, ChannelsView } from './channels-view.ts';
import { portalMessages } from './messages/index.ts';

export type { Banner } from './channels-banner.ts';

/**
 * White on the accent reads on the light background's accent, not on the dark one's lighter accent
 * (3:1 for #4493f8): filled buttons take the dark background's colour as their text there.
 */
export const readableButtons = `@media (prefers-color-scheme:dark){.actions button:not(.secondary),.actions .button:not(.secondary),.card form button[type=submit],main > p > a.button{color:var(--bg)}}`;

const styles = `
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:8px}.top p{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.banner{border-radius:10px;padding:12px 16px;margin:12px 0;font-weight:600}
.banner:focus{outline:3px solid var(--accent);outline-offset:2px}
.banner.ok{background:color-mix(in srgb,var(--ok) 15%,var(--bg));color:var(--fg);border-left:5px solid var(--ok)}
.banner.bad{background:color-mix(in srgb,var(--bad) 12%,var(--bg));color:var(--fg);border-left:5px solid var(--bad)}
ul.plain{list-style:none;padding:0;margin:0}
.channel{display:grid;grid-template-columns:56px minmax(0,1fr) auto;gap:14px;align-items:start}
.channel h3{margin:0;font-size:1.05rem;overflow-wrap:anywhere}.channel p{margin:2px 0;overflow-wrap:anywhere}
.net{display:flex;flex-wrap:wrap;align-items:center;gap:0 6px}
.avatar{position:relative;width:56px;height:56px;border-radius:50%;overflow:hidden;background:color-mix(in srgb,var(--accent) 20%,var(--bg));display:grid;place-items:center;font-weight:700;font-size:1.3rem}
.avatar .pic{position:absolute;inset:0;background-size:cover;background-position:center}
.status{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.9rem;font-weight:600;border:1px solid currentColor}
.status.connected{color:var(--ok)}.status.expiring{color:var(--warn)}.status.disconnected{color:var(--bad)}
.life{font-weight:600}
details.why{margin:6px 0}details.why summary{cursor:pointer;color:var(--accent);max-width:100%;min-height:24px}
details.why summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
details.why .tip{margin-top:6px;padding:10px 12px;border-radius:8px;background:var(--bg);border:1px solid color-mix(in srgb,var(--muted) 40%,transparent)}
.small{font-size:.9rem}.actions{display:flex;flex-direction:column;gap:8px;align-items:stretch}
.actions form{margin:0}.actions .button,.actions button{width:100%;text-align:center;min-height:44px;box-sizing:border-box}
.button.secondary,button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
.networks{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px}
.networks form{margin:0}
.networks button{width:100%;min-height:48px;display:flex;align-items:center;gap:10px;justify-content:flex-start;background:var(--card);color:var(--fg);border:1px solid color-mix(in srgb,var(--muted) 45%,transparent)}
.networks button .mark{width:1.5em;height:1.5em}
.channel.account{grid-template-columns:56px minmax(0,1fr)}
.logins>li{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:start;gap:10px;border-top:1px solid color-mix(in srgb,var(--muted) 30%,transparent);padding-top:10px;margin-top:10px}
.logins>li>div:first-child{flex:1 1 14rem;min-width:0}.logins .actions{flex:0 1 12rem}
${readableButtons}
@media (max-width:560px){.channel,.channel.account{grid-template-columns:44px minmax(0,1fr)}.logins .actions{flex:1 1 100%}.avatar{width:44px;height:44px;font-size:1.1rem}.actions{grid-column:1 / -1;flex-direction:row}.actions>*{flex:1}}
`;
/** The page's styles with its Partnership Ads section's; the confirm pages share them. */
export const pageStyles = styles + figuresStyles + partnershipStyles + noticeStyles;

/** While a sync is queued or running, and the reader asked for it, the page reloads after this long to show its progress. */
export const SYNC_REFRESH_SECONDS = 5;

/**
 * The cards of one network account together (one account, several logins), in the order each account first
 * appears; within one, the network's own login first (Instagram Login before a Facebook Page's).
 */
export function byAccount(cards: readonly ChannelCard[]): ChannelCard[][] {
  const own = (card: ChannelCard) => (card.accountKey.startsWith(`${card.provider}:`) ? 0 : 1);
  return [...Map.groupBy(cards, (card) => card.accountKey).values()].map((group) => group.toSorted((a, b) => own(a) - own(b)));
}

/** The media sync in plain words: progress while it runs, the last success, and a failure. */
export function syncLine(card: Pick<ChannelCard, 'mediaSync' | 'state'>, { words, viewer }: Pick<CardContext, 'words' | 'viewer'>): Html {
  const sync = card.mediaSync;
  if (!sync) return html``;
  const lastText = sync.lastSyncedAt ? words.html('sync.last', { time: viewer.formats.timeTag(new Date(sync.lastSyncedAt)) }) : null;
  const last = lastText ? html`<p class="muted small sync" data-sync="done">${lastText}</p>` : html``;
  // A disconnected channel's sync cannot read anything until it is reconnected (a failure is that, said
  // already by its status): only its past is worth saying.
  if (card.state === 'disconnected') return last;
  if (isSyncing(card)) return html`<p class="small sync" data-sync="${sync.status}">${words.t('sync.running', { count: sync.itemsSeen })}</p>`;
  if (sync.status === 'failed')
    return html`<p class="small sync bad" data-sync="failed">${words.t('sync.failed')}</p>${lastText ? html`<p class="muted small">${lastText}</p>` : html``}`;
  return last;
}

const isSyncing = (card: Pick<ChannelCard, 'mediaSync'>) => card.mediaSync?.status === 'queued' || card.mediaSync?.status === 'running';

/** Whether the page has progress to show: a sync queued or running for a channel that can run it. */
export function syncing(view: Pick<ChannelsView, 'channels'>): boolean {
  return view.channels.some((card) => card.state !== 'disconnected' && isSyncing(card));
}

/**
 * The banner is the page's one status message, focused on load (autofocus on a tabindex=-1 box, no
 * script) so the result of an action is where the keyboard and the screen reader start.
 */
function bannerBox(banner: Banner | undefined): Html {
  if (!banner) return html``;
  return html`<div class="banner ${banner.kind}" role="${banner.kind === 'ok' ? 'status' : 'alert'}" tabindex="-1" autofocus>${banner.text}</div>`;
}

function networksSection(view: ChannelsView, context: CardContext): Html {
  const { words } = context;
  const items = view.networks.map(
    (network) => html`<li><form method="post" action="/portal/connect"><input type="hidden" name="csrf" value="${context.csrf}">
<input type="hidden" name="provider" value="${network.id}"><button type="submit">${network.mark ? networkMark(network.mark) : html``}<span>${words.t('channels.connect', { network: network.name })}</span></button></form></li>`,
  );
  return html`<section aria-labelledby="networks-h"><h2 id="networks-h">${words.t('channels.connectHeading')}</h2>
<p class="muted small">${words.t('channels.connectHelp', { product: context.viewer.brand.productName })}</p><ul class="plain networks">${items}</ul></section>`;
}

export function channelsPage(view: ChannelsView, viewer: Viewer, options: { csrf: string; banner?: Banner; live?: boolean }): string {
  const context = cardContext(viewer, options.csrf);
  const { words } = context;
  const product = viewer.brand.productName;
  const refreshing = options.live === true && syncing(view);
  // Updating itself is the reader's choice (WCAG 2.2.1: a page that reloads on its own every few
  // seconds interrupts a screen reader mid-sentence), so it is a link; once chosen, another stops it.
  // Plain text, not a live region: a reload would announce it again each time (the banner is the page's one status).
  const live = !syncing(view)
    ? html``
    : refreshing
      ? html`<p class="muted small">${words.t('channels.syncing', { seconds: SYNC_REFRESH_SECONDS })} <a href="/portal">${words.t('channels.stopUpdating')}</a></p>`
      : html`<p class="muted small">${words.t('channels.syncingQuiet')} <a href="/portal?live=1">${words.t('channels.follow', { seconds: SYNC_REFRESH_SECONDS })}</a></p>`;
  const back = view.returnUrl ? html`<a href="${view.returnUrl}">← ${words.t('channels.back', { product })}</a>` : html``;
  const line = (card: ChannelCard) => syncLine(card, context);
  const channels = view.channels.length
    ? html`<ul class="plain">${byAccount(view.channels).map((cards) => (cards.length > 1 ? accountItem(cards, context, line) : channelItem(cards[0]!, context, line)))}</ul>`
    : html`<p class="card">${words.t('channels.empty', { product })}</p>`;
  const forCreator = view.creatorName ? html`<span class="sr">${words.t('channels.forCreator', { name: view.creatorName })}</span>` : html``;
  return pageFor(
    viewer,
    words.t('channels.title'),
    html`${back ? html`<nav class="top" aria-label="${product}">${back}</nav>` : html``}
<h1>${words.t('channels.title')}${forCreator}</h1>${bannerBox(options.banner)}
<section aria-labelledby="channels-h"><h2 id="channels-h" class="sr">${words.t('channels.listHeading')}</h2>${live}${channels}</section>
${partnershipsSection(view.partnerships, viewer)}
${networksSection(view, context)}
${noticesSection({ ...view, texts: connectionNoticeTexts, viewer })}`,
    { extraStyles: pageStyles, refreshSeconds: refreshing ? SYNC_REFRESH_SECONDS : undefined },
  );
}

export function confirmDisconnectPage(input: { card: ChannelCard; csrf: string; viewer: Viewer }): string {
  const { card, viewer } = input;
  const words = portalMessages.for(viewer.locale);
  const named = { name: card.name, network: card.network, product: viewer.brand.productName };
  return pageFor(
    viewer,
    words.t('disconnect.title'),
    html`<h1>${words.t('disconnect.heading', named)}</h1>
<div class="card"><p>${words.t('disconnect.body', named)}</p>
<form method="post" action="/portal/channels/${encodeURIComponent(card.id)}/disconnect"><input type="hidden" name="csrf" value="${input.csrf}">
<p style="display:flex;gap:10px;flex-wrap:wrap"><button type="submit">${words.t('disconnect.confirm')}</button> <a class="button secondary" href="/portal">${words.t('disconnect.cancel')}</a></p></form></div>`,
    { extraStyles: pageStyles, noTimes: true },
  );
}
