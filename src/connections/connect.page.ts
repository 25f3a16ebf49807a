/**
 * Pages a creator sees at the end of a connect flow: success, the accounts to choose, or a clear
 * explanation of what went wrong with a way on (try again, back to the platform), in the reader's
 * language and the platform's brand. Networks are named by their display name beside their mark.
 * When the session named allowed origins, the page also carries the popup script: opened as a popup
 * (the connect script (clients/node/src/connect.js)), it posts the result to its opener at those exact origins and closes once the
 * opener confirms; opened any other way, the flow goes on as without it.
 */
import { errorCatalog, type Failure } from '../kernel/errors.ts';
import { Html, html, scriptJson } from '../kernel/html.ts';
import { networkMark } from '../platform/web/network-mark.ts';
import { pageFor } from '../platform/web/shell.ts';
import { anonymousViewer, type Viewer } from '../platform/web/viewer.ts';
import { profileOf } from '../providers/profiles.ts';
import type { ConnectResultMessage } from './connect-popup.rules.ts';
import { joined } from './lists.ts';
import { connectMessages } from './messages/connect/index.ts';

/** What the last page of a flow posts, to which origins, and where it goes on when it is not a popup. */
export interface PopupPost {
  origins: string[];
  message: ConnectResultMessage;
  /** Where a page that is not a popup goes on to (the platform's returnUrl after a connection). */
  next?: string | null;
}

/**
 * The one inline script of these pages, a constant the CSP allows by its hash (sendHtml's `scripts`);
 * what it posts comes from the JSON block before it. It posts to each allowed origin in turn (the
 * browser delivers only to the opener's own) and closes only when an allowed origin acknowledges,
 * so a popup opened from anywhere else keeps showing the result.
 */
export const POPUP_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('ck-result').textContent);
  const opener = window.opener;
  if (!opener || opener === window) {
    if (data.next) location.replace(data.next);
    return;
  }
  addEventListener('message', (event) => {
    const ack = event.data;
    if (event.source === opener && data.origins.includes(event.origin) && ack && ack.source === 'channelkeeper' && ack.type === 'connect.ack') close();
  });
  for (const origin of data.origins) opener.postMessage(data.message, origin);
})();`;

/** The scripts a page with this post carries, for sendHtml. */
export const popupScripts = (popup: PopupPost | undefined): string[] => (popup ? [POPUP_SCRIPT] : []);

function popupPart(popup: PopupPost | undefined): Html {
  if (!popup) return html``;
  const data = { origins: popup.origins, message: popup.message, next: popup.next ?? null };
  return html`<script type="application/json" id="ck-result">${scriptJson(data)}</script><script>${new Html(POPUP_SCRIPT)}</script>`;
}

/** A network as a page names it: its mark and its name ("Instagram"), never its id. */
function networkName(id: string): { name: string; mark: Html } {
  const profile = profileOf(id);
  return { name: profile?.displayName ?? id, mark: profile ? networkMark(profile.mark) : html`` };
}

// In dark mode the accent is lightened to read on the dark background, so a button's text takes the background's colour.
const connectStyles = `
.network{display:inline-flex;align-items:center;gap:.4em}
ul.choices{list-style:none;padding:0}ul.choices label{display:flex;gap:12px;align-items:center;margin:0}
.links{display:flex;flex-wrap:wrap;gap:12px;align-items:center}
@media (prefers-color-scheme:dark){.button,button{color:var(--bg)}}
`;

export interface ConnectedView {
  viewer: Viewer;
  /** The network's id. */
  provider: string;
  /** The account(s) connected, as accountName names them; null when not known. */
  account: string | readonly string[] | null;
  reconnected: boolean;
  popup?: PopupPost;
}

export function connectedPage(input: ConnectedView): string {
  const words = connectMessages.for(input.viewer.locale);
  const product = input.viewer.brand.productName;
  const { name, mark } = networkName(input.provider);
  const named = typeof input.account === 'string' ? input.account : input.account?.length ? joined(input.account, input.viewer.locale) : null;
  const who = named ?? words.t('connected.yourAccount', { network: name });
  const count = Array.isArray(input.account) ? input.account.length : 1;
  const heading = words.t(input.reconnected ? 'connected.headingAgain' : 'connected.heading', { network: name });
  const next = input.popup?.next ? html`<p><a class="button" href="${input.popup.next}">${words.t('connected.continue', { product })}</a></p>` : html``;
  return pageFor(
    input.viewer,
    words.t('connected.title'),
    html`<h1 class="ok network">${mark}<span>${heading}</span></h1>
<div class="card" role="status"><p>${words.t(input.reconnected ? 'connected.bodyAgain' : 'connected.body', { account: who, product, count })}</p></div>
${next}${popupPart(input.popup)}`,
    { noTimes: true, extraStyles: connectStyles },
  );
}

export interface ChoiceView {
  key: string;
  network: string;
  username: string | null;
  displayName: string | null;
  accountType: string | null;
  avatarUrl: string | null;
}

/** After a Facebook login: every Page and linked Instagram account found, all ticked; the creator unticks what to leave out. */
export function choosePage(input: { viewer: Viewer; provider: string; choices: ChoiceView[]; action: string; error?: boolean }): string {
  const words = connectMessages.for(input.viewer.locale);
  const items = input.choices.map((choice, i) => {
    const { mark } = networkName(choice.network);
    const title = choice.username ? `@${choice.username}` : (choice.displayName ?? choice.key);
    const also = choice.username && choice.displayName ? html` · ${choice.displayName}` : html``;
    const kind = words.t(choice.network === 'instagram' ? 'choose.instagram' : 'choose.page');
    return html`<li class="card"><label for="acct-${i}"><input type="checkbox" name="account" value="${choice.key}" checked id="acct-${i}">
