/**
 * Pages a creator sees at the end of a connect flow: success, or a clear explanation of what went wrong.
 * When the session named allowed origins, the page also carries the popup script: opened as a popup
 * (the connect script (clients/node/src/connect.js)), it posts the result to its opener at those exact origins and closes once the
 * opener confirms; opened any other way, the flow goes on as without it.
 */
import { errorCatalog, type Failure } from '../kernel/errors.ts';
import { Html, html, page, scriptJson } from '../kernel/html.ts';
import type { ConnectResultMessage } from './connect-popup.rules.ts';

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

/** `account`: the account(s) connected, as accountName names them. */
export function connectedPage(input: { network: string; account: string | null; reconnected: boolean; productName: string; popup?: PopupPost }): string {
  const who = input.account ?? `The ${input.network} account`;
  const next = input.popup?.next ? html`<p><a class="button" href="${input.popup.next}">Continue to ${input.productName}</a></p>` : html``;
  return page(
    'Connected',
    html`<h1 class="ok">${input.network} connected</h1>
<div class="card" role="status"><p>${who} is ${input.reconnected ? 'reconnected' : 'connected'} to ${input.productName}. You can close this window.</p></div>
${next}${popupPart(input.popup)}`,
    input.productName,
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

const kindOf = (choice: ChoiceView) => (choice.network === 'instagram' ? 'Instagram professional account' : 'Facebook Page');

/** After a Facebook login: every Page and linked Instagram account found, all ticked; the creator unticks what to leave out. */
export function choosePage(input: { network: string; choices: ChoiceView[]; action: string; productName: string; error?: string }): string {
  const items = input.choices.map(
    (choice, i) => html`<li class="card"><label style="display:flex;gap:12px;align-items:center;margin:0">
<input type="checkbox" name="account" value="${choice.key}" checked id="acct-${i}">
<span><strong>${choice.username ? `@${choice.username}` : (choice.displayName ?? choice.key)}</strong>${choice.username && choice.displayName ? html` · ${choice.displayName}` : html``}<br>
<span class="muted">${kindOf(choice)}</span></span></label></li>`,
  );
  const error = input.error ? html`<div class="card bad" role="alert">${input.error}</div>` : html``;
  return page(
    'Choose accounts',
    html`<h1>Which accounts should ${input.productName} connect?</h1>
<p>Your ${input.network} login gives access to these. Each one you keep ticked is connected separately; you can disconnect any of them later.</p>
${error}<form method="post" action="${input.action}"><ul style="list-style:none;padding:0">${items}</ul>
<button type="submit">Connect selected accounts</button></form>`,
    input.productName,
  );
}

const personalAccountHelp = html`<p>Instagram only lets apps read posts and insights of <strong>professional</strong> accounts.
Switching is free, takes a minute, and keeps your posts and followers:</p>
<ol>
<li>Open Instagram and go to your profile.</li>
<li>Tap the menu (☰), then <strong>Settings and privacy</strong> → <strong>Account type and tools</strong>.</li>
<li>Tap <strong>Switch to professional account</strong> and choose <strong>Creator</strong> (or Business).</li>
<li>Come back here and connect again.</li>
</ol>`;

const titles: Partial<Record<Failure['code'], string>> = {
  invalid_request: 'This request is not valid',
  access_denied: 'Nothing was connected',
  no_eligible_account: 'No account to connect',
  choice_invalid: 'Choose at least one account',
  personal_account: 'This is a personal Instagram account',
  account_connected_elsewhere: 'Account already connected',
  state_invalid: 'This sign-in could not be verified',
  state_used: 'This sign-in was already used',
  state_expired: 'This sign-in expired',
  connect_session_expired: 'This connect link has expired',
  connect_session_used: 'This connect link was already used',
  connect_session_not_found: 'This connect link is not valid',
  reconnect_link_expired: 'This reconnect link has expired',
  reconnect_link_invalid: 'This reconnect link is not valid',
};

export function failurePage(failure: Failure, options: { productName: string; backUrl?: string | null; popup?: PopupPost }): string {
  const title = titles[failure.code] ?? 'The connection did not work';
  const extra: Html = failure.code === 'personal_account' ? personalAccountHelp : html``;
  const back = options.backUrl ? html`<p><a class="button" href="${options.backUrl}">Back to ${options.productName}</a></p>` : html``;
  return page(
    title,
    html`<h1 class="bad">${title}</h1>
<div class="card" role="alert"><p>${failure.message ?? errorCatalog[failure.code].message}</p>${extra}</div>
${back}<p class="muted">Reference: ${failure.code}</p>${popupPart(options.popup)}`,
    options.productName,
  );
}
