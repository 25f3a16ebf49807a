/**
 * The brand-facing creator profile page (a media kit a platform can show): the creator's connected
 * channels, each with its verified figures ("✓ Verified from Instagram on 6 Dec 2026"), the followers
 * trend and the audience's top countries and ages. Server-rendered, no script; a single column that reads
 * on a phone, in the reader's language under the workspace's brand. Disconnected channels are left out:
 * their figures are no longer verified. Each channel's figures block is account-figures.page.ts's.
 */
import { type Html, html } from '../kernel/html.ts';
import { networkMark } from '../platform/web/network-mark.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { profileOf } from '../providers/profiles.ts';
import { type ChannelFigures, figuresBlock, figuresStyles } from './account-figures.page.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

export interface ProfilePageChannel extends ChannelFigures {
  connectionId: string;
  /** The network's id: its mark is drawn beside its name. */
  network: string;
  username: string | null;
  displayName: string | null;
  status: string;
  audience: { status: string; unit: string | null; age: { key: string; value: number }[]; gender: { key: string; value: number }[]; country: { key: string; value: number }[] };
}

export interface ProfilePageView {
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

type Words = ReturnType<typeof brandPageMessages.for>;

function handle(channel: ProfilePageChannel, words: Words): string {
  return channel.username ? `@${channel.username}` : (channel.displayName ?? words.t('profile.account', { network: channel.networkName }));
}

/** The top slices of one breakdown as labelled bars, shares of the whole (the numbers stay readable as text). */
function bars(title: string, slices: { key: string; value: number }[], unit: string | null, viewer: Viewer): Html {
  if (slices.length === 0) return html``;
  const total = slices.reduce((sum, s) => sum + s.value, 0) || 1;
  const top = [...slices].sort((a, b) => b.value - a.value).slice(0, 5);
  const share = (s: { value: number }) => (unit === 'percent' ? s.value / 100 : s.value / total);
  return html`<h3>${title}</h3><ul class="bars">${top.map(
    (s) =>
      html`<li><span>${s.key}</span><span class="bar" style="width:${Math.max(2, Math.round(share(s) * 100))}%" aria-hidden="true"></span><span>${viewer.formats.percent(share(s), 1)}</span></li>`,
  )}</ul>`;
}

function audienceBlock(channel: ProfilePageChannel, viewer: Viewer, words: Words): Html {
  const a = channel.audience;
  if (a.status !== 'available') return html``;
  return html`<div class="audience"><p class="muted small">${words.t('profile.audience', { unit: a.unit ?? 'count' })}</p>
${bars(words.t('profile.countries'), a.country, a.unit, viewer)}${bars(words.t('profile.ages'), a.age, a.unit, viewer)}${bars(words.t('profile.gender'), a.gender, a.unit, viewer)}</div>`;
}

function channelCard(channel: ProfilePageChannel, viewer: Viewer, words: Words): Html {
  const id = `p-${channel.connectionId}`;
  const profile = profileOf(channel.network);
  const mark = profile ? networkMark(profile.mark) : html``;
  return html`<li class="card channel" aria-labelledby="${id}-h"><h2 id="${id}-h">${handle(channel, words)}</h2>
<p class="muted">${mark} ${channel.networkName}${channel.username && channel.displayName ? html` · ${channel.displayName}` : html``}</p>
${figuresBlock(channel, id)}${audienceBlock(channel, viewer, words)}</li>`;
}

export function creatorProfilePage(view: ProfilePageView, viewer: Viewer): string {
  const words = brandPageMessages.for(viewer.locale);
  const shown = view.channels.filter((c) => c.status !== 'disconnected');
  const title = view.name ?? view.creatorId;
  const counted = shown.map((c) => c.latest?.followers).filter((n): n is number => typeof n === 'number');
  const followers = counted.length ? counted.reduce((a, b) => a + b, 0) : null;
  const total =
    followers === null
      ? html``
      : html`<p class="reach-total">${words.html('profile.followers', { followers: html`<strong>${viewer.formats.number(followers)}</strong>`, count: shown.length })}</p>`;
  const list = shown.length ? html`<ul class="plain">${shown.map((channel) => channelCard(channel, viewer, words))}</ul>` : html`<p class="card">${words.t('profile.none')}</p>`;
  return pageFor(
    viewer,
    words.t('profile.title', { name: title }),
    html`<header class="profile-head"><h1>${title}</h1></header>${total}
<section aria-label="${words.t('profile.channels')}">${list}</section>
<p class="muted note">${words.t('profile.note')}</p>`,
    { extraStyles: styles + figuresStyles },
  );
}