${mark}<span><strong>${title}</strong>${also}<br><span class="muted">${kind}</span></span></label></li>`;
  });
  const { name, mark } = networkName(input.provider);
  const error = input.error ? html`<div class="card bad" role="alert">${words.t('choose.none')}</div>` : html``;
  return pageFor(
    input.viewer,
    words.t('choose.title'),
    html`<h1>${words.t('choose.heading', { product: input.viewer.brand.productName })}</h1>
<p class="network">${mark}<span>${words.t('choose.intro', { network: name })}</span></p>
${error}<form method="post" action="${input.action}"><ul class="choices">${items}</ul>
<button type="submit">${words.t('choose.submit')}</button></form>`,
    { noTimes: true, extraStyles: connectStyles },
  );
}

/** A reconnect link opened after the channel was reconnected: nothing to do, and the way to the Channels page. */
export function alreadyConnectedPage(input: { viewer: Viewer; provider: string; account: string; channelsUrl: string }): string {
  const words = connectMessages.for(input.viewer.locale);
  const { name, mark } = networkName(input.provider);
  return pageFor(
    input.viewer,
    words.t('already.title'),
    html`<h1 class="ok network">${mark}<span>${words.t('already.heading', { network: name })}</span></h1>
<div class="card" role="status"><p>${words.t('already.body', { account: input.account })}</p></div>
<p><a class="button" href="${input.channelsUrl}">${words.t('already.channels')}</a></p>`,
    { noTimes: true, extraStyles: connectStyles },
  );
}

function personalAccountHelp(words: ReturnType<typeof connectMessages.for>): Html {
  return html`<p>${words.t('failure.personal.intro')}</p>
<ol><li>${words.t('failure.personal.step1')}</li><li>${words.t('failure.personal.step2')}</li><li>${words.t('failure.personal.step3')}</li><li>${words.t('failure.personal.step4')}</li></ol>`;
}

type FailureWords = ReturnType<typeof connectMessages.for>;
type TitleCode = keyof (typeof connectMessages)['catalogs']['en']['failure']['title'];
type HelpCode = keyof (typeof connectMessages)['catalogs']['en']['failure']['help'];

const titled = (code: string): code is TitleCode => code in connectMessages.catalogs.en.failure.title;
const helped = (code: string): code is HelpCode => code in connectMessages.catalogs.en.failure.help;

/** Codes the flow itself can end with that have no sentence of their own: "something went wrong on our side". */
const OURS: ReadonlySet<string> = new Set(['internal_error', 'unsupported_provider']);

/** The sentence under the title: ours for the flow's codes; another feature's catalogue sentence for its own codes. */
function helpOf(failure: Failure, words: FailureWords, network: string, legacy: boolean): string {
  // A feature that has not moved to the reader's language yet keeps its own precise English sentence.
  if (legacy && failure.message) return failure.message;
  if (failure.code === 'no_eligible_account') {
    const reason = failure.details?.reason;
    if (reason === 'no_channel') return words.t('failure.help.noChannel');
    return words.t(reason === 'personal_account' ? 'failure.help.businessOnly' : 'failure.help.noAccounts', { network });
  }
  if (helped(failure.code)) return words.t(`failure.help.${failure.code}`);
  if (OURS.has(failure.code)) return words.t('failure.help.other');
  // Pages of other features (the portal, Partnership Ads) use this page for their own codes.
  return failure.message ?? errorCatalog[failure.code]?.message ?? words.t('failure.help.other');
}

export interface FailureOptions {
  /** Who reads it; without one, English under `productName` (pages of features not yet speaking the reader's language). */
  viewer?: Viewer;
  productName?: string;
  /** Back to the platform (its returnUrl with the error), when the session named one. */
  backUrl?: string | null;
  /** "Try again": the same connect link's consent once more, while it is valid. */
  retryUrl?: string | null;
  /** The network's id, when known. */
  provider?: string;
  popup?: PopupPost;
}

export function failurePage(failure: Failure, options: FailureOptions): string {
  const viewer = options.viewer ?? anonymousViewer({ productName: options.productName ?? 'Channelkeeper' });
  const words = connectMessages.for(viewer.locale);
  const product = viewer.brand.productName;
  const title = words.t(`failure.title.${titled(failure.code) ? failure.code : 'other'}`);
  const extra = failure.code === 'personal_account' ? personalAccountHelp(words) : html``;
  const network = options.provider ? networkName(options.provider).name : '';
  const links = [
    options.retryUrl ? html`<a class="button" href="${options.retryUrl}">${words.t('failure.tryAgain')}</a>` : html``,
    options.backUrl ? html`<a href="${options.backUrl}">${words.t('failure.back', { product })}</a>` : html``,
  ];
  const way = options.retryUrl || options.backUrl ? html`<p class="links">${links}</p>` : html``;
  return pageFor(
    viewer,
    title,
    html`<h1 class="bad">${title}</h1>
<div class="card" role="alert" data-code="${failure.code}"><p>${helpOf(failure, words, network, !options.viewer)}</p>${extra}</div>
${way}${popupPart(options.popup)}`,
    { noTimes: true, extraStyles: connectStyles },
  );
}
