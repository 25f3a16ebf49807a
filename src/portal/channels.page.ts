/**
 * The creators' Channels page, server-rendered: no script, no CDN. Every control is a link or a
 * form button (keyboard and screen readers work as they do everywhere); the "why" of a channel that
 * is not connected is a <details> disclosure, so it opens on focus + Enter and on touch, not on
 * hover only. While a channel's posts sync, the page reloads itself every few seconds to show the
 * count, says so, and offers a link that stops it (WCAG 2.2.1). Brands' Partnership Ads requests are
 * listed under the channels (channels-partnerships.ts). Longer than a page usually is: the channel
 * card, the network list and the notifications belong together.
 */

import { connectionNoticeTexts } from '../connections/index.ts';
import { type ErrorCode, errorCatalog } from '../kernel/errors.ts';
import { cssUrl, type Html, html, page, timeTag } from '../kernel/html.ts';
import { noticeStyles, noticesSection } from '../notifications/index.ts';
import type { CreatorPartnership } from '../partnership-ads/index.ts';
import { figuresBlock, figuresStyles } from './account-figures.page.ts';
import { partnershipStyles, partnershipsSection } from './channels-partnerships.page.ts';
import type { ChannelCard, ChannelsView } from './channels-view.ts';

export interface Banner {
  kind: 'ok' | 'bad';
  text: string;
}

const styles = `
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:8px}.top p{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.banner{border-radius:10px;padding:12px 16px;margin:12px 0;font-weight:600}
.banner.ok{background:color-mix(in srgb,var(--ok) 15%,var(--bg));color:var(--fg);border-left:5px solid var(--ok)}
.banner.bad{background:color-mix(in srgb,var(--bad) 12%,var(--bg));color:var(--fg);border-left:5px solid var(--bad)}
ul.plain{list-style:none;padding:0;margin:0}
.channel{display:grid;grid-template-columns:56px 1fr auto;gap:14px;align-items:start}
.channel h3{margin:0;font-size:1.05rem;word-break:break-word}.channel p{margin:2px 0}
.avatar{position:relative;width:56px;height:56px;border-radius:50%;overflow:hidden;background:color-mix(in srgb,var(--accent) 20%,var(--bg));display:grid;place-items:center;font-weight:700;font-size:1.3rem}
.avatar .pic{position:absolute;inset:0;background-size:cover;background-position:center}
.status{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.9rem;font-weight:600;border:1px solid currentColor}
.status.connected{color:var(--ok)}.status.expiring{color:var(--warn)}.status.disconnected{color:var(--bad)}
details.why{margin:6px 0}details.why summary{cursor:pointer;color:var(--accent);width:max-content;max-width:100%}
details.why summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
details.why .tip{margin-top:6px;padding:10px 12px;border-radius:8px;background:var(--bg);border:1px solid color-mix(in srgb,var(--muted) 40%,transparent)}
.small{font-size:.9rem}.actions{display:flex;flex-direction:column;gap:8px;align-items:stretch}
.actions form{margin:0}.actions .button,.actions button{width:100%;text-align:center;min-height:44px}
.button.secondary,button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
.networks{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
.networks li{display:flex;justify-content:space-between;align-items:center;gap:8px;background:var(--card);border-radius:10px;padding:10px 14px}
.networks button{min-height:44px}
.channel.account{grid-template-columns:56px 1fr}
.logins>li{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:start;gap:10px;border-top:1px solid color-mix(in srgb,var(--muted) 30%,transparent);padding-top:10px;margin-top:10px}
.logins>li>div:first-child{flex:1 1 14rem}.logins .actions{flex:0 1 12rem}
@media (max-width:560px){.channel,.channel.account{grid-template-columns:44px 1fr}.logins .actions{flex:1 1 100%}.avatar{width:44px;height:44px;font-size:1.1rem}.actions{grid-column:1 / -1;flex-direction:row}.actions>*{flex:1}}
`;
/** The page's styles with its Partnership Ads section's; the confirm pages share them. */
export const pageStyles = styles + figuresStyles + partnershipStyles + noticeStyles;

/** While a sync is queued or running the page reloads after this long to show its progress. */
export const SYNC_REFRESH_SECONDS = 5;

const time = timeTag;
function avatar(card: ChannelCard): Html {
  const initial = card.name.replace(/^@/, '').slice(0, 1).toUpperCase();
  // A background picture over the initial: one that cannot load (an expired CDN link, offline) leaves
  // the initial showing, where an <img> would show a broken-image icon.
  const url = card.avatarUrl ? cssUrl(card.avatarUrl) : null;
  const pic = url ? html`<span class="pic" style="background-image:${url}"></span>` : html``;
  return html`<span class="avatar" aria-hidden="true">${initial}${pic}</span>`;
}

/** Why it is not connected, when it is not: a disclosure, opened by keyboard and touch alike. */
function tipOf(card: ChannelCard, label: string): Html {
  return card.help
    ? html`<details class="why"><summary>Why ${card.state === 'expiring' ? 'is it expiring' : 'is it disconnected'}?<span class="sr"> (${label})</span></summary>
<div class="tip" role="note"><p>${card.help.why}</p><p><strong>What to do:</strong> ${card.help.fix}</p></div></details>`
    : html``;
}

