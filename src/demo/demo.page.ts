/**
 * The demo platform page: one creator, a Connect button for every network the registry offers, and that
 * creator's connections, then the campaigns (./demo-campaigns.ts). Server-rendered, no scripts; the connections table stacks into cards on a phone.
 */

import { type Html, html, page } from '../kernel/html.ts';
import { type CampaignBanner, campaignsSection, type DemoCampaignsInput } from './demo-campaigns.page.ts';

export interface DemoConnectionRow {
  id: string;
  /** What the account is, by name (an Instagram account reached through Facebook Login is "Instagram"). */
  networkName: string;
  login: string;
  /** As accountName names it. */
  accountName: string;
  username: string | null;
  displayName: string | null;
  status: string;
  /** Why a disconnected connection is disconnected, in words. */
  why: string;
  expiresAt: string | null;
  lastRefreshedAt: string | null;
}

export interface DemoPageInput {
  networks: { id: string; displayName: string }[];
  creator: { id: string; email: string; name: string };
  connections: DemoConnectionRow[];
  /** Other creators of the demo workspace that have connections, to switch to. */
  otherCreators: string[];
  banner: { kind: 'connected'; count: number } | { kind: 'error'; message: string } | CampaignBanner | null;
  campaigns: DemoCampaignsInput;
  productName: string;
}

/** "2026-03-06 02:00 UTC" in a <time> element: readable on a phone, exact for a machine. */
function when(iso: string | null, none: string): Html {
  if (!iso) return html`<span class="muted">${none}</span>`;
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

function account(row: DemoConnectionRow): Html {
  const name = row.accountName;
  return row.displayName && row.displayName !== name ? html`<strong>${name}</strong><br><span class="muted">${row.displayName}</span>` : html`<strong>${name}</strong>`;
}

/** One cell; its label heads it when the table stacks into cards on a phone. */
const cell = (label: string, content: Html | string) => html`<td data-label="${label}"><span>${content}</span></td>`;

function connectionRow(row: DemoConnectionRow): Html {
  const status = html`<span class="${row.status === 'active' ? 'ok' : 'bad'}">${row.status}</span>${row.why ? html`<br><span class="muted">${row.why}</span>` : html``}`;
  const network = html`${row.networkName}<br><span class="muted nowrap">via <code data-login>${row.login}</code></span>`;
  return html`<tr data-connection="${row.id}">${cell('Network', network)}${cell('Account', account(row))}${cell('Status', status)}
${cell('Expires', when(row.expiresAt, 'no fixed end'))}${cell('Last refreshed', when(row.lastRefreshedAt, 'never'))}</tr>`;
}

function banner(input: DemoPageInput['banner']): Html {
  if (input?.kind === 'connected') {
    return html`<div class="card ok" role="status">Connected ${input.count === 1 ? 'one account' : `${input.count} accounts`}.</div>`;
  }
  if (input?.kind === 'error') return html`<div class="card bad" role="alert">The connection did not complete: ${input.message}</div>`;
  if (input?.kind === 'notice') return html`<div class="card ${input.tone}" role="${input.tone === 'ok' ? 'status' : 'alert'}">${input.message}</div>`;
  return html``;
}

function connectionsSection(input: DemoPageInput): Html {
  const others = input.otherCreators.map((id) => html` <a href="/demo?creator=${encodeURIComponent(id)}">${id}</a>`);
  const switcher = others.length ? html`<p class="muted">Other creators:${others}</p>` : html``;
  const table = input.connections.length
    ? html`<div class="scroll"><table class="stack"><thead><tr><th scope="col">Network and login</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Last refreshed</th></tr></thead>
<tbody>${input.connections.map(connectionRow)}</tbody></table></div>`
    : html`<p class="muted">No connections yet: press a Connect button above.</p>`;
  return html`<section aria-labelledby="connections-heading"><h2 id="connections-heading">Connections of ${input.creator.id}</h2>
<div class="card">${table}</div>
<form method="post" action="/demo/verify"><input type="hidden" name="creatorId" value="${input.creator.id}">
<p><button type="submit" class="secondary">Check every channel now</button> <span class="muted">(normally done once a day per channel)</span></p></form>${switcher}</section>`;
}

export function demoPage(input: DemoPageInput): string {
  const buttons = input.networks.map((n) => html`<button type="submit" name="provider" value="${n.id}">Connect ${n.displayName}</button>`);
  return page(
    'Demo platform',
    html`<h1>Demo platform</h1>${banner(input.banner)}
<p class="muted">This page plays the creator platform: it calls the API with the demo workspace's key. Emails land in the <a href="/demo/mailbox">mailbox</a>. See also the <a href="/demo/dashboard">dashboard</a> (platforms reach theirs through <code>POST /v1/dashboard-sessions</code>) and the <a href="/metrics">metrics</a>.</p>
<form class="card" method="post" action="/demo/connect">
<fieldset><legend>Creator</legend>
<div class="fields"><div><label for="creatorId">Creator id</label><input id="creatorId" name="creatorId" value="${input.creator.id}" required autocomplete="off"></div>
<div><label for="email">Creator email</label><input id="email" name="email" type="email" value="${input.creator.email}" required autocomplete="off"></div>
<div><label for="name">Creator name</label><input id="name" name="name" value="${input.creator.name}" autocomplete="off"></div></div></fieldset>
<fieldset><legend>Connect a channel</legend><div class="actions">${buttons}</div></fieldset>
<p><button type="submit" class="secondary" formaction="/demo/portal">Open this creator's Channels page</button>
<button type="submit" class="secondary" formaction="/demo/profile">Open this creator's profile page (what brands see)</button></p></form>
${connectionsSection(input)}
${campaignsSection(input.campaigns)}`,
    input.productName,
    { wide: true, extraStyles: 'form.inline{margin:0 0 6px}' },
  );
}
