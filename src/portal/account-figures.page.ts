/**
 * A channel's verified figures as the Channels page and the creator profile page show them: the latest
 * reading's figures in words and numbers (the reader's language and formats), "verified from Instagram on 6 Dec 2026", and a small followers
 * trend drawn as an inline SVG sparkline (no script, no CDN) whose text alternative says the same in
 * words, so a screen reader hears the trend a sighted reader sees.
 */
import { type Html, html } from '../kernel/html.ts';
import { type Formats, formatsFor } from '../platform/i18n/format.ts';
import type { ReaderLocale } from '../platform/i18n/locales.ts';
import { portalMessages } from './messages/index.ts';

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

/** Who reads the figures: their language and formats (a Viewer is one). English in UTC when not said. */
export interface FiguresReader {
  locale: ReaderLocale;
  formats: Formats;
}

const english: FiguresReader = { locale: 'en', formats: formatsFor({ locale: 'en', timeZone: null }) };

/** "6 Dec 2026" from an instant, in the reader's way. */
export function verifiedDate(instant: string, reader: FiguresReader = english): string {
  return reader.formats.date(new Date(instant));
}

/** A change with its sign: "+262", "−40", "±0". */
function signed(value: number, shown: string): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${shown}`;
}

/** The trend in words: "Followers went from 12,840 on 7 Nov to 13,102 on 6 Dec (+262, +2%)". */
export function trendText(trend: ChannelFigures['trend'], reader: FiguresReader = english): string {
  const words = portalMessages.for(reader.locale);
  if (trend.length < 2) return words.t('figures.trendLater');
  const { number, percent, dayMonth } = reader.formats;
  const first = trend[0]!;
  const last = trend[trend.length - 1]!;
  const change = last.followers - first.followers;
  const share = first.followers > 0 ? `, ${signed(change, percent(Math.abs(change) / first.followers))}` : '';
  return words.t('figures.trend', {
    from: number(first.followers),
    fromDay: dayMonth(first.day),
    to: number(last.followers),
    toDay: dayMonth(last.day),
    change: `${signed(change, number(Math.abs(change)))}${share}`,
  });
}

/** The followers trend as a sparkline; its accessible name is `trendText`, shown as text beside it too. */
export function sparkline(trend: ChannelFigures['trend'], id: string, reader: FiguresReader = english): Html {
  const text = trendText(trend, reader);
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
export function figuresBlock(figures: ChannelFigures, id: string, reader: FiguresReader = english): Html {
  const words = portalMessages.for(reader.locale);
  const { number, compact, percent } = reader.formats;
  const { latest } = figures;
  const network = figures.networkName;
  if (!latest || !figures.verifiedAt) return html`<p class="muted small figures" data-figures="never_read">${words.t('figures.neverRead', { network })}</p>`;
  const date = html`<time datetime="${figures.verifiedAt}">${verifiedDate(figures.verifiedAt, reader)}</time>`;
  const verified = html`<p class="verified small" data-verified="${figures.verifiedAt}">${words.html('figures.verified', { network, date })}</p>`;
  if (latest.status === 'unavailable') {
    const followers = latest.followers === null ? html`` : html`<dl class="stats">${stat(words.t('figures.followers'), number(latest.followers))}</dl>`;
    const why = words.t('figures.withheld', { network, reason: latest.reason ?? 'none' });
    return html`<div class="figures" data-figures="unavailable">${followers}<p class="muted small">${why}</p>${verified}</div>`;
  }
  const days = latest.rangeDays;
  const big = (value: number | null) => (value === null ? null : compact(value));
  const exact = (value: number | null) => (value === null ? undefined : number(value));
  const stats = [
    stat(words.t('figures.followers'), latest.followers === null ? null : number(latest.followers)),
    stat(words.t('figures.posts'), latest.posts === null ? null : number(latest.posts)),
    stat(words.t('figures.views', { days }), big(latest.views), exact(latest.views)),
    stat(words.t('figures.reach', { days }), big(latest.reach), exact(latest.reach)),
    stat(words.t('figures.engagements', { days }), big(latest.engagements), exact(latest.engagements)),
    stat(words.t('figures.engagementRate'), latest.engagementRate === null ? null : percent(latest.engagementRate)),
  ];
  return html`<div class="figures" data-figures="available"><dl class="stats">${stats}</dl>${verified}${sparkline(figures.trend, `${id}-trend`, reader)}</div>`;
}

export const figuresStyles = `
.stats{display:flex;flex-wrap:wrap;gap:6px 18px;margin:8px 0 4px}.stats .stat{min-width:6.5em}
.stats dt{font-size:.8rem;color:var(--muted)}.stats dd{margin:0;font-weight:700;font-size:1.15rem;font-variant-numeric:tabular-nums}
.verified{color:var(--ok);margin:4px 0}
figure.trend{display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px;margin:4px 0}
.spark polyline{fill:none;stroke-width:2;stroke:var(--accent);stroke-linejoin:round;stroke-linecap:round}.spark.down polyline{stroke:var(--warn)}
`;
