/**
 * A campaign's views and engagements per day as an inline SVG line chart drawn on the server (no
 * script, no CDN), like the forecast chart: a <title> per point (a tooltip), a text summary for
 * screen readers, and the page shows the totals as text beside it. Two lines on one axis would flatten
 * engagements (often a hundredth of views), so each line has its own scale, named on its side.
 */
import { type Html, html, shortDate } from '../kernel/html.ts';

export interface SeriesDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  views: number;
  engagements: number;
}

const WIDTH = 720;
const HEIGHT = 250;
const LEFT = 56;
const RIGHT = 56;
const TOP = 14;
const BOTTOM = 34;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

/** A round top for an axis: 1, 2 or 5 × 10^n at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * step >= max) return m * step;
  return 10 * step;
}

/** 1234 → "1.2k", 2_500_000 → "2.5M": axis labels stay short. */
export function compact(n: number): string {
  if (n >= 1e6) return `${round1(n / 1e6)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${round1(n / 1e3)}k`;
  return String(Math.round(n));
}

const round1 = (n: number) => String(Math.round(n * 10) / 10);
const r2 = (n: number) => Math.round(n * 100) / 100;

export function metricsChart(days: SeriesDay[], options: { id: string; label: string }): Html {
  if (days.length === 0) {
    return html`<p class="muted" id="${options.id}">No insights yet: figures appear here after the first refresh of a bound post.</p>`;
  }
  const topViews = niceMax(Math.max(...days.map((d) => d.views)));
  const topEng = niceMax(Math.max(...days.map((d) => d.engagements)));
  const x = (i: number) => LEFT + (days.length === 1 ? PLOT_W / 2 : (i / (days.length - 1)) * PLOT_W);
  const y = (value: number, top: number) => TOP + PLOT_H - (value / top) * PLOT_H;
  const line = (pick: (d: SeriesDay) => number, top: number) => days.map((d, i) => `${r2(x(i))},${r2(y(pick(d), top))}`).join(' ');
  const points = days.map(
    (d, i) => html`<g><title>${shortDate(d.date)}: ${d.views.toLocaleString('en-GB')} views, ${d.engagements.toLocaleString('en-GB')} engagements</title>
<circle class="v" cx="${r2(x(i))}" cy="${r2(y(d.views, topViews))}" r="3"/><circle class="e" cx="${r2(x(i))}" cy="${r2(y(d.engagements, topEng))}" r="3"/></g>`,
  );
  const grid = [0, 0.5, 1].map(
    (f) => html`<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${r2(TOP + PLOT_H - f * PLOT_H)}" y2="${r2(TOP + PLOT_H - f * PLOT_H)}"/>
<text class="ylabel v" x="${LEFT - 6}" y="${r2(TOP + PLOT_H - f * PLOT_H)}" dominant-baseline="middle" text-anchor="end">${compact(topViews * f)}</text>
<text class="ylabel e" x="${WIDTH - RIGHT + 6}" y="${r2(TOP + PLOT_H - f * PLOT_H)}" dominant-baseline="middle">${compact(topEng * f)}</text>`,
  );
  const every = Math.max(1, Math.ceil(days.length / 8));
  const ticks = days.map((d, i) => (i % every === 0 ? html`<text class="xlabel" x="${r2(x(i))}" y="${HEIGHT - 4}" text-anchor="middle">${shortDate(d.date)}</text>` : html``));
  const last = days[days.length - 1]!;
  const summary = `From ${shortDate(days[0]!.date)} to ${shortDate(last.date)}, views rose to ${last.views.toLocaleString('en-GB')} and engagements to ${last.engagements.toLocaleString('en-GB')} (lifetime totals of the bound posts as of each day).`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-title">${options.label}</title><desc id="${options.id}-desc">${summary}</desc>
<style>.chart text{font:12px system-ui,sans-serif;fill:var(--muted,#57606a)}@media (max-width:600px){.chart text{font-size:24px}}.chart .grid{stroke:var(--muted,#57606a);stroke-opacity:.3}
.chart polyline{fill:none;stroke-width:2.5}.chart polyline.v{stroke:var(--accent,#0b57d0)}.chart polyline.e{stroke:var(--ok,#1a7f37);stroke-dasharray:6 4}
.chart circle.v{fill:var(--accent,#0b57d0)}.chart circle.e{fill:var(--ok,#1a7f37)}.chart text.ylabel.v{fill:var(--accent,#0b57d0)}.chart text.ylabel.e{fill:var(--ok,#1a7f37)}</style>
${grid}<polyline class="v" points="${line((d) => d.views, topViews)}"/><polyline class="e" points="${line((d) => d.engagements, topEng)}"/>${points}${ticks}</svg>
<p class="muted small legend"><span class="key v"></span> Views (left scale) <span class="key e"></span> Engagements (right scale)</p>`;
}
