/**
 * A campaign's views and engagements per day as an inline SVG line chart drawn on the server (no
 * script, no CDN), in the reader's language and number format. Two lines on one axis would flatten
 * engagements (often a hundredth of views), so each line has its own scale, each axis named once at
 * its top. A single reading is no line: it shows as two figures with the day. Screen readers get the
 * chart's summary, and everyone a table of the figures behind a disclosure.
 */
import { type Html, html } from '../kernel/html.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

export interface SeriesDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  views: number;
  engagements: number;
}

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 64;
const RIGHT = 64;
const TOP = 30;
const BOTTOM = 34;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

/**
 * A round top for an axis: 1, 2 or 5 × 10^n at or above `max`, and at least 2 so the half-way line
 * of a count is a whole number (a top of 1 labelled its middle "1" too: an axis "0, 1, 1").
 */
export function niceMax(max: number): number {
  if (max <= 2) return 2;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * step >= max) return m * step;
  return 10 * step;
}

/** 1234 → "1.2k", 2_500_000 → "2.5M": short figures where a page has no reader's formats. */
export function compact(n: number): string {
  if (n >= 1e6) return `${round1(n / 1e6)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${round1(n / 1e3)}k`;
  return String(Math.round(n));
}

const round1 = (n: number) => String(Math.round(n * 10) / 10);
const r2 = (n: number) => Math.round(n * 100) / 100;

export interface ChartOptions {
  id: string;
  label: string;
  viewer: Viewer;
}

export function metricsChart(days: SeriesDay[], options: ChartOptions): Html {
  const words = brandPageMessages.for(options.viewer.locale);
  if (days.length === 0) return html`<p class="muted" id="${options.id}">${words.t('chart.empty')}</p>`;
  if (days.length === 1) return singleReading(days[0]!, options);
  return html`${chartSvg(days, options)}${legend(options)}${figuresTable(days, options)}`;
}

/** One day of figures is a value, not a chart: the two numbers, large, and when they were read. */
function singleReading(day: SeriesDay, { id, viewer }: ChartOptions): Html {
  const words = brandPageMessages.for(viewer.locale);
  const f = viewer.formats;
  return html`<div id="${id}" class="reading" data-chart="single"><ul class="totals">
<li><span class="n">${f.number(day.views)}</span><span class="muted small">${words.t('chart.viewsAxis')}</span></li>
<li><span class="n">${f.number(day.engagements)}</span><span class="muted small">${words.t('chart.engagementsAxis')}</span></li></ul>
<p class="muted small">${words.t('chart.single', { day: f.dayMonth(day.date) })}</p></div>`;
}

function chartSvg(days: SeriesDay[], { id, label, viewer }: ChartOptions): Html {
  const words = brandPageMessages.for(viewer.locale);
  const f = viewer.formats;
  const topViews = niceMax(Math.max(...days.map((d) => d.views)));
  const topEng = niceMax(Math.max(...days.map((d) => d.engagements)));
  const x = (i: number) => LEFT + (i / (days.length - 1)) * PLOT_W;
  const y = (value: number, top: number) => TOP + PLOT_H - (value / top) * PLOT_H;
  const line = (pick: (d: SeriesDay) => number, top: number) => days.map((d, i) => `${r2(x(i))},${r2(y(pick(d), top))}`).join(' ');
  const points = days.map(
    (d, i) => html`<g><title>${words.t('chart.point', { day: f.dayMonth(d.date), views: f.number(d.views), engagements: f.number(d.engagements) })}</title>
<circle class="v" cx="${r2(x(i))}" cy="${r2(y(d.views, topViews))}" r="3"/><circle class="e" cx="${r2(x(i))}" cy="${r2(y(d.engagements, topEng))}" r="3"/></g>`,
  );
  const grid = [0, 0.5, 1].map((share) => {
    const at = r2(TOP + PLOT_H - share * PLOT_H);
    return html`<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${at}" y2="${at}"/>
<text class="ylabel v" x="${LEFT - 6}" y="${at}" dominant-baseline="middle" text-anchor="end">${f.compact(topViews * share)}</text>
<text class="ylabel e" x="${WIDTH - RIGHT + 6}" y="${at}" dominant-baseline="middle">${f.compact(topEng * share)}</text>`;
  });
  // The axes are named once, above their scales, rather than in every label.
  // From the chart's edges inwards, so a long name ("Visualizações") is never cut off at the side.
  const axes = html`<text class="axis v" x="0" y="16">${words.t('chart.viewsAxis')}</text>
<text class="axis e" x="${WIDTH}" y="16" text-anchor="end">${words.t('chart.engagementsAxis')}</text>`;
  const every = Math.max(1, Math.ceil(days.length / 7));
  const ticks = days.map((d, i) =>
    i % every === 0 || i === days.length - 1 ? html`<text class="xlabel" x="${r2(x(i))}" y="${HEIGHT - 4}" text-anchor="middle">${f.dayMonth(d.date)}</text>` : html``,
  );
  const last = days[days.length - 1]!;
  const summary = words.t('chart.summary', { first: f.dayMonth(days[0]!.date), last: f.dayMonth(last.date), views: f.number(last.views), engagements: f.number(last.engagements) });
  return html`<svg class="chart" data-chart="line" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${label}</title><desc id="${id}-desc">${summary}</desc>
<style>${chartStyles}</style>${axes}${grid}<polyline class="v" points="${line((d) => d.views, topViews)}"/><polyline class="e" points="${line((d) => d.engagements, topEng)}"/>${points}${ticks}</svg>`;
}

const chartStyles = `.chart text{font:12px system-ui,sans-serif;fill:var(--muted,#57606a)}@media (max-width:600px){.chart text{font-size:22px}}
.chart .grid{stroke:var(--muted,#57606a);stroke-opacity:.3}.chart text.axis{font-weight:600}
.chart polyline{fill:none;stroke-width:2.5}.chart polyline.v{stroke:var(--accent,#0b57d0)}.chart polyline.e{stroke:var(--ok,#1a7f37);stroke-dasharray:6 4}
.chart circle.v{fill:var(--accent,#0b57d0)}.chart circle.e{fill:var(--ok,#1a7f37)}.chart text.v{fill:var(--accent,#0b57d0)}.chart text.e{fill:var(--ok,#1a7f37)}`;

function legend({ viewer }: ChartOptions): Html {
  const words = brandPageMessages.for(viewer.locale);
  return html`<p class="muted small legend"><span class="key v" aria-hidden="true"></span> ${words.t('chart.legendViews')} <span class="key e" aria-hidden="true"></span> ${words.t('chart.legendEngagements')}</p>`;
}

/** The chart's figures as a table: what a screen reader or a careful reader wants, one click away. */
function figuresTable(days: SeriesDay[], { viewer }: ChartOptions): Html {
  const words = brandPageMessages.for(viewer.locale);
  const f = viewer.formats;
  const rows = days.map(
    (
      d,
    ) => html`<tr><td data-label="${words.t('chart.day')}"><span>${f.dayMonth(d.date)}</span></td><td class="num" data-label="${words.t('chart.viewsAxis')}"><span>${f.number(d.views)}</span></td>
<td class="num" data-label="${words.t('chart.engagementsAxis')}"><span>${f.number(d.engagements)}</span></td></tr>`,
  );
  return html`<details class="chart-table"><summary>${words.t('chart.table')}</summary><table class="stack"><thead><tr><th>${words.t('chart.day')}</th>
<th class="num">${words.t('chart.viewsAxis')}</th><th class="num">${words.t('chart.engagementsAxis')}</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}
