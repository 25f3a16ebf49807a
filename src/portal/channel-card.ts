/**
 * One channel on the Channels page: its avatar, name and handle, its network's mark and name, its
 * status in colour, icon and word, how long it stays connected, when it was last seen working, the
 * why of a channel that is not connected (a <details> disclosure: it opens on focus + Enter and on
 * touch, not on hover only), its figures and its buttons. An account reached by two logins is one card.
 */
import { cssUrl, type Html, html } from '../kernel/html.ts';
import { networkMark } from '../platform/web/network-mark.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { figuresBlock } from './account-figures.page.ts';
import type { ChannelCard, ChannelState } from './channels-view.ts';
import { type PortalWords, portalMessages } from './messages/index.ts';

/** What every card part needs: the reader's words and formats, and the form token. */
export interface CardContext {
  words: PortalWords;
  viewer: Viewer;
  csrf: string;
}

export function cardContext(viewer: Viewer, csrf: string): CardContext {
  return { words: portalMessages.for(viewer.locale), viewer, csrf };
}

function avatar(card: ChannelCard): Html {
  const initial = card.name.replace(/^@/, '').slice(0, 1).toUpperCase();
  // A background picture over the initial: one that cannot load (an expired CDN link, offline) leaves
  // the initial showing, where an <img> would show a broken-image icon.
  const url = card.avatarUrl ? cssUrl(card.avatarUrl) : null;
  const pic = url ? html`<span class="pic" style="background-image:${url}"></span>` : html``;
  return html`<span class="avatar" aria-hidden="true">${initial}${pic}</span>`;
}

const ICONS: Record<ChannelState, string> = { connected: '✓', expiring: '!', disconnected: '✕' };

/** The status as colour, icon and word (never colour alone); an expiring one says when. */
function status(card: ChannelCard, { words }: CardContext): Html {
  const word =
    card.state === 'expiring'
      ? card.daysLeft === null
        ? words.t('card.expiresSoon')
        : words.t('card.expiresIn', { days: card.daysLeft })
      : words.t('card.status', { state: card.state });
  return html`<span class="status ${card.state}"><span class="icon" aria-hidden="true">${ICONS[card.state]}</span> ${word}</span>`;
}

/** How long a healthy channel stays connected, and when we last saw it work. */
function lifeLines(card: ChannelCard, { words, viewer }: CardContext): Html {
  const life = card.lifetime;
  const lasting = !life
    ? html``
    : life.kind === 'until'
      ? html`<p class="small life" data-life="until">${words.html('card.until', { date: viewer.formats.dateTag(life.at) })}</p>`
      : html`<p class="small life" data-life="${life.kind}">${words.t(life.kind === 'renewed' ? 'card.renewed' : 'card.stays')}</p>`;
  const checked = card.checkedAt
    ? words.html('card.checked', { time: viewer.formats.timeTag(card.checkedAt) })
    : words.html('card.notChecked', { time: viewer.formats.timeTag(card.connectedAt) });
  return html`${lasting}<p class="muted small">${checked}</p>`;
}

/** Why it is not connected, when it is not: a disclosure, opened by keyboard and touch alike. */
function tipOf(card: ChannelCard, label: string, { words }: CardContext): Html {
  if (!card.help) return html``;
  return html`<details class="why"><summary>${words.t('card.why', { state: card.state })}<span class="sr"> (${label})</span></summary>
<div class="tip" role="note"><p>${card.help.why}</p><p><strong>${words.t('card.whatToDo')}</strong> ${card.help.fix}</p></div></details>`;
}

function actionsOf(card: ChannelCard, label: string, { words, csrf }: CardContext): Html {
  const reconnect =
    card.state === 'connected'
      ? html``
      : html`<form method="post" action="/portal/connect"><input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="connection" value="${card.id}"><button type="submit">${words.t('card.reconnect')}<span class="sr"> ${label}</span></button></form>`;
  const disconnect =
    card.state === 'disconnected'
      ? html``
      : html`<a class="button secondary" href="/portal/channels/${encodeURIComponent(card.id)}/disconnect">${words.t('card.disconnect')}<span class="sr"> ${label}</span></a>`;
  return html`<div class="actions">${reconnect}${disconnect}</div>`;
}

/** "[mark] TikTok · @handle · Display Name": the network always named, the handle whenever known. */
function networkLine(card: ChannelCard, context: CardContext): Html {
  const extras = [card.handle, card.displayName?.trim() || null].filter((part): part is string => part !== null && part !== card.name);
  const through = card.throughOtherLogin ? html` · ${context.words.t('card.through', { login: context.words.t('card.login', { network: card.loginNetwork }) })}` : html``;
  return html`<p class="muted net">${card.mark ? networkMark(card.mark) : html``} ${card.network}${through}${extras.map((part) => html` · ${part}`)}</p>`;
}

export function channelItem(card: ChannelCard, context: CardContext, syncLine: (card: ChannelCard) => Html): Html {
  const nameId = `ch-${card.id}`;
  const label = `${card.network} ${card.name}`;
  return html`<li class="card channel" data-state="${card.state}" aria-labelledby="${nameId}">${avatar(card)}
<div><h3 id="${nameId}">${card.name}</h3>${networkLine(card, context)}
<p>${status(card, context)}</p>${tipOf(card, card.name, context)}${card.figures ? figuresBlock(card.figures, `fig-${card.id}`, context.viewer) : html``}${lifeLines(card, context)}${syncLine(card)}</div>
${actionsOf(card, label, context)}</li>`;
}

/**
 * One account reached by several logins (Instagram Login and a Facebook Page): shown once, each login
 * under it with its own status and buttons. Its posts are read through whichever login works.
 */
export function accountItem(cards: readonly ChannelCard[], context: CardContext, syncLine: (card: ChannelCard) => Html): Html {
  const first = cards[0]!;
  const { words } = context;
  const nameId = `acc-${first.id}`;
  const working = cards.some((card) => card.state !== 'disconnected');
  const logins = cards.map((card) => {
    const login = words.t('card.login', { network: card.loginNetwork });
    const label = `${card.name} (${login})`;
    return html`<li class="login" data-state="${card.state}" data-login="${card.provider}"><div><p><strong>${login}</strong> ${status(card, context)}</p>
${tipOf(card, label, context)}${lifeLines(card, context)}${syncLine(card)}</div>${actionsOf(card, label, context)}</li>`;
  });
  // The account's figures are the network's, whichever login read them: shown once, from the freshest reading.
  const withFigures = cards.find((card) => card.figures);
  const note = words.t('card.logins', { working: working ? 'yes' : 'no', count: cards.length });
  const headline = { ...first, throughOtherLogin: false };
  return html`<li class="card channel account" data-logins="${String(cards.length)}" aria-labelledby="${nameId}">${avatar(first)}
<div><h3 id="${nameId}">${first.name}</h3>${networkLine(headline, context)}
<p class="small">${note}</p>${withFigures?.figures ? figuresBlock(withFigures.figures, `fig-${first.id}`, context.viewer) : html``}<ul class="plain logins">${logins}</ul></div></li>`;
}
