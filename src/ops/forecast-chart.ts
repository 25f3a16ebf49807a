/**
 * The next days as an inline SVG bar chart drawn on the server: per day, a bar of expected
 * expirations and one of reminders. No script and no CDN; each bar has a <title> (a tooltip), the
 * chart a text summary for screen readers, and the page shows the same figures as a table.
 */
import { type Html, html } from '../kernel/html.ts';
import type { Formats } from '../platform/i18n/format.ts';
import type { OpsWords } from './messages/index.ts';

export interface ChartDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  expirations: number;
  reminders: number;
}

// The drawing's own units; the SVG scales to the page's width (about 1.2 px a unit on a desktop, 0.5 on a
// phone, where a media query doubles the text so it stays legible).
const WIDTH = 720;
const HEIGHT = 250;
const LEFT = 50;
const RIGHT = 6;
const TOP = 14;
const BOTTOM = 34;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

/** The smallest of 1, 2, 4 × 10^n at or above `max` and at least 2, so the halfway line is a whole number. */
function axisMax(max: number): number {
  let step = 1;
  for (;;) {
    for (const m of [1, 2, 4]) if (m * step >= max && m * step >= 2) return m * step;
    step *= 10;
  }
}

export interface ChartOptions {
  id: string;
  label: string;
  /** The reader's words and formats: the summary, the tooltips and the axes speak their language. */
  words: OpsWords;
  formats: Pick<Formats, 'dayMonth' | 'number'>;
}

export function forecastChart(days: ChartDay[], options: ChartOptions): Html {
  const { words, formats } = options;
  const totalExpirations = days.reduce((sum, d) => sum + d.expirations, 0);
  const totalReminders = days.reduce((sum, d) => sum + d.reminders, 0);
  const summary =
    days.length === 0
      ? words.t('chart.none')
      : [
          words.t('chart.summary', {
            from: formats.dayMonth(days[0]!.date),
            to: formats.dayMonth(days[days.length - 1]!.date),
            expirations: totalExpirations,
            reminders: totalReminders,
          }),
          busiest(days, options),
        ]
          .filter(Boolean)
          .join(' ');
  const top = axisMax(Math.max(0, ...days.map((d) => Math.max(d.expirations, d.reminders))));
  const y = (value: number) => TOP + PLOT_H - (value / top) * PLOT_H;
  const slot = days.length ? PLOT_W / days.length : PLOT_W;
  const barW = Math.max(1, slot * 0.42);
  const bars = days.map((day, i) => {
    const x = LEFT + i * slot;
    const tip = words.t('chart.tip', { day: formats.dayMonth(day.date), expirations: day.expirations, reminders: day.reminders });
    return html`<g><title>${tip}</title>${bar(x + slot * 0.06, barW, y(day.expirations), 'exp')}${bar(x + slot * 0.06 + barW, barW, y(day.reminders), 'rem')}</g>`;
  });
  const grid = [0, top / 2, top].map(
    (value) =>
      html`<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(value)}" y2="${y(value)}"/><text class="ylabel" x="${LEFT - 6}" y="${y(value)}" dominant-baseline="middle" text-anchor="end">${formats.number(value)}</text>`,
  );
  const ticks = days.map((day, i) =>
    i % 14 === 0 ? html`<text class="xlabel" x="${LEFT + i * slot + slot / 2}" y="${HEIGHT - 4}" text-anchor="middle">${formats.dayMonth(day.date)}</text>` : html``,
  );
  const empty =
    totalExpirations + totalReminders === 0
      ? html`<text class="empty" x="${LEFT + PLOT_W / 2}" y="${TOP + PLOT_H / 2}" text-anchor="middle">${words.t('chart.empty')}</text>`
      : html``;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-title">${options.label}</title><desc id="${options.id}-desc">${summary}</desc>
<style>.chart text{font:12px system-ui,sans-serif;fill:var(--muted,#57606a)}@media (max-width:600px){.chart text{font-size:24px}}.chart .grid{stroke:var(--muted,#57606a);stroke-opacity:.3}.chart .exp{fill:var(--bad,#b42318)}.chart .rem{fill:var(--warn,#9a6700)}</style>
${grid}${bars}${ticks}${empty}</svg>`;
}

function bar(x: number, width: number, top: number, kind: 'exp' | 'rem'): Html {
  const height = TOP + PLOT_H - top;
  return height > 0 ? html`<rect class="${kind}" x="${round(x)}" y="${round(top)}" width="${round(width)}" height="${round(height)}"/>` : html``;
}

const round = (n: number) => Math.round(n * 100) / 100;

function busiest(days: ChartDay[], { words, formats }: ChartOptions): string {
  const peak = days.reduce((best, d) => (d.expirations + d.reminders > best.expirations + best.reminders ? d : best), days[0]!);
  return peak.expirations + peak.reminders > 0 ? words.t('chart.busiest', { day: formats.dayMonth(peak.date), expirations: peak.expirations, reminders: peak.reminders }) : '';
}