function actionsOf(card: ChannelCard, csrf: string, label: string): Html {
  const reconnect =
    card.state === 'connected'
      ? html``
      : html`<form method="post" action="/portal/connect"><input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="connection" value="${card.id}"><button type="submit">Reconnect<span class="sr"> ${label}</span></button></form>`;
  const disconnect =
    card.state === 'disconnected'
      ? html``
      : html`<a class="button secondary" href="/portal/channels/${encodeURIComponent(card.id)}/disconnect">Disconnect<span class="sr"> ${label}</span></a>`;
  return html`<div class="actions">${reconnect}${disconnect}</div>`;
}

const refreshedLine = (card: ChannelCard) =>
  html`<p class="muted small">${card.lastRefreshedAt ? html`Last refreshed: ${time(card.lastRefreshedAt)}` : html`Last refreshed: not yet (connected ${time(card.connectedAt)})`}</p>`;

function channelItem(card: ChannelCard, csrf: string): Html {
  const nameId = `ch-${card.id}`;
  const label = `${card.network} ${card.name}`;
  return html`<li class="card channel" data-state="${card.state}" aria-labelledby="${nameId}">${avatar(card)}
<div><h3 id="${nameId}">${card.name}</h3><p class="muted">${card.network}${card.username && card.displayName ? html` · ${card.displayName}` : html``}</p>
<p><span class="status ${card.state}">${card.statusText}</span></p>${tipOf(card, card.name)}${card.figures ? figuresBlock(card.figures, `fig-${card.id}`) : html``}${refreshedLine(card)}${syncLine(card)}</div>
${actionsOf(card, csrf, label)}</li>`;
}

/**
 * One account reached by several logins (Instagram Login and a Facebook Page): shown once, each login
 * under it with its own status and buttons. Its posts are read through whichever login works.
 */
function accountItem(cards: readonly ChannelCard[], csrf: string): Html {
  const first = cards[0]!;
  const nameId = `acc-${first.id}`;
  const working = cards.some((card) => card.state !== 'disconnected');
  const logins = cards.map((card) => {
    const label = `${card.name} (${card.login})`;
    return html`<li class="login" data-state="${card.state}" data-login="${card.provider}"><div><p><strong>${card.login}</strong> <span class="status ${card.state}">${card.statusText}</span></p>
${tipOf(card, label)}${refreshedLine(card)}${syncLine(card)}</div>${actionsOf(card, csrf, label)}</li>`;
  });
  // The account's figures are the network's, whichever login read them: shown once, from the freshest reading.
  const withFigures = cards.find((card) => card.figures);
  const note = working
    ? html`Connected through ${cards.length} logins: its posts are read through whichever works.`
    : html`Connected through ${cards.length} logins, none of which works: reconnect one to resume.`;
  return html`<li class="card channel account" data-logins="${String(cards.length)}" aria-labelledby="${nameId}">${avatar(first)}
<div><h3 id="${nameId}">${first.name}</h3><p class="muted">${first.accountNetwork}${first.username && first.displayName ? html` · ${first.displayName}` : html``}</p>
<p class="small">${note}</p>${withFigures?.figures ? figuresBlock(withFigures.figures, `fig-${first.id}`) : html``}<ul class="plain logins">${logins}</ul></div></li>`;
}

/**
 * The cards of one network account together (one account, several logins), in the order each account first
 * appears; within one, the network's own login first (Instagram Login before a Facebook Page's).
 */
export function byAccount(cards: readonly ChannelCard[]): ChannelCard[][] {
  const own = (card: ChannelCard) => (card.accountKey.startsWith(`${card.provider}:`) ? 0 : 1);
  return [...Map.groupBy(cards, (card) => card.accountKey).values()].map((group) => group.toSorted((a, b) => own(a) - own(b)));
}

/** The media sync in plain words: progress while it runs, the last success, and a failure. */
export function syncLine(card: Pick<ChannelCard, 'mediaSync' | 'state'>): Html {
  const sync = card.mediaSync;
  if (!sync) return html``;
  const last = sync.lastSyncedAt ? html`Last synced ${time(new Date(sync.lastSyncedAt))}` : html``;
  // A disconnected channel's sync cannot read anything until it is reconnected: only its past is worth saying.
  if (card.state === 'disconnected' && isSyncing(card)) return sync.lastSyncedAt ? html`<p class="muted small sync" data-sync="done">${last}</p>` : html``;
  if (isSyncing(card)) {
    const found = sync.itemsSeen === 1 ? '1 found' : `${sync.itemsSeen} found`;
    return html`<p class="small sync" data-sync="${sync.status}">Syncing posts… ${found}</p>`;
  }
  if (sync.status === 'failed') {
    return html`<p class="small sync bad" data-sync="failed">The last sync of posts failed: ${sync.error ?? 'the network did not answer.'}</p>${sync.lastSyncedAt ? html`<p class="muted small">${last}</p>` : html``}`;
  }
  return html`<p class="muted small sync" data-sync="done">${last}</p>`;
}

