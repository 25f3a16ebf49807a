/**
 * The brand-facing creator profile page (a media kit a platform can show): the creator's connected
 * channels, each with its verified figures ("✓ Verified from Instagram on 6 Dec 2026"), the followers
 * trend and the audience's top countries and ages. Server-rendered, no script; a single column that reads
 * on a phone. Disconnected channels are left out: their figures are no longer verified.
 */
import { type Html, html, page } from '../kernel/html.ts';
import { type ChannelFigures, figuresBlock, figuresStyles } from './account-figures.page.ts';

export interface ProfilePageChannel extends ChannelFigures {
  connectionId: string;
  username: string | null;
  displayName: string | null;
  status: string;
  audience: { status: string; unit: string | null; age: { key: string; value: number }[]; gender: { key: string; value: number }[]; country: { key: string; value: number }[] };
}

export interface ProfilePageView {
  productName: string;
  name: string | null;
  creatorId: string;
  channels: ProfilePageChannel[];
}

const styles = `
.profile-head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:6px 16px}
.profile-head h1{margin:0}.reach-total{font-size:1.1rem}
ul.plain{list-style:none;padding:0;margin:0}
.channel h2{margin:0 0 2px;font-size:1.1rem;word-break:break-word}
.audience{margin:8px 0 0}.audience h3{font-size:.95rem;margin:8px 0 4px}
.bars{list-style:none;padding:0;margin:0;display:grid;gap:3px}.bars li{display:grid;grid-template-columns:7em 1fr 4em;gap:8px;align-items:center;font-size:.9rem}
.bar{height:8px;border-radius:4px;background:var(--accent)}
.note{font-size:.85rem}
`;

const number = (n: number) => n.toLocaleString('en-GB');

function handle(channel: ProfilePageChannel): string {
  return channel.username ? `@${channel.username}` : (channel.displayName ?? `${channel.networkName} account`);
}

/** The top slices of one breakdown as labelled bars, shares of the whole (the numbers stay readable as text). */
function bars(title: string, slices: { key: string; value: number }[], unit: string | null): Html {
  if (slices.length === 0) return html``;
  const total = slices.reduce((sum, s) => sum + s.value, 0) || 1;
  const top = [...slices].sort((a, b) => b.value - a.value).slice(0, 5);
  const share = (s: { value: number }) => (unit === 'percent' ? s.value : (s.value / total) * 100);
  return html`<h3>${title}</h3><ul class="bars">${top.map(
    (s) =>
      html`<li><span>${s.key}</span><span class="bar" style="width:${Math.max(2, Math.round(share(s)))}%" aria-hidden="true"></span><span>${Math.round(share(s) * 10) / 10} %</span></li>`,
  )}</ul>`;
}

function audienceBlock(channel: ProfilePageChannel): Html {
  const a = channel.audience;
  if (a.status !== 'available') return html``;
  return html`<div class="audience"><p class="muted small">Audience (${a.unit === 'percent' ? 'share of viewers' : 'share of followers'})</p>
${bars('Top countries', a.country, a.unit)}${bars('Ages', a.age, a.unit)}${bars('Gender', a.gender, a.unit)}</div>`;
}

function channelCard(channel: ProfilePageChannel): Html {
  const id = `p-${channel.connectionId}`;
  const name = handle(channel);
  return html`<li class="card channel" aria-labelledby="${id}-h"><h2 id="${id}-h">${name}</h2>
<p class="muted">${channel.networkName}${channel.username && channel.displayName ? html` · ${channel.displayName}` : html``}</p>
${figuresBlock(channel, id)}${audienceBlock(channel)}</li>`;
}

export function creatorProfilePage(view: ProfilePageView): string {
  const shown = view.channels.filter((c) => c.status !== 'disconnected');
  const title = view.name ?? view.creatorId;
  const counted = shown.map((c) => c.latest?.followers).filter((n): n is number => typeof n === 'number');
  const followers = counted.length ? counted.reduce((a, b) => a + b, 0) : null;
  const total =
    followers === null
      ? html``
      : html`<p class="reach-total"><strong>${number(followers)}</strong> followers across ${shown.length === 1 ? 'one channel' : `${shown.length} channels`}</p>`;
  const list = shown.length
    ? html`<ul class="plain">${shown.map(channelCard)}</ul>`
    : html`<p class="card">No channel is connected right now, so there are no verified figures to show.</p>`;
  return page(
    `${title}: verified profile`,
    html`<header class="profile-head"><h1>${title}</h1><p class="muted">${view.productName}</p></header>${total}
<section aria-label="Channels">${list}</section>
<p class="muted note">Figures are read directly from each network through the creator’s own connection, once a day; “verified” means read from the network, not typed in. Views, reach and engagements cover the 28 days before the reading.</p>`,
    view.productName,
    { extraStyles: styles + figuresStyles },
  );
}
