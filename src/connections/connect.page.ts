/** Pages a creator sees at the end of a connect flow: success, or a clear explanation of what went wrong. */
import { errorCatalog, type Failure } from '../kernel/errors.ts';
import { type Html, html, page } from '../kernel/html.ts';

export function connectedPage(input: { network: string; username: string | null; reconnected: boolean; productName: string }): string {
  const who = input.username ? (input.username.startsWith('@') || input.username.includes(' ') ? input.username : `@${input.username}`) : `your ${input.network} account`;
  return page(
    'Connected',
    html`<h1 class="ok">${input.network} connected</h1>
<div class="card" role="status"><p>${who} is ${input.reconnected ? 'reconnected' : 'connected'} to ${input.productName}. You can close this window.</p></div>`,
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

export function failurePage(failure: Failure, options: { productName: string; backUrl?: string | null }): string {
  const title = titles[failure.code] ?? 'The connection did not work';
  const extra: Html = failure.code === 'personal_account' ? personalAccountHelp : html``;
  const back = options.backUrl ? html`<p><a class="button" href="${options.backUrl}">Back to ${options.productName}</a></p>` : html``;
  return page(
    title,
    html`<h1 class="bad">${title}</h1>
<div class="card" role="alert"><p>${failure.message ?? errorCatalog[failure.code].message}</p>${extra}</div>
${back}<p class="muted">Reference: ${failure.code}</p>`,
    options.productName,
  );
}