const isSyncing = (card: Pick<ChannelCard, 'mediaSync'>) => card.mediaSync?.status === 'queued' || card.mediaSync?.status === 'running';

/** Whether the page has progress to show: a sync queued or running for a channel that can run it. */
export function syncing(view: Pick<ChannelsView, 'channels'>): boolean {
  return view.channels.some((card) => card.state !== 'disconnected' && isSyncing(card));
}

export function channelsPage(view: ChannelsView, options: { csrf: string; banner?: Banner; live?: boolean }): string {
  const refreshing = options.live !== false && syncing(view);
  // Plain text, not a live region: a reload would announce it again every few seconds (and the banner
  // is the page's one status). The link stops the reloads for keyboard and screen-reader users.
  const live = refreshing
    ? html`<p class="muted small">Posts are syncing: this page updates every ${SYNC_REFRESH_SECONDS} seconds. <a href="/portal?live=0">Stop updating</a></p>`
    : html``;
  const banner = options.banner
    ? html`<div class="banner ${options.banner.kind}" role="${options.banner.kind === 'ok' ? 'status' : 'alert'}">${options.banner.text}</div>`
    : html``;
  const back = view.returnUrl ? html`<a href="${view.returnUrl}">← Back to ${view.productName}</a>` : html``;
  const channels = view.channels.length
    ? html`<ul class="plain">${byAccount(view.channels).map((cards) => (cards.length > 1 ? accountItem(cards, options.csrf) : channelItem(cards[0]!, options.csrf)))}</ul>`
    : html`<p class="card">No channel is connected yet. Connect one below: brands on ${view.productName} see verified figures only from connected channels.</p>`;
  const networks = view.networks.map(
    (network) => html`<li><span>${network.name}</span><form method="post" action="/portal/connect"><input type="hidden" name="csrf" value="${options.csrf}">
<input type="hidden" name="provider" value="${network.id}"><button type="submit">Connect<span class="sr"> ${network.name}</span></button></form></li>`,
  );
  return page(
    'Your channels',
    html`<header class="top"><p class="muted">${view.productName}</p>${back}</header>
<h1>Your channels${view.creatorName ? html`<span class="sr">, ${view.creatorName}</span>` : html``}</h1>${banner}
<section aria-labelledby="channels-h"><h2 id="channels-h" class="sr">Connected channels</h2>${live}${channels}</section>
${partnershipsSection(view.partnerships)}
<section aria-labelledby="networks-h"><h2 id="networks-h">Connect a channel</h2><ul class="plain networks">${networks}</ul></section>
${noticesSection({ ...view, texts: connectionNoticeTexts })}`,
    view.productName,
    { extraStyles: pageStyles, refreshSeconds: refreshing ? SYNC_REFRESH_SECONDS : undefined },
  );
}

export function confirmDisconnectPage(input: { card: ChannelCard; csrf: string; productName: string }): string {
  const name = input.card.name;
  return page(
    'Disconnect a channel',
    html`<h1>Disconnect ${input.card.network} ${name}?</h1>
<div class="card"><p>${input.productName} will stop reading posts and their performance from this account, and gives back its access to ${input.card.network}.
Brands will no longer see its verified figures. You can connect it again at any time.</p>
<form method="post" action="/portal/channels/${encodeURIComponent(input.card.id)}/disconnect"><input type="hidden" name="csrf" value="${input.csrf}">
<p style="display:flex;gap:10px;flex-wrap:wrap"><button type="submit">Yes, disconnect</button> <a class="button secondary" href="/portal">Cancel</a></p></form></div>`,
    input.productName,
    { extraStyles: pageStyles },
  );
}

/** The banner after a round trip: the connect flow's `status`/`error`/`connection`, a disconnection, or a revoked Partnership Ads approval. */
export function bannerFor(query: Record<string, string | undefined>, channels: readonly ChannelCard[], partnerships: readonly CreatorPartnership[] = []): Banner | undefined {
  if (query.status === 'partnership_revoked') {
    const revoked = partnerships.find((p) => p.request.id === query.partnership);
    return { kind: 'ok', text: revoked ? `You revoked Partnership Ads for ${revoked.brandName}. They have been told.` : 'You revoked the Partnership Ads approval.' };
  }
  const card = channels.find((c) => c.id === query.connection);
  const named = card ? `${card.network} ${card.name}` : 'Your channel';
  if (query.status === 'connected') return { kind: 'ok', text: `${named} is connected.` };
  if (query.status === 'disconnected') return { kind: 'ok', text: `${named} is disconnected.` };
  if (query.status === 'error') {
    const code = query.error && Object.hasOwn(errorCatalog, query.error) ? (query.error as ErrorCode) : undefined;
    return { kind: 'bad', text: `Nothing was connected. ${code ? errorCatalog[code].message : 'The sign-in did not complete; please try again.'}` };
  }
  return undefined;
}
