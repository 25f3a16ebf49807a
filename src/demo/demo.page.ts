/**
 * The demo platform page: one creator, a Connect button for every network the registry offers, and that
 * creator's connections, then the campaigns (./demo-campaigns.ts). Server-rendered, no scripts; the connections table stacks into cards on a phone.
 *
 * The demo pages play the customer's platform, not ours: they stay in English and outside the message
 * catalogues (docs/sandbox.md). What an action did is said in a banner (`#banner`) where the person looks:
 * at the top for a connection or a check, at the top of the Campaigns section for a campaign button; the
 * redirect's fragment scrolls to it and moves the keyboard's starting point there.
 */

import { type Html, html, page } from '../kernel/html.ts';
import { networkMark, networkMarkStyles } from '../platform/web/network-mark.ts';
import { profileOf } from '../providers/profiles.ts';
import { type CampaignBanner, campaignsSection, type DemoCampaignsInput } from './demo-campaigns.page.ts';

export interface DemoConnectionRow {
  id: string;
  /** The network's id (its mark) and what the account is, by name (an Instagram account reached through Facebook Login is "Instagram"). */
  network: string;
  networkName: string;
  /** The login's id (kept in `data-login`) and its name in words ("Facebook login"). */
  login: string;
  loginName: string;
  /** The account's picture as the browser can load it (Deps.displayImageUrl), or null. */
  avatarUrl: string | null;
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
  banner: { kind: 'connected'; count: number } | { kind: 'error'; message: string } | { kind: 'checked'; checked: number; disconnected: number } | CampaignBanner | null;
  campaigns: DemoCampaignsInput;
  productName: string;
}

/** "2026-03-06 02:00 UTC" in a <time> element: readable on a phone, exact for a machine. */
function when(iso: string | null, none: string): Html {
  if (!iso) return html`<span class="muted">${none}</span>`;
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/** The account's picture, or its initial in a circle when the network gave none. Decorative: the name is beside it. */
function avatar(row: DemoConnectionRow): Html {
  if (row.avatarUrl) return html`<img class="avatar" src="${row.avatarUrl}" alt="" width="40" height="40" loading="lazy">`;
  const initial = (row.displayName ?? row.accountName).replace(/^@/, '').charAt(0).toUpperCase();
  return html`<span class="avatar letter" aria-hidden="true">${initial}</span>`;
}

function account(row: DemoConnectionRow): Html {
  const name = row.accountName;
  const words = row.displayName && row.displayName !== name ? html`<strong>${name}</strong><br><span class="muted">${row.displayName}</span>` : html`<strong>${name}</strong>`;
  return html`<span class="who">${avatar(row)}<span>${words}</span></span>`;
}

/** One cell; its label heads it when the table stacks into cards on a phone. */
const cell = (label: string, content: Html | string) => html`<td data-label="${label}"><span>${content}</span></td>`;

function connectionRow(row: DemoConnectionRow): Html {
  const status = html`<span class="${row.status === 'active' ? 'ok' : 'bad'}">${row.status}</span>${row.why ? html`<br><span class="muted">${row.why}</span>` : html``}`;
  const profile = profileOf(row.network);
  const network = html`${profile ? networkMark(profile.mark) : html``} ${row.networkName}<br><span class="muted nowrap" data-login="${row.login}">${row.loginName}</span>`;
  return html`<tr data-connection="${row.id}">${cell('Network', network)}${cell('Account', account(row))}${cell('Status', status)}
${cell('Expires', when(row.expiresAt, 'no fixed end'))}${cell('Last refreshed', when(row.lastRefreshedAt, 'never'))}</tr>`;
}

/** The banner of a connection or a check, at the top; a campaign button's is in the Campaigns section. */
function banner(input: DemoPageInput['banner']): Html {
  const box = (tone: string, role: string, text: Html | string) => html`<div id="banner" class="card banner ${tone}" role="${role}" tabindex="-1">${text}</div>`;
  if (input?.kind === 'connected') return box('ok', 'status', `Connected ${input.count === 1 ? 'one account' : `${input.count} accounts`}.`);
  if (input?.kind === 'error') return box('bad', 'alert', `The connection did not complete: ${input.message}`);
  if (input?.kind === 'checked') {
    const found =
      input.disconnected === 0 ? 'every one is still connected' : input.disconnected === 1 ? 'one was found disconnected' : `${input.disconnected} were found disconnected`;
    const checked = input.checked === 1 ? 'one channel' : `${input.checked} channels`;
    return box(input.disconnected ? 'warn' : 'ok', 'status', input.checked === 0 ? 'There was no channel to check.' : `Checked ${checked} with their networks: ${found}.`);
  }
  return html``;
}

/** A campaign button's banner, where the section's buttons are. */
function campaignNotice(input: DemoPageInput['banner']): Html {
  if (input?.kind !== 'notice') return html``;
  return html`<div id="banner" class="card banner ${input.tone}" role="${input.tone === 'ok' ? 'status' : 'alert'}" tabindex="-1">${input.message}</div>`;
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

const styles = `${networkMarkStyles}form.inline{margin:0 0 6px}
.who{display:flex;gap:10px;align-items:center}.avatar{width:40px;height:40px;border-radius:50%;object-fit:cover;flex:none;background:var(--card)}
.avatar.letter{display:inline-flex;align-items:center;justify-content:center;font-weight:600;color:var(--fg);border:1px solid color-mix(in srgb,var(--muted) 40%,transparent)}
.banner{border-left:4px solid currentColor;scroll-margin-top:12px}.banner:focus{outline:3px solid var(--accent);outline-offset:2px}
nav.demo{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 8px}
@media (prefers-color-scheme:dark){button:not(.secondary){color:#0d1117}}`; // white on the dark mode's lighter accent is under 4.5:1

/** The way around the demo: the pages a platform's people would reach from their own site. */
export function demoNav(current: 'demo' | 'mailbox' | 'dashboard'): Html {
  const link = (href: string, name: 'demo' | 'mailbox' | 'dashboard', label: string) =>
    name === current ? html`<a href="${href}" aria-current="page">${label}</a>` : html`<a href="${href}">${label}</a>`;
  return html`<nav class="demo" aria-label="Demo">${link('/demo', 'demo', 'Demo platform')}${link('/demo/mailbox', 'mailbox', 'Mailbox')}${link('/demo/dashboard', 'dashboard', 'Dashboard')}</nav>`;
}

export function demoPage(input: DemoPageInput): string {
  const buttons = input.networks.map((n) => html`<button type="submit" name="provider" value="${n.id}">Connect ${n.displayName}</button>`);
  return page(
    'Demo platform',
    html`${banner(input.banner)}${demoNav('demo')}<h1>Demo platform</h1>
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
${campaignsSection(input.campaigns, campaignNotice(input.banner))}`,
    input.productName,
    { wide: true, extraStyles: styles },
  );
}
