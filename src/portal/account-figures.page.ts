/**
 * A channel's verified figures as the Channels page and the creator profile page show them: the latest
 * reading's figures in words and numbers, "verified from Instagram on 6 Dec 2026", and a small followers
 * trend drawn as an inline SVG sparkline (no script, no CDN) whose text alternative says the same in
 * words, so a screen reader hears the trend a sighted reader sees.
 */
import { type Html, html, shortDate } from '../kernel/html.ts';
import { compact } from './metrics-chart.ts';

/** What the pages need of a channel's account insights (insights' ProfileChannelView). */
export interface ChannelFigures {
  networkName: string;
  latest: {
    status: 'available' | 'unavailable';
    reason: string | null;
    followers: number | null;
    posts: number | null;
    views: number | null;
    reach: number | null;
    engagements: number | null;
    engagementRate: number | null;
    rangeDays: number;
  } | null;
  verifiedAt: string | null;
  trend: { day: string; followers: number }[];
}

const WIDTH = 140;
const HEIGHT = 36;
const PAD = 3;

const REASONS: Record<string, string> = {
  below_threshold: 'the network shares figures only for accounts with more followers',
  not_professional: 'it is a personal account: the network shares figures only for professional (business or creator) accounts',
  not_offered: 'the network does not share figures for this kind of account',
};

const number = (n: number) => n.toLocaleString('en-GB');
const percent = (ratio: number) => `${(Math.round(ratio * 1000) / 10).toLocaleString('en-GB')} %`;

/** "6 Dec 2026" from an instant. */
export function verifiedDate(instant: string): string {
  const day = instant.slice(0, 10);
  return `${shortDate(day)} ${day.slice(0, 4)}`;
}

/** The trend in words: "Followers went from 12,840 on 7 Nov to 13,102 on 6 Dec (+262, +2.0 %)". */
export function trendText(trend: ChannelFigures['trend']): string {
  if (trend.length < 2) return 'A trend appears after two daily readings.';
  const first = trend[0]!;
  const last = trend[trend.length - 1]!;
  const change = last.followers - first.followers;
  const share = first.followers > 0 ? ` ${change >= 0 ? '+' : '−'}${(Math.round((Math.abs(change) / first.followers) * 1000) / 10).toLocaleString('en-GB')} %` : '';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `Followers went from ${number(first.followers)} on ${shortDate(first.day)} to ${number(last.followers)} on ${shortDate(last.day)} (${sign}${number(Math.abs(change))},${share}).`;
}

/** The followers trend as a sparkline; its accessible name is `trendText`, shown as text beside it too. */
export function sparkline(trend: ChannelFigures['trend'], id: string): Html {
  const text = trendText(trend);
  if (trend.length < 2) return html`<p class="muted small trend" id="${id}">${text}</p>`;
  const values = trend.map((p) => p.followers);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low || 1;
  const x = (i: number) => PAD + (i / (trend.length - 1)) * (WIDTH - 2 * PAD);
  const y = (v: number) => HEIGHT - PAD - ((v - low) / span) * (HEIGHT - 2 * PAD);
  const points = trend.map((p, i) => `${Math.round(x(i) * 10) / 10},${Math.round(y(p.followers) * 10) / 10}`).join(' ');
  const rising = values[values.length - 1]! >= values[0]!;
  return html`<figure class="trend" id="${id}"><svg class="spark ${rising ? 'up' : 'down'}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-cap" xmlns="http://www.w3.org/2000/svg">
<polyline points="${points}"/></svg><figcaption id="${id}-cap" class="muted small">${text}</figcaption></figure>`;
}

/** One figure as a labelled number; a figure the network does not report is left out, never shown as 0. */
function stat(label: string, value: string | null, title?: string): Html {
  if (value === null) return html``;
  return html`<div class="stat"><dt>${label}</dt><dd${title ? html` title="${title}"` : html``}>${value}</dd></div>`;
}

/** The figures block: numbers, the verification line and the trend; a withheld reading says why. */
export function figuresBlock(figures: ChannelFigures, id: string): Html {
  const { latest } = figures;
  if (!latest || !figures.verifiedAt)
    return html`<p class="muted small figures" data-figures="never_read">Figures appear after the first daily reading from ${figures.networkName}.</p>`;
  const verified = html`<p class="verified small" data-verified="${figures.verifiedAt}">✓ Verified from ${figures.networkName} on <time datetime="${figures.verifiedAt}">${verifiedDate(figures.verifiedAt)}</time></p>`;
  if (latest.status === 'unavailable') {
    const followers = latest.followers === null ? html`` : html`<dl class="stats">${stat('Followers', number(latest.followers))}</dl>`;
    return html`<div class="figures" data-figures="unavailable">${followers}<p class="muted small">${figures.networkName} withholds the other figures: ${REASONS[latest.reason ?? ''] ?? 'it gave no reason'}.</p>${verified}</div>`;
  }
  const days = `last ${latest.rangeDays} days`;
  const stats = [
    stat('Followers', latest.followers === null ? null : number(latest.followers)),
    stat('Posts', latest.posts === null ? null : number(latest.posts)),
    stat(`Views (${days})`, latest.views === null ? null : compact(latest.views), latest.views === null ? undefined : number(latest.views)),
    stat(`Reach (${days})`, latest.reach === null ? null : compact(latest.reach), latest.reach === null ? undefined : number(latest.reach)),
    stat(`Engagements (${days})`, latest.engagements === null ? null : compact(latest.engagements), latest.engagements === null ? undefined : number(latest.engagements)),
    stat('Engagement rate', latest.engagementRate === null ? null : percent(latest.engagementRate)),
  ];
  return html`<div class="figures" data-figures="available"><dl class="stats">${stats}</dl>${verified}${sparkline(figures.trend, `${id}-trend`)}</div>`;
}

export const figuresStyles = `
.stats{display:flex;flex-wrap:wrap;gap:6px 18px;margin:8px 0 4px}.stats .stat{min-width:6.5em}
.stats dt{font-size:.8rem;color:var(--muted)}.stats dd{margin:0;font-weight:700;font-size:1.15rem;font-variant-numeric:tabular-nums}
.verified{color:var(--ok);margin:4px 0}
figure.trend{display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px;margin:4px 0}
.spark polyline{fill:none;stroke-width:2;stroke:var(--accent);stroke-linejoin:round;stroke-linecap:round}.spark.down polyline{stroke:var(--warn)}
`;
